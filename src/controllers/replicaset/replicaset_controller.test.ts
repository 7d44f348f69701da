import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { markPodReady } from '../../../test/fixtures/pod_readiness.js';
import type { TestCluster } from '../../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../../test/fixtures/test_cluster.js';
import type { ReplicaSet, ReplicationController } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import type { ControllerManager } from '../controller_manager.js';
import { startControllerManager } from '../controller_manager.js';

let tc: TestCluster;
let cm: ControllerManager;
let pods: ResourceClient<Pod>;
let rss: ResourceClient<ReplicaSet>;
const NS = 'default';

before(async () => {
  tc = await startTestCluster();
  cm = await startControllerManager({
    rest: tc.newClient(),
    log: pino({ level: 'silent' }),
    leaderElect: false,
    controllers: ['replicaset', 'replicationcontroller'],
  });
  pods = new ResourceClient(tc.rest, Resources.pods);
  rss = new ResourceClient(tc.rest, Resources.replicasets);
});
after(async () => {
  await cm.stop();
  await tc.stop();
});

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

const replicaSet = (name: string, replicas: number, app = name): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: NS },
  spec: { replicas, selector: { matchLabels: { app } }, template: template(app) },
});

const podsOf = async (app: string) =>
  (await pods.list(NS, { labelSelector: `app=${app}` })).items.filter((p) => !p.metadata.deletionTimestamp);

test('creates pods named <rs>-xxxxx with a controller reference, reports status, scales down', async () => {
  const rs = await rss.create(replicaSet('web', 3));
  await waitFor(async () => (await podsOf('web')).length === 3, '3 pods');
  const list = await podsOf('web');
  for (const p of list) {
    assert.match(p.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(p.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  }
  await waitFor(async () => (await rss.get(NS, 'web')).status?.replicas === 3, 'status.replicas 3');
  // Two ready, one not: scaling to 2 deletes the one that is not ready.
  await markPodReady(pods, list[0]!);
  await markPodReady(pods, list[1]!);
  await waitFor(async () => (await rss.get(NS, 'web')).status?.readyReplicas === 2, 'readyReplicas 2');
  const st = (await rss.get(NS, 'web')).status!;
  assert.equal(st.availableReplicas, 2);
  assert.equal(st.fullyLabeledReplicas, 3);
  assert.equal(st.observedGeneration, 1);
  await rss.patch(NS, 'web', 'merge', { spec: { replicas: 2 } });
  await waitFor(async () => (await podsOf('web')).length === 2, 'scaled to 2');
  const left = (await podsOf('web')).map((p) => p.metadata.name).sort();
  assert.deepEqual(left, [list[0]!.metadata.name, list[1]!.metadata.name].sort());
  await waitFor(
    async () => (await rss.get(NS, 'web')).status?.observedGeneration === 2,
    'observedGeneration 2',
  );
  // Events in upstream's words.
  const events = new ResourceClient(tc.rest, Resources.events);
  await waitFor(async () => {
    const msgs = (await events.list(NS)).items
      .filter((e) => e.involvedObject?.name === 'web')
      .map((e) => `${e.reason}: ${e.message}`);
    return (
      msgs.some((m) => m === `SuccessfulDelete: Deleted pod: ${list[2]!.metadata.name}`) &&
      msgs.some((m) => m === `SuccessfulCreate: Created pod: ${list[0]!.metadata.name}`)
    );
  }, 'SuccessfulCreate and SuccessfulDelete events');
  // A deleted pod is replaced.
  await pods.delete(NS, list[0]!.metadata.name!);
  await waitFor(async () => {
    const now = await podsOf('web');
    return now.length === 2 && !now.some((p) => p.metadata.name === list[0]!.metadata.name);
  }, 'replacement pod');
});

test('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
  const orphan = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'lonely', namespace: NS, labels: { app: 'adopt' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  const rs = await rss.create(replicaSet('adopt', 2));
  await waitFor(async () => (await podsOf('adopt')).length === 2, '2 pods');
  await waitFor(
    async () => (await pods.get(NS, 'lonely')).metadata.ownerReferences?.[0]?.uid === rs.metadata.uid,
    'adopted',
  );
  assert.equal(orphan.metadata.ownerReferences, undefined);
  // Relabel: released, and a replacement is created.
  await pods.patch(NS, 'lonely', 'merge', { metadata: { labels: { app: 'gone' } } });
  await waitFor(
    async () => ((await pods.get(NS, 'lonely')).metadata.ownerReferences ?? []).length === 0,
    'released',
  );
  await waitFor(async () => (await podsOf('adopt')).length === 2, 'replacement after release');
  await pods.delete(NS, 'lonely');
});

test('ReplicationControllers: the same core with a map selector', async () => {
  const rcs = new ResourceClient(tc.rest, Resources.replicationcontrollers);
  const rc: ReplicationController = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'legacy', namespace: NS },
    spec: { replicas: 2, selector: { app: 'legacy' }, template: template('legacy') },
  };
  const created = await rcs.create(rc);
  await waitFor(async () => (await podsOf('legacy')).length === 2, '2 rc pods');
  const p = (await podsOf('legacy'))[0]!;
  assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'ReplicationController');
  assert.equal(p.metadata.ownerReferences?.[0]?.uid, created.metadata.uid);
  await waitFor(async () => (await rcs.get(NS, 'legacy')).status?.replicas === 2, 'rc status');
  await rcs.patch(NS, 'legacy', 'merge', { spec: { replicas: 0 } });
  await waitFor(async () => (await podsOf('legacy')).length === 0, 'rc scaled to 0');
});
