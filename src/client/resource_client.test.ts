import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { StatusError } from '../api/status_error.js';
import type { Pod } from '../api/types/pod.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster } from '../../test/fixtures/test_cluster.js';
import { ResourceClient } from './resource_client.js';
import { Resources, resourcePath } from './resource_type.js';
import type { WatchEvent } from './watch_stream.js';

let tc: TestCluster;
let pods: ResourceClient<Pod>;

before(async () => {
  tc = await startTestCluster();
  pods = new ResourceClient(tc.rest, Resources.pods);
});
after(() => tc.stop());

const pod = (name: string, labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

test('resourcePath builds core, group, namespaced, cluster and subresource paths', () => {
  assert.equal(resourcePath(Resources.pods, 'ns', 'p', 'binding'), '/api/v1/namespaces/ns/pods/p/binding');
  assert.equal(resourcePath(Resources.pods), '/api/v1/pods');
  assert.equal(resourcePath(Resources.nodes, 'ignored', 'n1'), '/api/v1/nodes/n1');
  assert.equal(resourcePath(Resources.deployments, 'a'), '/apis/apps/v1/namespaces/a/deployments');
});

test('create, get, list with selectors, update, patch, status and delete', async () => {
  const created = await pods.create(pod('rc-a', { app: 'x' }));
  assert.equal(created.metadata.namespace, 'default');
  assert.ok(created.metadata.uid);
  await pods.create(pod('rc-b', { app: 'y' }));
  const got = await pods.get('default', 'rc-a');
  assert.equal(got.metadata.uid, created.metadata.uid);
  const list = await pods.list('default', { labelSelector: 'app=x' });
  assert.deepEqual(
    list.items.map((p) => p.metadata.name),
    ['rc-a'],
  );
  const byField = await pods.list('', { fieldSelector: 'metadata.name=rc-b' });
  assert.deepEqual(
    byField.items.map((p) => p.metadata.name),
    ['rc-b'],
  );
  const updated = await pods.update({ ...got, metadata: { ...got.metadata, labels: { app: 'z' } } });
  assert.equal(updated.metadata.labels?.app, 'z');
  // A stale resourceVersion conflicts.
  await assert.rejects(
    pods.update(got),
    (e: unknown) => e instanceof StatusError && e.code === 409 && e.reason === 'Conflict',
  );
  const patched = await pods.patch('default', 'rc-a', 'merge', { metadata: { annotations: { a: '1' } } });
  assert.equal(patched.metadata.annotations?.a, '1');
  const withStatus = await pods.updateStatus({ ...patched, status: { phase: 'Running' } });
  assert.equal(withStatus.status?.phase, 'Running');
  await pods.delete('default', 'rc-a', { gracePeriodSeconds: 0 });
  await assert.rejects(
    pods.get('default', 'rc-a'),
    (e: unknown) => e instanceof StatusError && e.code === 404 && e.reason === 'NotFound',
  );
});

test('invalid objects fail with the Invalid status and its causes', async () => {
  const bad = pod('Bad_Name');
  await assert.rejects(pods.create(bad), (e: unknown) => {
    assert.ok(e instanceof StatusError);
    assert.equal(e.code, 422);
    assert.equal(e.reason, 'Invalid');
    assert.ok(e.details?.causes?.some((c) => c.field === 'metadata.name'));
    return true;
  });
});

test('watch yields events from a revision and ends on abort', async () => {
  const start = await pods.list('default');
  const ac = new AbortController();
  const seen: WatchEvent<Pod>[] = [];
  const done = (async () => {
    try {
      for await (const ev of pods.watch('default', {
        resourceVersion: start.metadata.resourceVersion,
        signal: ac.signal,
      })) {
        seen.push(ev);
        if (seen.length === 2) ac.abort();
      }
    } catch (err) {
      if (!ac.signal.aborted) throw err;
    }
  })();
  await pods.create(pod('w-1'));
  await pods.delete('default', 'w-1', { gracePeriodSeconds: 0 });
  await done;
  assert.deepEqual(
    seen.map((e) => [e.type, e.object.metadata.name]),
    [
      ['ADDED', 'w-1'],
      ['DELETED', 'w-1'],
    ],
  );
});

test('binding subresource assigns a node', async () => {
  await pods.create(pod('to-bind'));
  await pods.createSubresource('default', 'to-bind', 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'to-bind' },
    target: { kind: 'Node', name: 'node-1' },
  });
  assert.equal((await pods.get('default', 'to-bind')).spec.nodeName, 'node-1');
});
