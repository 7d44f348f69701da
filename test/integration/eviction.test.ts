/**
 * The pod eviction subresource through an in-process API server: pending pods go at once,
 * running pods spend their disruption budget (429 with upstream's text when it is spent).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { InProcessApi } from '../fixtures/in_process_api.js';
import { startInProcessApi } from '../fixtures/in_process_api.js';

let srv: InProcessApi;
before(async () => {
  srv = await startInProcessApi({ serviceAccountAdmission: { requireAccount: false } });
  assert.equal((await srv.request('POST', '/api/v1/namespaces', { metadata: { name: 'ev' } })).code, 201);
});
after(() => srv.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const base = '/api/v1/namespaces/ev/pods';
const eviction = (name: string, deleteOptions?: Json, apiVersion = 'policy/v1') =>
  srv.request('POST', `${base}/${name}/eviction`, {
    apiVersion,
    kind: 'Eviction',
    metadata: { name, namespace: 'ev' },
    ...(deleteOptions ? { deleteOptions } : {}),
  });

/** A pod bound to a node and reported Running (and Ready when asked). */
async function runningPod(name: string, ready: boolean, grace = 0): Promise<void> {
  const created = await srv.request('POST', base, {
    metadata: { name, labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'x' }], terminationGracePeriodSeconds: grace },
  });
  assert.equal(created.code, 201, JSON.stringify(created.body));
  const bound = await srv.request('POST', `${base}/${name}/binding`, {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name },
    target: { kind: 'Node', name: 'n1' },
  });
  assert.equal(bound.code, 201, JSON.stringify(bound.body));
  const cur = (await srv.request('GET', `${base}/${name}`)).body;
  cur.status = {
    ...cur.status,
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
  };
  const put = await srv.request('PUT', `${base}/${name}/status`, cur);
  assert.equal(put.code, 200, JSON.stringify(put.body));
}

async function budget(name: string, status: Json, extra: Json = {}): Promise<void> {
  const path = '/apis/policy/v1/namespaces/ev/poddisruptionbudgets';
  const created = await srv.request('POST', path, {
    metadata: { name },
    spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1, ...extra },
  });
  assert.equal(created.code, 201, JSON.stringify(created.body));
  const cur = created.body;
  cur.status = { observedGeneration: 1, ...status };
  const put = await srv.request('PUT', `${path}/${name}/status`, cur);
  assert.equal(put.code, 200, JSON.stringify(put.body));
}

const gone = async (name: string) => (await srv.request('GET', `${base}/${name}`)).code === 404;
const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

test('eviction: bad bodies, unknown pods, pending pods', async () => {
  assert.equal(
    (await srv.request('POST', `${base}/x/eviction`, { metadata: { name: 'y' } })).body.message,
    'name in URL does not match name in Eviction object',
  );
  const missing = await eviction('nope');
  assert.equal(missing.code, 404);
  assert.equal(missing.body.message, 'pods "nope" not found');
  await srv.request('POST', base, {
    metadata: { name: 'pending' },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  });
  const r = await eviction('pending', undefined, 'policy/v1beta1');
  assert.equal(r.code, 201);
  assert.deepEqual(r.body, SUCCESS);
  assert.ok(await gone('pending'));
});

test('eviction: the disruption budget is spent, then refuses', async () => {
  await runningPod('a', true);
  await runningPod('b', true);
  await budget('pdb', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
  // A dry run spends nothing.
  assert.equal((await eviction('a', { dryRun: ['All'] })).code, 201);
  assert.equal(await gone('a'), false);
  assert.deepEqual((await eviction('a')).body, SUCCESS);
  assert.ok(await gone('a'));
  const pdb = (await srv.request('GET', '/apis/policy/v1/namespaces/ev/poddisruptionbudgets/pdb')).body;
  assert.equal(pdb.status.disruptionsAllowed, 0);
  assert.ok(pdb.status.disruptedPods.a);
  assert.equal(pdb.status.conditions[0].reason, 'InsufficientPods');
  const refused = await eviction('b');
  assert.equal(refused.code, 429);
  assert.deepEqual(refused.body, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details: {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget pdb needs 1 healthy pods and has 2 currently',
        },
      ],
    },
    code: 429,
  });
  assert.equal(await gone('b'), false);
  await srv.request('DELETE', '/apis/policy/v1/namespaces/ev/poddisruptionbudgets/pdb');
});

test('eviction: unready pods, unobserved budgets, several budgets, grace periods', async () => {
  await runningPod('sick', false);
  await budget('healthy', { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2 });
  assert.deepEqual((await eviction('sick')).body, SUCCESS);
  await srv.request('DELETE', '/apis/policy/v1/namespaces/ev/poddisruptionbudgets/healthy');

  await runningPod('c', true);
  const path = '/apis/policy/v1/namespaces/ev/poddisruptionbudgets';
  await srv.request('POST', path, {
    metadata: { name: 'fresh' },
    spec: { selector: { matchLabels: { app: 'web' } } },
  });
  const unobserved = await eviction('c');
  assert.equal(unobserved.code, 429);
  assert.equal(unobserved.body.details.retryAfterSeconds, 10);
  assert.equal(
    unobserved.body.details.causes[0].message,
    'The disruption budget fresh is still being processed by the server.',
  );
  await budget('second', { disruptionsAllowed: 5 });
  const two = await eviction('c');
  assert.equal(two.code, 500);
  assert.equal(
    two.body.message,
    'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
  );
  await srv.request('DELETE', `${path}/fresh`);
  await srv.request('DELETE', `${path}/second`);

  // Without a budget the pod is deleted with the eviction's options: a grace period marks it.
  await runningPod('slow', true, 30);
  assert.deepEqual((await eviction('slow', { gracePeriodSeconds: 20 })).body, SUCCESS);
  const slow = (await srv.request('GET', `${base}/slow`)).body;
  assert.equal(slow.metadata.deletionGracePeriodSeconds, 20);
  const target = slow.status.conditions.find((c: Json) => c.type === 'DisruptionTarget');
  assert.equal(target.reason, 'EvictionByEvictionAPI');
  assert.equal(target.message, 'Eviction API: evicting');
  const stale = await eviction('slow', { preconditions: { uid: 'other' } });
  assert.equal(stale.code, 409);
  assert.match(stale.body.message, /Precondition failed: UID in precondition: other, UID in object meta: /);
  assert.deepEqual((await eviction('slow')).body, SUCCESS);
  await runningPod('pinned', true);
  const pinned = await eviction('pinned', { preconditions: { uid: 'other' } });
  assert.equal(pinned.code, 409);
});
