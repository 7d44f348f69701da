import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import { StatusError } from '../../api/status_error.js';
import { FakeClock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { ObjectCache } from '../../client/object_cache.js';
import { Expectations } from '../../controller/expectations.js';
import { CONTROLLER_UID_INDEX, controllerUidIndex } from './controller_ref.js';
import type { ReplicaObject } from './replica_kind.js';
import { REPLICA_SET_KIND } from './replica_kind.js';
import { ReplicaSetReconciler } from './replica_set_reconciler.js';

type RS = ReplicaSet & ReplicaObject;

const rs = (replicas: number): RS => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'RS', generation: 1 },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
  },
});

const owned = (name: string, ready: boolean, createdS: number): Pod => ({
  metadata: {
    name,
    namespace: 'ns',
    uid: name,
    labels: { app: 'web' },
    creationTimestamp: new Date(1_700_000_000_000 - createdS * 1000).toISOString(),
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'RS', controller: true },
    ],
  },
  spec: { containers: [] },
  status: {
    phase: 'Running',
    conditions: ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: '2023-01-01T00:00:00Z' }] : [],
  },
});

function setup(owner: RS, pods: Pod[], opts: { failCreates?: boolean } = {}) {
  const writes: string[] = [];
  const events: string[] = [];
  const owners = new ObjectCache<RS>();
  owners.addIndex(CONTROLLER_UID_INDEX, controllerUidIndex);
  owners.set(owner);
  const podCache = new ObjectCache<Pod>();
  podCache.addIndex(CONTROLLER_UID_INDEX, controllerUidIndex);
  for (const p of pods) podCache.set(p);
  let n = 0;
  const expectations = new Expectations(new FakeClock());
  const r = new ReplicaSetReconciler<RS>({
    kind: REPLICA_SET_KIND,
    owners,
    pods: podCache,
    ownerClient: {
      get: () => Promise.resolve(owner),
      updateStatus: (o: RS) => {
        writes.push(`status ${JSON.stringify(o.status)}`);
        return Promise.resolve(o);
      },
    },
    podClient: {
      create: (p: Pod) => {
        writes.push(`create ${p.metadata.generateName}`);
        if (opts.failCreates)
          return Promise.reject(
            new StatusError(403, 'Forbidden', 'pods "web-" is forbidden: exceeded quota'),
          );
        return Promise.resolve({ ...p, metadata: { ...p.metadata, name: `web-${n++}` } });
      },
      delete: (_ns: string, name: string) => {
        writes.push(`delete ${name}`);
        return Promise.resolve({ metadata: {}, spec: { containers: [] } } as Pod);
      },
      patch: () => Promise.reject(new Error('unexpected patch')),
    },
    expectations,
    recorder: {
      event: (_ref: unknown, type: string, reason: string, msg: string) =>
        events.push(`${type} ${reason} ${msg}`),
    } as unknown as EventRecorder,
    clock: new FakeClock(),
  });
  return { r, writes, events, expectations };
}

test('given no pods, creates replicas in slow-start batches and expects them', async () => {
  const { r, writes, events, expectations } = setup(rs(3), []);
  await r.reconcile({ namespace: 'ns', name: 'web' });
  assert.deepEqual(writes, [
    'create web-',
    'create web-',
    'create web-',
    'status {"replicas":0,"observedGeneration":1}',
  ]);
  assert.deepEqual(events, [
    'Normal SuccessfulCreate Created pod: web-0',
    'Normal SuccessfulCreate Created pod: web-1',
    'Normal SuccessfulCreate Created pod: web-2',
  ]);
  assert.ok(!expectations.satisfied('ns/web'));
  // Until the creations are observed, a second sync writes nothing.
  writes.length = 0;
  await r.reconcile({ namespace: 'ns', name: 'web' });
  assert.deepEqual(writes, ['status {"replicas":0,"observedGeneration":1}']);
});

test('given surplus pods, deletes the not-ready one and then the newest', async () => {
  const pods = [owned('old-ready', true, 5000), owned('new-ready', true, 10), owned('unready', false, 6000)];
  const { r, writes, events } = setup(rs(1), pods);
  await r.reconcile({ namespace: 'ns', name: 'web' });
  assert.deepEqual(writes.slice(0, 2).sort(), ['delete new-ready', 'delete unready']);
  assert.match(
    writes[2]!,
    /^status \{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":2,"availableReplicas":2,"observedGeneration":1\}$/,
  );
  assert.deepEqual(events.sort(), [
    'Normal SuccessfulDelete Deleted pod: new-ready',
    'Normal SuccessfulDelete Deleted pod: unready',
  ]);
});

test('a refused creation stops the slow start, is reported as FailedCreate and ReplicaFailure, and retries', async () => {
  const { r, writes, events, expectations } = setup(rs(5), [], { failCreates: true });
  await assert.rejects(r.reconcile({ namespace: 'ns', name: 'web' }), /exceeded quota/);
  assert.equal(writes.filter((w) => w.startsWith('create')).length, 1);
  assert.deepEqual(events, ['Warning FailedCreate Error creating: pods "web-" is forbidden: exceeded quota']);
  const status = JSON.parse(writes.at(-1)!.slice('status '.length));
  assert.equal(status.conditions[0].type, 'ReplicaFailure');
  assert.equal(status.conditions[0].reason, 'FailedCreate');
  assert.ok(expectations.satisfied('ns/web'), 'the creations never attempted are not expected');
});

test('a vanished owner forgets its expectations and writes nothing', async () => {
  const { r, writes, expectations } = setup(rs(1), []);
  expectations.expectCreations('ns/gone', 3);
  await r.reconcile({ namespace: 'ns', name: 'gone' });
  assert.deepEqual(writes, []);
  assert.ok(expectations.satisfied('ns/gone'));
});
