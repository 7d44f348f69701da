import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { nodeIpamController } from '../nodeipam/node_ipam_controller.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';
import { podGCController } from './podgc_controller.js';

const cluster = useControllerCluster(['*'], {
  settings: { terminatedPodGCThreshold: 1, clusterCIDR: '10.50.0.0/23', nodeCIDRMaskSize: 24 },
  descriptors: [podGCController({ periodMs: 100, quarantineMs: 300 }), nodeIpamController],
});

test('nodeipam: each node gets its own podCIDR; exhaustion is an event; deletion frees the CIDR', async () => {
  const nodes = new ResourceClient(cluster.tc.rest, Resources.nodes);
  await nodes.create({ metadata: { name: 'ipam-1' } });
  await nodes.create({ metadata: { name: 'ipam-2' } });
  const cidrs = async () =>
    (await nodes.list()).items
      .map((n) => n.spec?.podCIDR)
      .filter(Boolean)
      .sort();
  await waitFor(async () => (await cidrs()).length === 2, 'two podCIDRs');
  assert.deepEqual(await cidrs(), ['10.50.0.0/24', '10.50.1.0/24']);
  const n1 = await nodes.get('', 'ipam-1');
  assert.deepEqual(n1.spec?.podCIDRs, [n1.spec?.podCIDR]);
  await nodes.create({ metadata: { name: 'ipam-3' } });
  const events = new ResourceClient(cluster.tc.rest, Resources.events);
  await waitFor(
    async () =>
      (await events.list('default')).items.some(
        (e) => e.reason === 'CIDRNotAvailable' && e.message === 'Node ipam-3 status is now: CIDRNotAvailable',
      ),
    'CIDRNotAvailable event',
  );
  await nodes.delete('', 'ipam-1');
  await waitFor(
    async () => (await nodes.get('', 'ipam-3')).spec?.podCIDR === n1.spec?.podCIDR,
    'freed CIDR reused',
    30_000,
  );
});

test('podgc: pods of a deleted node and terminated pods past the threshold are removed', async () => {
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const mk = async (
    name: string,
    nodeName: string | undefined,
    phase: 'Running' | 'Succeeded',
  ): Promise<Pod> => {
    const p = await pods.create({
      metadata: { name, namespace: 'default' },
      spec: { nodeName, restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] },
    });
    return pods.updateStatus({ ...p, status: { phase } });
  };
  await mk('orphan', 'no-such-node', 'Running');
  await mk('done-1', 'ipam-2', 'Succeeded');
  await new Promise((r) => setTimeout(r, 1100)); // distinct creation seconds
  await mk('done-2', 'ipam-2', 'Succeeded');
  const names = async () => (await pods.list('default')).items.map((p) => p.metadata.name).sort();
  await waitFor(async () => !(await names()).includes('orphan'), 'orphan collected');
  await waitFor(async () => !(await names()).includes('done-1'), 'oldest terminated pod collected');
  assert.ok((await names()).includes('done-2'));
});
