import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import type { TestCluster } from '../../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../../test/fixtures/test_cluster.js';
import type { KubeObject } from '../../api/object.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { ConfigMap } from '../../api/types/cluster.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import type { ResourceType } from '../../client/resource_type.js';
import { Resources } from '../../client/resource_type.js';
import type { ControllerManager } from '../controller_manager.js';
import { startControllerManager } from '../controller_manager.js';

let tc: TestCluster;
let cm: ControllerManager;
let pods: ResourceClient<Pod>;
let rss: ResourceClient<ReplicaSet>;
let deps: ResourceClient<Deployment>;
let cms: ResourceClient<ConfigMap>;
const NS = 'default';

before(async () => {
  tc = await startTestCluster();
  cm = await startControllerManager({
    rest: tc.newClient(),
    log: pino({ level: 'silent' }),
    leaderElect: false,
    controllers: ['replicaset', 'deployment', 'garbagecollector'],
  });
  pods = new ResourceClient(tc.rest, Resources.pods);
  rss = new ResourceClient(tc.rest, Resources.replicasets);
  deps = new ResourceClient(tc.rest, Resources.deployments);
  cms = new ResourceClient(tc.rest, Resources.configmaps);
});
after(async () => {
  await cm.stop();
  await tc.stop();
});

async function deployment(name: string, replicas = 2): Promise<Deployment> {
  const d = await deps.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  });
  await waitFor(
    async () => (await pods.list(NS, { labelSelector: `app=${name}` })).items.length === replicas,
    `${name} pods`,
  );
  return d;
}

const gone = async (c: ResourceClient, name: string) => {
  try {
    await c.get(NS, name);
    return false;
  } catch {
    return true;
  }
};
const count = async (c: ResourceClient, app: string) =>
  (await c.list(NS, { labelSelector: `app=${app}` })).items.length;

test('Background: the Deployment goes at once, its ReplicaSet and pods after it', async () => {
  await deployment('bg');
  await deps.delete(NS, 'bg', { propagationPolicy: 'Background' });
  assert.ok(await gone(deps, 'bg'));
  await waitFor(
    async () => (await count(rss, 'bg')) === 0 && (await count(pods, 'bg')) === 0,
    'dependents collected',
  );
});

test('Foreground: the Deployment waits with its finalizer until its dependents are gone', async () => {
  await deployment('fg', 3);
  await deps.delete(NS, 'fg', { propagationPolicy: 'Foreground' });
  const marked = await deps.get(NS, 'fg');
  assert.ok(marked.metadata.deletionTimestamp);
  assert.deepEqual(marked.metadata.finalizers, ['foregroundDeletion']);
  await waitFor(() => gone(deps, 'fg'), 'deployment removed after its dependents');
  assert.equal(await count(rss, 'fg'), 0);
  assert.equal(await count(pods, 'fg'), 0);
});

test('Orphan: dependents stay, without their reference to the deleted owner', async () => {
  await deployment('orph');
  const [rs] = (await rss.list(NS, { labelSelector: 'app=orph' })).items;
  await deps.delete(NS, 'orph', { propagationPolicy: 'Orphan' });
  await waitFor(() => gone(deps, 'orph'), 'deployment removed');
  const after = await rss.get(NS, rs!.metadata.name!);
  assert.equal((after.metadata.ownerReferences ?? []).length, 0);
  assert.equal(await count(pods, 'orph'), 2, 'the pods keep their ReplicaSet');
  await rss.delete(NS, rs!.metadata.name!);
  await waitFor(async () => (await count(pods, 'orph')) === 0, 'pods of the deleted ReplicaSet');
});

test('an owner reference whose uid does not match the live owner counts as absent', async () => {
  const owner = await cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'owner', namespace: NS },
  });
  const ref = (uid: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }];
  await cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kept', namespace: NS, ownerReferences: ref(owner.metadata.uid!) },
  });
  await cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'stale', namespace: NS, ownerReferences: ref('not-the-uid') },
  });
  await waitFor(() => gone(cms, 'stale'), 'stale dependent collected');
  assert.ok(!(await gone(cms, 'kept')));
  // Half-owned: a live owner and an absent one — the absent reference is removed instead.
  await cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'half',
      namespace: NS,
      ownerReferences: [
        ...ref(owner.metadata.uid!),
        { apiVersion: 'v1', kind: 'Secret', name: 'nope', uid: 'nope' },
      ],
    },
  });
  await waitFor(
    async () => (await cms.get(NS, 'half')).metadata.ownerReferences?.length === 1,
    'absent reference removed',
  );
  await cms.delete(NS, 'owner');
  await waitFor(
    async () => (await gone(cms, 'kept')) && (await gone(cms, 'half')),
    'dependents of the deleted owner',
  );
});

test('custom resources: discovered when their CRD appears, collected like any other', async () => {
  const crds = new ResourceClient(tc.rest, Resources.customresourcedefinitions);
  await crds.create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gizmos.gc.example.com' },
    spec: {
      group: 'gc.example.com',
      scope: 'Namespaced',
      names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  } as KubeObject);
  const type: ResourceType = {
    group: 'gc.example.com',
    version: 'v1',
    resource: 'gizmos',
    kind: 'Gizmo',
    namespaced: true,
  };
  const gizmos = new ResourceClient(tc.rest, type);
  await waitFor(async () => {
    try {
      await gizmos.list(NS);
      return true;
    } catch {
      return false;
    }
  }, 'gizmos served');
  const parent = await gizmos.create({
    apiVersion: 'gc.example.com/v1',
    kind: 'Gizmo',
    metadata: { name: 'parent', namespace: NS },
  });
  const child = await gizmos.create({
    apiVersion: 'gc.example.com/v1',
    kind: 'Gizmo',
    metadata: {
      name: 'child',
      namespace: NS,
      ownerReferences: [
        {
          apiVersion: 'gc.example.com/v1',
          kind: 'Gizmo',
          name: 'parent',
          uid: parent.metadata.uid!,
          blockOwnerDeletion: true,
        },
      ],
    },
  });
  await cms.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'of-gizmo',
      namespace: NS,
      ownerReferences: [
        { apiVersion: 'gc.example.com/v1', kind: 'Gizmo', name: 'child', uid: child.metadata.uid! },
      ],
    },
  });
  await gizmos.delete(NS, 'parent', { propagationPolicy: 'Foreground' });
  await waitFor(
    async () =>
      (await gone(gizmos, 'parent')) && (await gone(gizmos, 'child')) && (await gone(cms, 'of-gizmo')),
    'gizmo tree collected',
  );
});
