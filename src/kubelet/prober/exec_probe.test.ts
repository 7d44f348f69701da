import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CriError, GrpcCode } from '../cri/api.js';
import type { ExecSyncResult, RuntimeService } from '../cri/api.js';
import { execProbe, expandProbeCommand } from './exec_probe.js';

function runtime(
  exec: (id: string, cmd: string[], timeout: number) => Promise<ExecSyncResult>,
): RuntimeService {
  return { execSync: exec } as unknown as RuntimeService;
}

const result = (exitCode: number, stdout = '', stderr = ''): ExecSyncResult => ({
  exitCode,
  stdout: Buffer.from(stdout),
  stderr: Buffer.from(stderr),
});

test('exit 0 succeeds; the command, container and timeout reach the runtime', async () => {
  const calls: unknown[] = [];
  const rt = runtime(async (id, cmd, timeout) => {
    calls.push([id, cmd, timeout]);
    return result(0, 'fine');
  });
  assert.deepEqual(await execProbe(rt, 'c1', ['cat', '/tmp/ok'], 3), { result: 'success', output: 'fine' });
  assert.deepEqual(calls, [['c1', ['cat', '/tmp/ok'], 3]]);
});

test('a non-zero exit fails with stdout then stderr', async () => {
  const rt = runtime(async () => result(1, 'out ', 'cat: /tmp/ok: No such file or directory'));
  assert.deepEqual(await execProbe(rt, 'c1', ['cat', '/tmp/ok'], 1), {
    result: 'failure',
    output: 'out cat: /tmp/ok: No such file or directory',
  });
});

test('a runtime deadline is a timed-out failure; other runtime errors reject', async () => {
  const timedOut = runtime(async () => {
    throw new CriError(GrpcCode.DEADLINE_EXCEEDED, 'context deadline exceeded');
  });
  assert.deepEqual(await execProbe(timedOut, 'c1', ['sh', '-c', 'sleep 10'], 1), {
    result: 'failure',
    output: 'command "sh -c sleep 10" timed out',
  });
  const gone = runtime(async () => {
    throw new CriError(GrpcCode.NOT_FOUND, 'container not found');
  });
  await assert.rejects(execProbe(gone, 'c1', ['true'], 1), /container not found/);
});

test('$(VAR) in the command expands from literal env values only', () => {
  const container = {
    name: 'c',
    env: [
      { name: 'FILE', value: '/tmp/ok' },
      { name: 'SECRET', valueFrom: { fieldRef: { fieldPath: 'x' } } },
    ],
  };
  assert.deepEqual(expandProbeCommand(['cat', '$(FILE)', '$(SECRET)'], container), [
    'cat',
    '/tmp/ok',
    '$(SECRET)',
  ]);
});
