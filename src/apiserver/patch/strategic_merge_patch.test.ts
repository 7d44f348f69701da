import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../api/status_error.js';
import type { JsonObject, JsonValue } from './json_value.js';
import { cloneJson } from './json_value.js';
import type { PatchMeta } from './patch_meta.js';
import { patchMetaForKind } from './patch_meta.js';
import { strategicMergePatch } from './strategic_merge_patch.js';

function metaFor(group: string, kind: string): PatchMeta {
  const meta = patchMetaForKind(group, kind);
  assert.ok(meta, `${group}/${kind} has patch metadata`);
  return meta;
}

const pod = metaFor('', 'Pod');
const deployment = metaFor('apps', 'Deployment');

const basePod: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    tolerations: [{ key: 'k1', operator: 'Exists' }],
  },
};

const baseDeployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};

interface Case {
  name: string;
  original: JsonObject;
  patch: JsonValue;
  meta: PatchMeta;
  /** The expected parts of the result: `path` (dotted) to value. */
  expect: Record<string, JsonValue | undefined>;
}

function at(value: JsonValue | undefined, path: string): JsonValue | undefined {
  let current = value;
  for (const part of path.split('.')) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : current[part];
  }
  return current;
}

const cases: Case[] = [
  {
    name: 'merges containers by name, updating one and appending a new one',
    original: basePod,
    patch: {
      spec: {
        containers: [
          { name: 'sidecar', image: 'side:2' },
          { name: 'extra', image: 'x:1' },
        ],
      },
    },
    meta: pod,
    expect: {
      'spec.containers': [
        { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] },
        { name: 'sidecar', image: 'side:2' },
        { name: 'extra', image: 'x:1' },
      ],
    },
  },
  {
    name: 'merges env by name inside a container',
    original: basePod,
    patch: {
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'B', value: '2' },
              { name: 'A', value: '9' },
            ],
          },
        ],
      },
    },
    meta: pod,
    expect: {
      'spec.containers.0.env': [
        { name: 'B', value: '2' },
        { name: 'A', value: '9' },
      ],
    },
  },
  {
    name: 'merges ports by containerPort',
    original: basePod,
    patch: {
      spec: {
        containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }],
      },
    },
    meta: pod,
    expect: { 'spec.containers.0.ports': [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] },
  },
  {
    name: 'patches env of a container inside a Deployment template',
    original: baseDeployment,
    patch: {
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }] }] } } },
    },
    meta: deployment,
    expect: {
      'spec.template.spec.containers.0.env': [
        { name: 'A', value: '1' },
        { name: 'B', value: 'two' },
      ],
      'spec.template.spec.containers.0.image': 'app:1',
    },
  },
  {
    name: 'replaces a list with $patch: replace',
    original: basePod,
    patch: { spec: { containers: [{ name: 'only', image: 'o:1' }, { $patch: 'replace' }] } },
    meta: pod,
    expect: { 'spec.containers': [{ name: 'only', image: 'o:1' }] },
  },
  {
    name: 'replaces a map with $patch: replace',
    original: basePod,
    patch: { metadata: { labels: { $patch: 'replace', app: 'api' } } },
    meta: pod,
    expect: { 'metadata.labels': { app: 'api' } },
  },
  {
    name: 'empties a map with $patch: delete',
    original: basePod,
    patch: { metadata: { labels: { $patch: 'delete' } } },
    meta: pod,
    expect: { 'metadata.labels': {} },
  },
  {
    name: 'deletes a list item with $patch: delete',
    original: basePod,
    patch: { spec: { containers: [{ name: 'app', $patch: 'delete' }] } },
    meta: pod,
    expect: { 'spec.containers': [{ name: 'sidecar', image: 'side:1' }] },
  },
  {
    name: 'null deletes a map key',
    original: basePod,
    patch: { metadata: { labels: { tier: null } } },
    meta: pod,
    expect: { 'metadata.labels': { app: 'web' } },
  },
  {
    name: 'null for a key the original lacks is dropped',
    original: basePod,
    patch: { metadata: { annotations: { a: null, b: 'x' } } },
    meta: pod,
    expect: { 'metadata.annotations': { b: 'x' } },
  },
  {
    name: 'replaces a list without a merge strategy (tolerations)',
    original: basePod,
    patch: { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }] } },
    meta: pod,
    expect: { 'spec.tolerations': [{ key: 'k2', operator: 'Exists' }] },
  },
  {
    name: 'unions finalizers (a merge list of scalars)',
    original: basePod,
    patch: { metadata: { finalizers: ['b', 'c'] } },
    meta: pod,
    expect: { 'metadata.finalizers': ['a', 'b', 'c'] },
  },
  {
    name: 'puts new finalizers before the ones only the server has, as upstream does',
    original: basePod,
    patch: { metadata: { finalizers: ['c'] } },
    meta: pod,
    expect: { 'metadata.finalizers': ['c', 'a', 'b'] },
  },
  {
    name: 'removes finalizers with $deleteFromPrimitiveList',
    original: basePod,
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    meta: pod,
    expect: { 'metadata.finalizers': ['b'] },
  },
  {
    name: 'ignores $deleteFromPrimitiveList for a list the original lacks',
    original: { metadata: { name: 'x' } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
    meta: pod,
    expect: { 'metadata.finalizers': undefined, 'metadata.name': 'x' },
  },
  {
    name: 'reorders a merge list with $setElementOrder',
    original: basePod,
    patch: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } },
    meta: pod,
    expect: {
      'spec.containers.0.name': 'sidecar',
      'spec.containers.1.name': 'app',
      'spec.containers.1.image': 'app:1',
    },
  },
  {
    name: '$setElementOrder orders patched and new items together',
    original: basePod,
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'new' }, { name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'new', image: 'n:1' }],
      },
    },
    meta: pod,
    expect: {
      'spec.containers.0.name': 'new',
      'spec.containers.1.name': 'app',
      'spec.containers.2.name': 'sidecar',
    },
  },
  {
    name: '$retainKeys clears the keys it does not name (Deployment strategy)',
    original: baseDeployment,
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    meta: deployment,
    expect: { 'spec.strategy': { type: 'Recreate' } },
  },
  {
    name: '$retainKeys on a volume (merge,retainKeys list) swaps its source',
    original: baseDeployment,
    patch: {
      spec: {
        template: {
          spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'c' } }] },
        },
      },
    },
    meta: deployment,
    expect: { 'spec.template.spec.volumes': [{ name: 'data', configMap: { name: 'c' } }] },
  },
  {
    name: 'merges Service ports by port',
    original: { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
    patch: { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    meta: metaFor('', 'Service'),
    expect: { 'spec.ports': [{ port: 80, targetPort: 9090 }, { port: 443 }] },
  },
  {
    name: 'merges ownerReferences by uid (a patch naming only new items puts them first)',
    original: { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }] } },
    patch: { metadata: { ownerReferences: [{ uid: 'u2', name: 'b' }] } },
    meta: metaFor('apps', 'ReplicaSet'),
    expect: {
      'metadata.ownerReferences': [
        { uid: 'u2', name: 'b' },
        { uid: 'u1', name: 'a' },
      ],
    },
  },
  {
    name: 'merges status conditions by type',
    original: {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    meta: pod,
    expect: {
      'status.conditions': [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
    },
  },
  {
    name: 'merges containers of a CronJob job template',
    original: {
      spec: {
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'c', image: 'c:1', args: ['a'] }] } } },
        },
      },
    },
    patch: {
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'c:2' }] } } } } },
    },
    meta: metaFor('batch', 'CronJob'),
    expect: { 'spec.jobTemplate.spec.template.spec.containers': [{ name: 'c', image: 'c:2', args: ['a'] }] },
  },
  {
    name: 'drops nulls and $patch objects from a value the original lacks',
    original: { spec: {} },
    patch: {
      spec: {
        affinity: { nodeAffinity: null, podAffinity: { x: 1 } },
        containers: [{ name: 'a', $patch: 'delete' }],
      },
    },
    meta: pod,
    expect: { 'spec.affinity': { podAffinity: { x: 1 } }, 'spec.containers': [] },
  },
  {
    name: 'a null patch changes nothing',
    original: basePod,
    patch: null,
    meta: pod,
    expect: { 'metadata.labels': { app: 'web', tier: 'front' } },
  },
  {
    name: 'a scalar replaces a map and a map replaces a scalar',
    original: { spec: { a: { b: 1 }, c: 'x' } },
    patch: { spec: { a: 'flat', c: { d: 2 } } },
    meta: pod,
    expect: { 'spec.a': 'flat', 'spec.c': { d: 2 } },
  },
  {
    name: 'strips leftover directives from adopted list items',
    original: { spec: { tolerations: [{ key: 'a' }] } },
    patch: { spec: { tolerations: [{ key: 'b', $patch: 'delete' }] } },
    meta: pod,
    expect: { 'spec.tolerations': [{ key: 'b' }] },
  },
];

