import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from './json_value.js';
import { cloneJson } from './json_value.js';
import type { PatchMeta } from './patch_meta.js';
import { patchMetaForKind } from './patch_meta.js';
import { createThreeWayMergePatch, createTwoWayMergePatch } from './strategic_diff.js';
import { strategicMergePatch } from './strategic_merge_patch.js';

function metaFor(group: string, kind: string): PatchMeta {
  const meta = patchMetaForKind(group, kind);
  assert.ok(meta);
  return meta;
}

const pod = metaFor('', 'Pod');
const deployment = metaFor('apps', 'Deployment');

const podV1: JsonObject = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
      { name: 'sidecar', image: 'side:1' },
    ],
  },
};

interface TwoWayCase {
  name: string;
  meta: PatchMeta;
  original: JsonObject;
  modified: JsonObject;
  /** The exact patch upstream computes, when the case pins it. */
  patch?: JsonObject;
}

function edit(base: JsonObject, change: (copy: JsonObject) => void): JsonObject {
  const copy = cloneJson(base);
  change(copy);
  return copy;
}

const spec = (o: JsonObject) => o.spec as JsonObject;
const containers = (o: JsonObject) => spec(o).containers as JsonObject[];
const metadata = (o: JsonObject) => o.metadata as JsonObject;

const twoWayCases: TwoWayCase[] = [
  {
    name: 'a changed container image',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      (containers(o)[0] as JsonObject).image = 'app:2';
    }),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'app', image: 'app:2' }],
      },
    },
  },
  {
    name: 'a removed container',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      containers(o).pop();
    }),
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }],
        containers: [{ name: 'sidecar', $patch: 'delete' }],
      },
    },
  },
  {
    name: 'a removed finalizer and label',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      metadata(o).finalizers = ['b'];
      delete (metadata(o).labels as JsonObject).tier;
    }),
    patch: {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['a'],
        '$setElementOrder/finalizers': ['b'],
        labels: { tier: null },
      },
    },
  },
  {
    name: 'a Deployment strategy switched to Recreate (retainKeys)',
    meta: deployment,
    original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
    modified: { spec: { strategy: { type: 'Recreate' } } },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
  },
  {
    name: 'no change',
    meta: pod,
    original: podV1,
    modified: cloneJson(podV1),
    patch: {},
  },
  {
    name: 'reordered containers with a new env var',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      containers(o).reverse();
      ((containers(o)[1] as JsonObject).env as JsonObject[]).push({ name: 'B', value: '2' });
    }),
  },
  {
    name: 'an added container, port and volume',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      containers(o).push({ name: 'extra', image: 'x:1', ports: [{ containerPort: 8080 }] });
      spec(o).volumes = [{ name: 'data', emptyDir: {} }];
    }),
  },
  {
    name: 'a volume whose source changed',
    meta: pod,
    original: edit(podV1, (o) => {
      spec(o).volumes = [{ name: 'data', emptyDir: {} }];
    }),
    modified: edit(podV1, (o) => {
      spec(o).volumes = [{ name: 'data', configMap: { name: 'cfg' } }];
    }),
  },
];

for (const c of twoWayCases) {
  test(`createTwoWayMergePatch: ${c.name}`, () => {
    const original = cloneJson(c.original);
    const modified = cloneJson(c.modified);
    const patch = createTwoWayMergePatch(original, modified, c.meta);
    if (c.patch) assert.deepEqual(patch, c.patch);
    assert.deepEqual(
      strategicMergePatch(c.original, patch, c.meta),
      c.modified,
      'the patch turns original into modified',
    );
    assert.deepEqual(original, c.original, 'original is not modified');
    assert.deepEqual(modified, c.modified, 'modified is not modified');
  });
}

interface ThreeWayCase {
  name: string;
  meta: PatchMeta;
  /** The last applied configuration. */
  original: JsonObject;
  /** The new configuration. */
  modified: JsonObject;
  /** The live object. */
  current: JsonObject;
  /** The live object after the patch. */
  expected: JsonObject;
  patch?: JsonObject;
}

const threeWayCases: ThreeWayCase[] = [
  {
    name: 'keeps labels others added, deletes those the user removed',
    meta: pod,
    original: { metadata: { labels: { a: '1' } } },
    modified: { metadata: { labels: { b: '2' } } },
    current: { metadata: { labels: { a: '1', c: '3' } } },
    expected: { metadata: { labels: { b: '2', c: '3' } } },
    patch: { metadata: { labels: { a: null, b: '2' } } },
  },
  {
    name: 'deletes a container the user removed and keeps an injected one',
    meta: pod,
    original: podV1,
    modified: edit(podV1, (o) => {
      containers(o).pop();
      (containers(o)[0] as JsonObject).image = 'app:2';
    }),
    current: edit(podV1, (o) => {
      containers(o).push({ name: 'injected', image: 'i:1' });
      spec(o).nodeName = 'node-1';
    }),
    expected: edit(podV1, (o) => {
      spec(o).containers = [
        { name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }] },
        { name: 'injected', image: 'i:1' },
      ];
      spec(o).nodeName = 'node-1';
    }),
  },
  {
    name: 'replicas changed by the user win over the live value',
    meta: deployment,
    original: { spec: { replicas: 2 } },
    modified: { spec: { replicas: 5 } },
    current: { spec: { replicas: 3, paused: false } },
    expected: { spec: { replicas: 5, paused: false } },
    patch: { spec: { replicas: 5 } },
  },
  {
    name: 'a finalizer the user removed is removed from the live list',
    meta: pod,
    original: { metadata: { finalizers: ['a', 'b'] } },
    modified: { metadata: { finalizers: ['b'] } },
    current: { metadata: { finalizers: ['a', 'b', 'z'] } },
    expected: { metadata: { finalizers: ['b', 'z'] } },
  },
];

for (const c of threeWayCases) {
  test(`createThreeWayMergePatch: ${c.name}`, () => {
    const inputs = cloneJson([c.original, c.modified, c.current]);
    const patch = createThreeWayMergePatch(c.original, c.modified, c.current, c.meta);
    if (c.patch) assert.deepEqual(patch, c.patch);
    assert.deepEqual(strategicMergePatch(c.current, patch, c.meta), c.expected);
    assert.deepEqual([c.original, c.modified, c.current], inputs, 'inputs are not modified');
  });
}
