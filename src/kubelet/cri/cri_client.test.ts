import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CriClient, sandboxInfo } from './cri_client.js';

test("a sandbox's netns path and pid come from the runtime's verbose info", () => {
  const info = {
    info: JSON.stringify({
      pid: 4242,
      runtimeSpec: {
        linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: '/var/run/netns/cni-1' }] },
      },
    }),
  };
  assert.deepEqual(sandboxInfo(info), { netnsPath: '/var/run/netns/cni-1', pid: 4242 });
  assert.deepEqual(sandboxInfo({ info: JSON.stringify({ pid: 0, runtimeSpec: {} }) }), {
    netnsPath: undefined,
    pid: undefined,
  });
  assert.deepEqual(sandboxInfo({ info: 'not json' }), {});
  assert.deepEqual(sandboxInfo(undefined), {});
});

test('a runtime that is not there fails with UNAVAILABLE', async () => {
  const cri = new CriClient({ endpoint: '/nonexistent/kubets-test.sock', timeoutMs: 2000 });
  try {
    await assert.rejects(cri.version(), (err: { code?: number; name?: string }) => {
      assert.equal(err.name, 'CriError');
      assert.equal(err.code, 14);
      return true;
    });
  } finally {
    cri.close();
  }
});
