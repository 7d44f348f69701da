import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { EndpointSlice } from '../../api/types/service.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';

const cluster = useControllerCluster(['endpoint', 'endpointslice', 'endpointslicemirroring']);

const SLICE_OWNER = 'endpointslice.kubernetes.io/managed-by';

async function runningPod(name: string, ip: string, ready: boolean): Promise<Pod> {
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const p = await pods.create({
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'http', containerPort: 8080 }] }],
    },
  });
  return setReady(p, ip, ready);
}

async function setReady(p: Pod, ip: string, ready: boolean): Promise<Pod> {
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const cur = await pods.get('default', p.metadata.name!);
  return pods.updateStatus({
    ...cur,
    status: {
      ...cur.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
        },
      ],
    },
  });
}

test('a service with a selector gets Endpoints and an EndpointSlice that follow its pods', async () => {
  const services = new ResourceClient(cluster.tc.rest, Resources.services);
  const endpoints = new ResourceClient(cluster.tc.rest, Resources.endpoints);
  const slices = new ResourceClient(cluster.tc.rest, Resources.endpointslices);
  const svc = await services.create({
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  const p1 = await runningPod('web-1', '10.42.0.11', true);
  await runningPod('web-2', '10.42.0.12', false);
  await waitFor(async () => {
    const ep = await endpoints.get('default', 'web').catch(() => undefined);
    return ep?.subsets?.[0]?.addresses?.length === 1 && ep.subsets[0].notReadyAddresses?.length === 1;
  }, 'endpoints');
  const ep = await endpoints.get('default', 'web');
  assert.deepEqual(ep.subsets, [
    {
      addresses: [
        {
          ip: '10.42.0.11',
          nodeName: 'node-1',
          targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: p1.metadata.uid },
        },
      ],
      notReadyAddresses: [
        {
          ip: '10.42.0.12',
          nodeName: 'node-1',
          targetRef: {
            kind: 'Pod',
            namespace: 'default',
            name: 'web-2',
            uid: ep.subsets![0]!.notReadyAddresses![0]!.targetRef!.uid,
          },
        },
      ],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ]);
  assert.ok(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);

  const webSlices = async () =>
    (await slices.list('default', { labelSelector: 'kubernetes.io/service-name=web' })).items;
  await waitFor(async () => (await webSlices())[0]?.endpoints?.length === 2, 'slice');
  const [slice] = await webSlices();
  assert.match(slice!.metadata.name!, /^web-[a-z0-9]{5}$/);
  assert.equal(slice!.metadata.labels?.[SLICE_OWNER], 'endpointslice-controller.k8s.io');
  assert.equal(slice!.metadata.ownerReferences?.[0]?.uid, svc.metadata.uid);
  assert.deepEqual(slice!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const byName = (s: EndpointSlice, n: string) => s.endpoints!.find((e) => e.targetRef?.name === n)!;
  assert.deepEqual(byName(slice!, 'web-2').conditions, { ready: false, serving: false, terminating: false });

  // web-2 becomes ready: both follow, and nothing more is written once settled.
  await setReady(
    await new ResourceClient(cluster.tc.rest, Resources.pods).get('default', 'web-2'),
    '10.42.0.12',
    true,
  );
  await waitFor(
    async () => (await endpoints.get('default', 'web')).subsets?.[0]?.addresses?.length === 2,
    'both ready',
  );
  await waitFor(
    async () => byName((await webSlices())[0]!, 'web-2').conditions?.ready === true,
    'slice ready',
  );
  const rv = (await endpoints.get('default', 'web')).metadata.resourceVersion;
  const srv = (await webSlices())[0]!.metadata.resourceVersion;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await endpoints.get('default', 'web')).metadata.resourceVersion, rv, 'endpoints stable');
  assert.equal((await webSlices())[0]!.metadata.resourceVersion, srv, 'slice stable');

  // The service goes: its Endpoints and slices go too.
  await services.delete('default', 'web');
  await waitFor(
    async () => (await endpoints.list('default')).items.every((e) => e.metadata.name !== 'web'),
    'endpoints deleted',
  );
  await waitFor(async () => (await webSlices()).length === 0, 'slices deleted');
});

test('the kubernetes service keeps its API-server endpoints; custom Endpoints are mirrored into slices', async () => {
  const services = new ResourceClient(cluster.tc.rest, Resources.services);
  const endpoints = new ResourceClient(cluster.tc.rest, Resources.endpoints);
  const slices = new ResourceClient(cluster.tc.rest, Resources.endpointslices);
  const k = await endpoints.get('default', 'kubernetes');
  assert.ok(k.subsets?.[0]?.addresses?.length);
  await services.create({
    metadata: { name: 'ext', namespace: 'default' },
    spec: { ports: [{ port: 443 }] },
  });
  await endpoints.create({
    metadata: { name: 'ext', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '192.168.7.1' }], ports: [{ port: 8443, protocol: 'TCP' }] }],
  });
  const mirrored = async () =>
    (
      await slices.list('default', {
        labelSelector:
          'kubernetes.io/service-name=ext,endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io',
      })
    ).items;
  await waitFor(async () => (await mirrored()).length === 1, 'mirrored slice');
  const [s] = await mirrored();
  assert.deepEqual(s!.endpoints, [{ addresses: ['192.168.7.1'], conditions: { ready: true } }]);
  assert.deepEqual(s!.ports, [{ name: '', port: 8443, protocol: 'TCP' }]);
  assert.equal(s!.metadata.ownerReferences?.[0]?.kind, 'Endpoints');
  // Opting out deletes the mirror.
  const cur = await endpoints.get('default', 'ext');
  await endpoints.update({
    ...cur,
    metadata: { ...cur.metadata, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
  });
  await waitFor(async () => (await mirrored()).length === 0, 'mirror removed');
  assert.deepEqual((await endpoints.get('default', 'ext')).subsets?.[0]?.addresses, [{ ip: '192.168.7.1' }]);
});
