import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ContainerStatus } from './cri/api.js';
import { CriLabel, MANAGED_BY } from './labels.js';
import type { RuntimePodStatus } from './runtime_pod_status.js';
import { podRuntimeSignature, runtimeSignature, toRuntimeContainer } from './runtime_pod_status.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-rtstatus-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function exited(
  name: string,
  exitCode: number,
  policy: 'File' | 'FallbackToLogsOnError',
  files: { message?: string; log?: string },
): ContainerStatus {
  const msgFile = path.join(dir, `${name}-termination-log`);
  if (files.message !== undefined) fs.writeFileSync(msgFile, files.message);
  const logFile = path.join(dir, `${name}.log`);
  fs.writeFileSync(logFile, files.log ?? '');
  return {
    id: `id-${name}`,
    metadata: { name, attempt: 0 },
    state: 'CONTAINER_EXITED',
    createdAt: 1,
    startedAt: 2,
    finishedAt: 3,
    exitCode,
    image: { image: 'busybox' },
    imageRef: 'sha256:x',
    labels: { [CriLabel.managedBy]: MANAGED_BY, [CriLabel.podUid]: 'u1', [CriLabel.containerName]: name },
    annotations: {
      [CriLabel.terminationMessagePath]: '/dev/termination-log',
      [CriLabel.terminationMessagePolicy]: policy,
    },
    mounts: [{ containerPath: '/dev/termination-log', hostPath: msgFile }],
    logPath: logFile,
  };
}

const LOG = [
  '2024-05-01T10:00:00.000000001Z stdout F one',
  '2024-05-01T10:00:00.000000002Z stderr P tw',
  '2024-05-01T10:00:00.000000003Z stderr F o',
  '',
].join('\n');

describe('toRuntimeContainer termination message', () => {
  it('reads the file the container wrote at its terminationMessagePath', () => {
    const c = toRuntimeContainer(exited('a', 0, 'File', { message: 'all done' }), 'sb');
    assert.equal(c?.message, 'all done');
  });

  it('keeps at most the last 4096 bytes of the file', () => {
    const c = toRuntimeContainer(exited('b', 1, 'File', { message: `${'x'.repeat(5000)}END` }), 'sb');
    assert.equal(c?.message?.length, 4096);
    assert.ok(c?.message?.endsWith('END'));
  });

  it('falls back to the log tail for a failed container under FallbackToLogsOnError', () => {
    const c = toRuntimeContainer(exited('c', 2, 'FallbackToLogsOnError', { message: '', log: LOG }), 'sb');
    assert.equal(c?.message, 'one\ntwo');
  });

  it('does not fall back for a container that succeeded, nor under the File policy', () => {
    assert.equal(
      toRuntimeContainer(exited('d', 0, 'FallbackToLogsOnError', { log: LOG }), 'sb')?.message,
      undefined,
    );
    assert.equal(toRuntimeContainer(exited('e', 2, 'File', { log: LOG }), 'sb')?.message, undefined);
  });

  it('prefers the file over the log when both exist', () => {
    const c = toRuntimeContainer(
      exited('f', 2, 'FallbackToLogsOnError', { message: 'from file', log: LOG }),
      'sb',
    );
    assert.equal(c?.message, 'from file');
  });

  it('reads nothing for a running container', () => {
    const s = { ...exited('g', 0, 'File', { message: 'early' }), state: 'CONTAINER_RUNNING' as const };
    assert.equal(toRuntimeContainer(s, 'sb')?.message, undefined);
  });
});

describe('runtimeSignature', () => {
  const sb = { id: 'sb1', state: 'SANDBOX_READY' as const };
  const c = { id: 'c1', state: 'CONTAINER_RUNNING' as const };
  it('ignores the order of sandboxes and containers', () =>
    assert.equal(runtimeSignature([sb, c]), runtimeSignature([c, sb])));
  it('changes with a state', () =>
    assert.notEqual(runtimeSignature([sb, c]), runtimeSignature([sb, { ...c, state: 'CONTAINER_EXITED' }])));
  it('changes with a new container instance', () =>
    assert.notEqual(
      runtimeSignature([sb, c]),
      runtimeSignature([sb, c, { id: 'c2', state: 'CONTAINER_CREATED' }]),
    ));
  it('is the same for a list entry and the status read back of one pod', () => {
    const status: RuntimePodStatus = {
      uid: 'u',
      name: 'p',
      namespace: 'ns',
      sandboxes: [{ ...sb, metadata: { name: 'p', namespace: 'ns', uid: 'u', attempt: 0 }, createdAt: 1 }],
      containers: [
        {
          ...c,
          metadata: { name: 'c', attempt: 0 },
          createdAt: 1,
          startedAt: 2,
          finishedAt: 0,
          exitCode: 0,
          image: { image: 'busybox' },
          imageRef: 'sha256:x',
          name: 'c',
          restartCount: 0,
          hash: 'h',
          podSandboxId: 'sb1',
        },
      ],
    };
    assert.equal(podRuntimeSignature(status), runtimeSignature([c, sb]));
  });
});