for (const c of cases) {
  test(`strategicMergePatch: ${c.name}`, () => {
    const original = cloneJson(c.original);
    const patch = cloneJson(c.patch);
    const result = strategicMergePatch(original, patch, c.meta);
    for (const [path, expected] of Object.entries(c.expect)) {
      assert.deepEqual(at(result, path), expected, path);
    }
    assert.deepEqual(original, c.original, 'the original is not modified');
    assert.deepEqual(patch, c.patch, 'the patch is not modified');
  });
}

interface ErrorCase {
  name: string;
  original?: JsonObject;
  patch: JsonValue;
  code: number;
  reason?: string;
  message: string;
}

const errorCases: ErrorCase[] = [
  {
    name: 'a patch that is not an object',
    patch: [{ op: 'add' }],
    code: 400,
    reason: 'BadRequest',
    message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
  {
    name: 'a merge list item without its merge key',
    patch: { spec: { containers: [{ image: 'nginx' }] } },
    code: 500,
    message: 'map: map[image:nginx] does not contain declared merge key: name',
  },
  {
    name: 'an unknown $patch on a map',
    patch: { metadata: { labels: { $patch: 'merge', a: 'b' } } },
    code: 500,
    message: 'unknown patch type: merge in map: map[$patch:merge a:b]',
  },
  {
    name: '$patch: merge in a list',
    patch: { spec: { containers: [{ name: 'app', $patch: 'merge' }] } },
    code: 500,
    message: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: '$retainKeys that is not a list',
    patch: { spec: { $retainKeys: 'containers' } },
    code: 400,
    reason: 'BadRequest',
    message: 'invalid patch format of retainKeys',
  },
  {
    name: 'a patched key missing from $retainKeys',
    patch: { metadata: { $retainKeys: ['name'], labels: { a: 'b' } } },
    code: 400,
    reason: 'BadRequest',
    message: 'invalid patch format of retainKeys',
  },
  {
    name: 'a $deleteFromPrimitiveList key without a field',
    patch: { metadata: { $deleteFromPrimitiveList: ['a'] } },
    code: 400,
    reason: 'BadRequest',
    message: 'invalid patch format of primitive list',
  },
  {
    name: 'a $setElementOrder key without a field',
    patch: { spec: { $setElementOrderContainers: [{ name: 'app' }] } },
    code: 400,
    reason: 'BadRequest',
    message: 'invalid patch format of setElementOrder list',
  },
  {
    name: 'a $setElementOrder that is not a list',
    patch: { spec: { '$setElementOrder/containers': 'app' } },
    code: 500,
    message: 'expected a []interface {}, but received a string',
  },
  {
    name: 'a patch list in an order $setElementOrder contradicts',
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'sidecar' }, { name: 'app' }],
      },
    },
    code: 500,
    message:
      "The order in patch list:\n[map[name:sidecar] map[name:app]]\n doesn't match $setElementOrder list:\n[map[name:app] map[name:sidecar]]\n",
  },
  {
    name: 'a list of lists in a merge list',
    original: { metadata: { finalizers: [] } },
    patch: { metadata: { finalizers: [['a']] } },
    code: 422,
    reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
  },
  {
    name: 'mixed item types in a merge list',
    patch: { metadata: { finalizers: [1] } },
    code: 500,
    message: 'list element types are not identical: [[a b] [1]]',
  },
];

for (const c of errorCases) {
  test(`strategicMergePatch rejects ${c.name}`, () => {
    assert.throws(
      () => strategicMergePatch(c.original ?? basePod, c.patch, pod),
      (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, c.code);
        assert.equal(err.message, c.message);
        assert.equal(err.toStatus().reason, c.reason);
        return true;
      },
    );
  });
}

test('strategicMergePatch: custom resources have no patch metadata', () => {
  assert.equal(patchMetaForKind('example.com', 'Widget'), undefined);
  assert.equal(patchMetaForKind('apps', 'Widget'), undefined);
});
