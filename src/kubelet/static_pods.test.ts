import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  isMirrorPod,
  isStaticPod,
  mirrorPodFor,
  scanStaticPods,
  staticPodFromManifest,
} from './static_pods.js';

const seen = '2026-01-01T00:00:00.000Z';
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'etcd', labels: { tier: 'control-plane' } },
  spec: { containers: [{ name: 'etcd', image: 'busybox' }] },
};

test('a static pod is named after its node, bound to it, defaulted and hashed', () => {
  const pod = staticPodFromManifest(manifest, 'Node-1', seen);
  assert.equal(pod.metadata.name, 'etcd-node-1');
  assert.equal(pod.metadata.namespace, 'default');
  assert.equal(pod.spec.nodeName, 'Node-1');
  assert.equal(pod.spec.restartPolicy, 'Always');
  assert.equal(pod.spec.dnsPolicy, 'ClusterFirst');
  assert.equal(pod.spec.containers[0]!.imagePullPolicy, 'Always');
  assert.deepEqual(pod.spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
  assert.match(pod.metadata.uid!, /^[0-9a-f]{32}$/);
  assert.equal(pod.metadata.annotations!['kubernetes.io/config.hash'], pod.metadata.uid);
  assert.equal(pod.metadata.annotations!['kubernetes.io/config.source'], 'file');
  assert.equal(pod.metadata.annotations!['kubernetes.io/config.seen'], seen);
  assert.ok(isStaticPod(pod));
  assert.equal(staticPodFromManifest(manifest, 'Node-1', 'later').metadata.uid, pod.metadata.uid, 'stable');
  assert.notEqual(staticPodFromManifest(manifest, 'node-2', seen).metadata.uid, pod.metadata.uid, 'per node');
  const changed = { ...manifest, spec: { containers: [{ name: 'etcd', image: 'busybox:2' }] } };
  assert.notEqual(
    staticPodFromManifest(changed, 'Node-1', seen).metadata.uid,
    pod.metadata.uid,
    'per content',
  );
});

test('manifests that are not one v1 Pod are refused with a reason', () => {
  const table: Array<[unknown, RegExp]> = [
    [[], /not an object/],
    [{ ...manifest, kind: 'Deployment' }, /want a v1 Pod, got v1 Deployment/],
    [{ ...manifest, metadata: {} }, /metadata.name: Required value/],
    [{ ...manifest, spec: { containers: [] } }, /spec.containers: Required value/],
  ];
  for (const [obj, want] of table) assert.throws(() => staticPodFromManifest(obj, 'n', seen), want);
});

test('scanning a directory reads YAML and JSON, skips hidden and other files, reports bad ones', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-pods-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: kube-system}\nspec:\n  containers: [{name: c, image: busybox}]\n',
    );
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...manifest, metadata: { name: 'b' } }));
    fs.writeFileSync(path.join(dir, '.hidden.yaml'), 'garbage: [');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    fs.writeFileSync(path.join(dir, 'two.yaml'), 'kind: Pod\n---\nkind: Pod\n');
    fs.writeFileSync(
      path.join(dir, 'dup.yml'),
      'kind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: c, image: x}]}\n',
    );
    const scan = scanStaticPods(dir, 'n1', new Date(seen));
    assert.deepEqual(
      scan.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
      ['kube-system/a-n1', 'default/b-n1'],
    );
    assert.deepEqual(
      scan.errors.map((e) => [path.basename(e.file), e.message]),
      [
        ['dup.yml', 'pod default/b-n1 is already defined by another manifest'],
        ['two.yaml', 'want one pod per file, found 2 documents'],
      ],
    );
    assert.deepEqual(scanStaticPods(path.join(dir, 'missing'), 'n1', new Date()), { pods: [], errors: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the mirror pod keeps the spec, drops the UID, carries the hash and is owned by the node', () => {
  const pod = staticPodFromManifest(manifest, 'n1', seen);
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'node-uid' } };
  const mirror = mirrorPodFor(pod, node);
  assert.equal(mirror.metadata.uid, undefined);
  assert.equal(mirror.metadata.name, 'etcd-n1');
  assert.equal(mirror.metadata.annotations!['kubernetes.io/config.mirror'], pod.metadata.uid);
  assert.deepEqual(mirror.metadata.ownerReferences, [
    { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid', controller: true },
  ]);
  assert.deepEqual(mirror.spec, pod.spec);
  assert.ok(isMirrorPod(mirror));
  assert.ok(!isMirrorPod(pod));
});
