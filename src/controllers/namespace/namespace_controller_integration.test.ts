import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { WIDGETS, useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';

const cluster = useControllerCluster(['namespace']);

const gone = async (p: Promise<unknown>) => {
  try {
    await p;
    return false;
  } catch (err) {
    return err instanceof StatusError && err.code === 404;
  }
};

test('deleting a namespace deletes its content (built-in and custom) and then the namespace', async () => {
  const nss = new ResourceClient(cluster.tc.rest, Resources.namespaces);
  const cms = new ResourceClient(cluster.tc.rest, Resources.configmaps);
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const widgets = new ResourceClient(cluster.tc.rest, WIDGETS);
  await nss.create({ metadata: { name: 'doomed' } });
  await cms.create({ metadata: { name: 'c1', namespace: 'doomed' } });
  await cms.create({ metadata: { name: 'c2', namespace: 'doomed' } });
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'doomed' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };
  await pods.create(pod);
  await widgets.create({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'doomed' },
  });
  await nss.delete('', 'doomed');
  await waitFor(() => gone(nss.get('', 'doomed')), 'namespace removed');
  assert.equal((await cms.list('doomed')).items.length, 0);
  assert.equal((await widgets.list('doomed')).items.length, 0);
  assert.equal((await pods.list('doomed')).items.length, 0);
});

test('content held by a finalizer: NamespaceFinalizersRemaining, then finalized when released', async () => {
  const nss = new ResourceClient(cluster.tc.rest, Resources.namespaces);
  const cms = new ResourceClient(cluster.tc.rest, Resources.configmaps);
  await nss.create({ metadata: { name: 'held' } });
  await cms.create({ metadata: { name: 'kept', namespace: 'held', finalizers: ['example.com/keep'] } });
  await nss.delete('', 'held');
  await waitFor(async () => {
    const ns = await nss.get('', 'held');
    return (
      ns.status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ??
      false
    );
  }, 'finalizers condition');
  const ns = await nss.get('', 'held');
  assert.equal(ns.status?.phase, 'Terminating');
  const by = (t: string) => ns.status!.conditions!.find((c) => c.type === t)!;
  assert.equal(
    by('NamespaceContentRemaining').message,
    'Some resources are remaining: configmaps. has 1 resource instances',
  );
  assert.equal(
    by('NamespaceFinalizersRemaining').message,
    'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
  );
  assert.equal(by('NamespaceDeletionDiscoveryFailure').reason, 'ResourcesDiscovered');
  assert.deepEqual(ns.spec?.finalizers, ['kubernetes']);
  // Creating content in a terminating namespace is refused.
  await assert.rejects(cms.create({ metadata: { name: 'new', namespace: 'held' } }), /being terminated/);
  // A patch, not a read-modify-write: the controllers may be writing the object meanwhile.
  await cms.patch('held', 'kept', 'merge', { metadata: { finalizers: null } });
  await waitFor(() => gone(nss.get('', 'held')), 'namespace removed', 30_000);
});
