import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nowMicroTimestamp, nowTimestamp } from '../../api/object.js';
import type { Pod, Toleration } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';

const cluster = useControllerCluster(['nodelifecycle', 'taint-eviction-controller'], {
  settings: { nodeMonitorGracePeriodMs: 4000, nodeMonitorPeriodMs: 200 },
});

test('a node whose lease stops is Unknown and tainted; its pods are marked not ready and evicted', async () => {
  const nodes = new ResourceClient(cluster.tc.rest, Resources.nodes);
  const leases = new ResourceClient(cluster.tc.rest, Resources.leases);
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const now = () => nowTimestamp();
  let node = await nodes.create({ metadata: { name: 'worker-1' } });
  node = await nodes.updateStatus({
    ...node,
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now(),
          lastTransitionTime: now(),
        },
      ],
    },
  });
  let lease = await leases.create({
    metadata: { name: 'worker-1', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: nowMicroTimestamp() },
  });
  const mkPod = async (name: string, tolerations: Toleration[] = []): Promise<Pod> => {
    const p = await pods.create({
      metadata: { name, namespace: 'default' },
      spec: { nodeName: 'worker-1', tolerations, containers: [{ name: 'c', image: 'busybox' }] },
    });
    // A merge patch: the controllers may already be writing the pod.
    return pods.patch(
      'default',
      p.metadata.name!,
      'merge',
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      { subresource: 'status' },
    );
  };
  // Admission gives every pod 300 s of tolerance (DefaultTolerationSeconds); this one asks for none.
  await mkPod('intolerant', [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
  ]);
  await mkPod('patient', [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 },
  ]);
  await mkPod('stubborn', [{ operator: 'Exists' }]);

  // Renewing the lease keeps the node healthy past the grace period.
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 500));
    lease = await leases.update({ ...lease, spec: { ...lease.spec, renewTime: nowMicroTimestamp() } });
  }
  node = await nodes.get('', 'worker-1');
  assert.equal(node.status?.conditions?.[0]?.status, 'True');
  assert.deepEqual(node.spec?.taints ?? [], []);

  // Silence: Unknown, tainted, pods not ready, the intolerant pod evicted at once.
  await waitFor(
    async () => (await nodes.get('', 'worker-1')).status?.conditions?.[0]?.status === 'Unknown',
    'Unknown',
  );
  await waitFor(async () => ((await nodes.get('', 'worker-1')).spec?.taints ?? []).length === 2, 'taints');
  node = await nodes.get('', 'worker-1');
  const ready = node.status!.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual(
    [ready.reason, ready.message],
    ['NodeStatusUnknown', 'Kubelet stopped posting node status.'],
  );
  assert.deepEqual(node.spec!.taints!.map((t) => `${t.key}:${t.effect}`).sort(), [
    'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/unreachable:NoSchedule',
  ]);
  const terminating = async (name: string) =>
    (await pods.get('default', name)).metadata.deletionTimestamp != null;
  await waitFor(() => terminating('intolerant'), 'intolerant pod evicted');
  const evicted = await pods.get('default', 'intolerant');
  assert.equal(
    evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason,
    'DeletionByTaintManager',
  );
  await waitFor(() => terminating('patient'), 'patient pod evicted after 1 s');
  const stubborn = await pods.get('default', 'stubborn');
  assert.equal(stubborn.metadata.deletionTimestamp, undefined);
  await waitFor(
    async () =>
      (await pods.get('default', 'stubborn')).status?.conditions?.find((c) => c.type === 'Ready')?.status ===
      'False',
    'pod marked not ready',
  );
  const events = new ResourceClient(cluster.tc.rest, Resources.events);
  await waitFor(
    async () =>
      (await events.list('default')).items.some(
        (e) =>
          e.reason === 'TaintManagerEviction' && e.message === 'Marking for deletion Pod default/intolerant',
      ),
    'eviction event',
  );

  // The kubelet is back: Ready, taints removed.
  node = await nodes.get('', 'worker-1');
  await nodes.updateStatus({
    ...node,
    status: {
      ...node.status,
      conditions: node.status!.conditions!.map((c) =>
        c.type === 'Ready'
          ? {
              ...c,
              status: 'True',
              reason: 'KubeletReady',
              lastHeartbeatTime: now(),
              lastTransitionTime: now(),
            }
          : c,
      ),
    },
  });
  await waitFor(
    async () => ((await nodes.get('', 'worker-1')).spec?.taints ?? []).length === 0,
    'taints removed',
  );
});
