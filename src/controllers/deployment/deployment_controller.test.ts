import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { markAllReady } from '../../../test/fixtures/pod_readiness.js';
import type { TestCluster } from '../../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../../test/fixtures/test_cluster.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import type { ControllerManager } from '../controller_manager.js';
import { startControllerManager } from '../controller_manager.js';

let tc: TestCluster;
let cm: ControllerManager;
let pods: ResourceClient<Pod>;
let rss: ResourceClient<ReplicaSet>;
let deps: ResourceClient<Deployment>;
const NS = 'default';
let kubelet: NodeJS.Timeout;

before(async () => {
  tc = await startTestCluster();
  cm = await startControllerManager({
    rest: tc.newClient(),
    log: pino({ level: 'silent' }),
    leaderElect: false,
    controllers: ['replicaset', 'deployment'],
  });
  pods = new ResourceClient(tc.rest, Resources.pods);
  rss = new ResourceClient(tc.rest, Resources.replicasets);
  deps = new ResourceClient(tc.rest, Resources.deployments);
  // A stand-in kubelet: every pod becomes Running and Ready shortly after it appears.
  let busy = false;
  kubelet = setInterval(() => {
    if (busy) return;
    busy = true;
    void markAllReady(pods, NS).finally(() => (busy = false));
  }, 50);
});
after(async () => {
  clearInterval(kubelet);
  await cm.stop();
  await tc.stop();
});

const deployment = (
  name: string,
  replicas: number,
  image: string,
  strategy?: Deployment['spec']['strategy'],
): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    strategy,
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

const ownedRSs = async (d: Deployment) =>
  (await rss.list(NS)).items.filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);

const complete = async (name: string) => {
  const d = await deps.get(NS, name);
  const s = d.status ?? {};
  const r = d.spec.replicas ?? 1;
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    s.updatedReplicas === r &&
    s.replicas === r &&
    s.availableReplicas === r &&
    s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable') === true
  );
};

const messages = async (name: string) =>
  (await new ResourceClient(tc.rest, Resources.events).list(NS)).items
    .filter((e) => e.involvedObject?.name === name && e.reason === 'ScalingReplicaSet')
    .map((e) => e.message ?? '');

test('rolling update to a new template, then back to the first revision', async () => {
  const d = await deps.create(deployment('web', 4, 'nginx:1'));
  await waitFor(() => complete('web'), 'first rollout complete');
  const [rs1] = await ownedRSs(d);
  const hash = rs1!.metadata.labels!['pod-template-hash']!;
  assert.equal(rs1!.metadata.name, `web-${hash}`);
  assert.equal(rs1!.spec.selector.matchLabels!['pod-template-hash'], hash);
  assert.equal(rs1!.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
  assert.equal(rs1!.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '4');
  assert.equal(rs1!.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '5');
  let cur = await deps.get(NS, 'web');
  assert.equal(cur.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  const available = cur.status!.conditions!.find((c) => c.type === 'Available')!;
  assert.equal(available.reason, 'MinimumReplicasAvailable');
  assert.equal(available.message, 'Deployment has minimum availability.');
  const progressing = cur.status!.conditions!.find((c) => c.type === 'Progressing')!;
  assert.equal(progressing.message, `ReplicaSet "web-${hash}" has successfully progressed.`);

  await deps.patch(NS, 'web', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
  });
  await waitFor(async () => (await ownedRSs(d)).length === 2, 'second ReplicaSet');
  await waitFor(() => complete('web'), 'second rollout complete');
  const both = await ownedRSs(d);
  const rs2 = both.find((rs) => rs.metadata.uid !== rs1!.metadata.uid)!;
  assert.equal(rs2.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  assert.equal((await rss.get(NS, rs1!.metadata.name!)).spec.replicas, 0);
  const msgs = await messages('web');
  assert.ok(msgs.includes(`Scaled up replica set web-${hash} from 0 to 4`), msgs.join('\n'));
  assert.ok(
    msgs.some((m) => m.startsWith(`Scaled down replica set web-${hash} from 4 to`)),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) => m.startsWith(`Scaled up replica set ${rs2.metadata.name} from 0 to`)),
    msgs.join('\n'),
  );
  // maxSurge 25% of 4 = 1, maxUnavailable 25% of 4 = 1: never more than 5 pods wanted.
  assert.equal(rs2.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '5');

  // Rollback as kubectl does it: the old template patched back in.
  await deps.patch(NS, 'web', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
  });
  await waitFor(
    async () =>
      (await rss.get(NS, rs1!.metadata.name!)).metadata.annotations?.['deployment.kubernetes.io/revision'] ===
      '3',
    'revision 3',
  );
  await waitFor(() => complete('web'), 'rollback complete');
  const back = await rss.get(NS, rs1!.metadata.name!);
  assert.equal(back.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(back.spec.replicas, 4);
  assert.equal((await ownedRSs(d)).length, 2, 'no third ReplicaSet');
  cur = await deps.get(NS, 'web');
  assert.equal(cur.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
});

test('Recreate: old pods go before new ones come', async () => {
  const d = await deps.create(deployment('rec', 2, 'busybox:1', { type: 'Recreate' }));
  await waitFor(() => complete('rec'), 'first rollout');
  await deps.patch(NS, 'rec', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:2' }] } } },
  });
  await waitFor(() => complete('rec'), 'recreated');
  const owned = await ownedRSs(d);
  assert.equal(owned.length, 2);
  const msgs = await messages('rec');
  const down = msgs.findIndex((m) => /^Scaled down replica set rec-\w+ from 2 to 0$/.test(m));
  assert.ok(down >= 0, msgs.join('\n'));
  const podsNow = (await pods.list(NS, { labelSelector: 'app=rec' })).items;
  assert.equal(podsNow.length, 2);
  for (const p of podsNow) assert.equal(p.spec.containers[0]!.image, 'busybox:2');
});

test('scaling during a rollout is proportional; paused deployments scale but do not roll out', async () => {
  await deps.create(
    deployment('prop', 10, 'x:1', {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 3, maxUnavailable: 2 },
    }),
  );
  await waitFor(() => complete('prop'), 'first rollout');
  // Pause, change the template: nothing rolls out.
  await deps.patch(NS, 'prop', 'merge', { spec: { paused: true } });
  await deps.patch(NS, 'prop', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'c', image: 'x:2' }] } } },
  });
  await waitFor(async () => {
    const c = (await deps.get(NS, 'prop')).status?.conditions?.find((x) => x.type === 'Progressing');
    return c?.reason === 'DeploymentPaused' && c.status === 'Unknown' && c.message === 'Deployment is paused';
  }, 'paused condition');
  const d = await deps.get(NS, 'prop');
  assert.equal((await ownedRSs(d)).length, 1);
  // Scaling while paused reaches the single ReplicaSet.
  await deps.patch(NS, 'prop', 'merge', { spec: { replicas: 12 } });
  await waitFor(async () => (await ownedRSs(d))[0]?.spec.replicas === 12, 'paused scale');
  // Resume: the rollout starts.
  await deps.patch(NS, 'prop', 'merge', { spec: { paused: false } });
  await waitFor(() => complete('prop'), 'resumed rollout complete');
  const owned = await ownedRSs(d);
  assert.equal(owned.length, 2);
  assert.deepEqual(
    owned.map((rs) => rs.spec.replicas).sort((a, b) => a! - b!),
    [0, 12],
  );
});
