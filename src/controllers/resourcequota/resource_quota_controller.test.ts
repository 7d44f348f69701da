import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { ResourceQuota } from '../../api/types/resource_quota.js';
import { FakeClock } from '../../client/clock.js';
import type { ObjectLister } from './resource_quota_controller.js';
import { ResourceQuotaReconciler } from './resource_quota_controller.js';

const pod = (name: string, cpu: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns' },
  spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }] },
});

function reconcilerFor(quota: ResourceQuota, objects: Record<string, KubeObject[]>) {
  const writes: ResourceQuota[] = [];
  const listed: string[] = [];
  const list: ObjectLister = async (group, resource) => {
    const key = group ? `${resource}.${group}` : resource;
    listed.push(key);
    return objects[key] ?? null;
  };
  const reconciler = new ResourceQuotaReconciler(
    { get: (key) => (key === 'ns/q' ? quota : undefined) },
    list,
    {
      updateStatus: async (q: ResourceQuota) => {
        writes.push(q);
        return q;
      },
    },
    new FakeClock(),
  );
  return { reconciler, writes, listed };
}

test('reconcile: status carries hard and the usage of the listed objects', async () => {
  const hard = { pods: '5', 'requests.cpu': '2', 'count/widgets.example.com': '3', foo: '1' };
  const quota: ResourceQuota = {
    metadata: { name: 'q', namespace: 'ns' },
    spec: { hard },
    status: { hard: { pods: '5' }, used: { foo: '1', pods: '9', gone: '4' } },
  };
  const { reconciler, writes, listed } = reconcilerFor(quota, {
    pods: [pod('a', '250m'), pod('b', '500m')],
  });
  assert.deepEqual(await reconciler.reconcile({ namespace: 'ns', name: 'q' }), { requeueAfterMs: 300_000 });
  assert.deepEqual(listed.sort(), ['pods', 'widgets.example.com']);
  assert.equal(writes.length, 1);
  // foo: no evaluator tracks it, its recorded value stays; the unserved widgets are left out.
  assert.deepEqual(writes[0]?.status, { hard, used: { foo: '1', pods: '2', 'requests.cpu': '750m' } });
});

test('reconcile: nothing is written when the status is current; a gone quota is dropped', async () => {
  const hard = { configmaps: '2' };
  const quota: ResourceQuota = {
    metadata: { name: 'q', namespace: 'ns' },
    spec: { hard },
    status: { hard, used: { configmaps: '1' } },
  };
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' } };
  const current = reconcilerFor(quota, { configmaps: [cm] });
  await current.reconciler.reconcile({ namespace: 'ns', name: 'q' });
  assert.equal(current.writes.length, 0);
  assert.deepEqual(await current.reconciler.reconcile({ namespace: 'ns', name: 'other' }), {});

  const deleted = new ResourceQuotaReconciler(
    { get: () => quota },
    async () => [],
    {
      updateStatus: async () => {
        throw new StatusError(404, 'NotFound', 'gone');
      },
    },
    new FakeClock(),
  );
  assert.deepEqual(await deleted.reconcile({ namespace: 'ns', name: 'q' }), {});
});
