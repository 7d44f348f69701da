import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap, Secret } from '../../api/types/cluster.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { Payload } from './atomic_writer.js';
import { configMapPayload, downwardAPIPayload, secretPayload } from './payloads.js';

function flat(p: Payload): Record<string, [string, string]> {
  return Object.fromEntries([...p].map(([k, v]) => [k, [v.data.toString(), v.mode.toString(8)]]));
}

const cm = {
  metadata: { name: 'cfg' },
  data: { a: 'A', b: 'B' },
  binaryData: { bin: Buffer.from('\x00\x01').toString('base64') },
} as ConfigMap;
const secret = { metadata: { name: 's' }, data: { user: Buffer.from('admin').toString('base64') } } as Secret;

describe('configMapPayload', () => {
  it('projects every key with the default mode', () => {
    const p = configMapPayload(cm, undefined, 0o644, false);
    assert.deepEqual(flat(p), { a: ['A', '644'], b: ['B', '644'], bin: ['\x00\x01', '644'] });
  });
  it('projects items to their paths and modes', () => {
    const p = configMapPayload(
      cm,
      [
        { key: 'a', path: 'dir/a.txt', mode: 0o400 },
        { key: 'bin', path: 'b' },
      ],
      0o600,
      false,
    );
    assert.deepEqual(flat(p), { 'dir/a.txt': ['A', '400'], b: ['\x00\x01', '600'] });
  });
  it('a missing key is an error unless optional', () => {
    assert.throws(() => configMapPayload(cm, [{ key: 'zz', path: 'z' }], 0o644, false), {
      message: 'configmap references non-existent config key: zz',
    });
    assert.deepEqual(
      flat(
        configMapPayload(
          cm,
          [
            { key: 'zz', path: 'z' },
            { key: 'a', path: 'a' },
          ],
          0o644,
          true,
        ),
      ),
      {
        a: ['A', '644'],
      },
    );
  });
  it('a missing optional object is empty', () => {
    assert.equal(configMapPayload(undefined, undefined, 0o644, true).size, 0);
  });
});

describe('secretPayload', () => {
  it('decodes base64 data', () => {
    assert.deepEqual(flat(secretPayload(secret, undefined, 0o644, false)), { user: ['admin', '644'] });
  });
  it('a missing key names the secret key', () => {
    assert.throws(() => secretPayload(secret, [{ key: 'pw', path: 'pw' }], 0o644, false), {
      message: 'references non-existent secret key: pw',
    });
  });
});

describe('downwardAPIPayload', () => {
  const pod = {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      labels: { b: '2', a: 'x"y' },
      annotations: { note: 'hi' },
    },
    spec: {
      containers: [
        { name: 'c', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
      ],
    },
  } as unknown as Pod;
  const node = {
    metadata: { name: 'n' },
    status: { allocatable: { cpu: '4', memory: '8Gi' } },
  } as unknown as Node;

  it('writes metadata fields, labels and annotations sorted as key="value"', () => {
    const p = downwardAPIPayload(
      pod,
      [
        { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
        { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
        { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' }, mode: 0o400 },
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        { path: './one', fieldRef: { fieldPath: "metadata.labels['b']" } },
      ],
      0o644,
      undefined,
    );
    assert.deepEqual(flat(p), {
      name: ['p', '644'],
      ns: ['ns', '644'],
      uid: ['u1', '400'],
      labels: ['a="x\\"y"\nb="2"', '644'],
      annotations: ['note="hi"', '644'],
      one: ['2', '644'],
    });
  });

  it('writes resources with divisors; unset limits are the node allocatable', () => {
    const p = downwardAPIPayload(
      pod,
      [
        { path: 'rcpu', resourceFieldRef: { containerName: 'c', resource: 'requests.cpu', divisor: '1m' } },
        {
          path: 'rmem',
          resourceFieldRef: { containerName: 'c', resource: 'requests.memory', divisor: '1Mi' },
        },
        { path: 'lmem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory' } },
        { path: 'lcpu', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu' } },
      ],
      0o644,
      node,
    );
    assert.deepEqual(flat(p), {
      rcpu: ['250', '644'],
      rmem: ['64', '644'],
      lmem: [String(128 * 1024 * 1024), '644'],
      lcpu: ['4', '644'],
    });
  });

  it('an unknown container is an error', () => {
    assert.throws(
      () =>
        downwardAPIPayload(
          pod,
          [{ path: 'x', resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } }],
          0o644,
          node,
        ),
      /container "nope" not found/,
    );
  });
});
