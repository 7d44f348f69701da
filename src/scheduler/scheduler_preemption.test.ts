import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { schedulerEnv } from '../../test/fixtures/scheduler_env.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import type { KubeObject } from '../api/object.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import { startScheduler } from './scheduler.js';

let tc: TestCluster;
const ac = new AbortController();
before(async () => {
  tc = await startTestCluster();
});
after(async () => {
  ac.abort();
  await tc.stop();
});

test('a high-priority pod preempts a lower one, is nominated, then binds', async () => {
  const env = schedulerEnv(tc);
  const pcs = new ResourceClient<KubeObject>(tc.rest, Resources.priorityclasses);
  for (const [name, value, preemptionPolicy] of [
    ['low', 10, 'PreemptLowerPriority'],
    ['high', 1000, 'PreemptLowerPriority'],
    ['high-never', 1000, 'Never'],
  ] as const)
    await pcs.create({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      preemptionPolicy,
    } as KubeObject);
  await env.nodes.create(makeNode('only', { allocatable: { cpu: '2' } }));
  await startScheduler({
    rest: tc.newClient(),
    log: pino({ level: 'silent' }),
    signal: ac.signal,
    leaderElection: false,
  });
  for (const n of ['low-a', 'low-b'])
    await env.pods.create(makePod(n, { requests: { cpu: '1' }, spec: { priorityClassName: 'low' } }));
  await env.bound('low-a');
  await env.bound('low-b');
  await env.pods.create(makePod('vip', { requests: { cpu: '1' }, spec: { priorityClassName: 'high' } }));
  assert.equal(await env.bound('vip'), 'only');
  const vip = await env.pods.get('default', 'vip');
  assert.equal(vip.status?.nominatedNodeName, 'only');
  const left = (await env.pods.list('default')).items.map((p) => p.metadata.name).sort();
  assert.equal(left.length, 2);
  assert.ok(left.includes('vip'));
  const victim = ['low-a', 'low-b'].find((n) => !left.includes(n))!;
  assert.equal(await env.event(victim, 'Preempted'), `Preempted by pod ${vip.metadata.uid} on node only`);
  assert.match(
    await env.event('vip', 'FailedScheduling'),
    /^0\/1 nodes are available: 1 Insufficient cpu\.$/,
  );

  // A pod that may not preempt says so.
  await env.pods.create(
    makePod('polite', {
      requests: { cpu: '1' },
      // Priority admission takes the policy from the class.
      spec: { priorityClassName: 'high-never' },
    }),
  );
  assert.equal(
    await env.event('polite', 'FailedScheduling'),
    '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
  );
  await waitFor(async () => (await env.pods.list('default')).items.length === 3, 'nothing else evicted');
});
