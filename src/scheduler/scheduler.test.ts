import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { pino } from 'pino';
import { schedulerEnv } from '../../test/fixtures/scheduler_env.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import type { RunningScheduler } from './scheduler.js';
import { startScheduler } from './scheduler.js';

let tc: TestCluster;
let env: ReturnType<typeof schedulerEnv>;
let sched: RunningScheduler;
const ac = new AbortController();

before(async () => {
  tc = await startTestCluster();
  env = schedulerEnv(tc);
  sched = await startScheduler({
    rest: tc.newClient(),
    log: pino({ level: 'silent' }),
    signal: ac.signal,
    leaderElection: false,
    metricsPort: 0,
  });
});
afterEach(() => env.reset());
after(async () => {
  ac.abort();
  await sched.done;
  await tc.stop();
});

test('spreads pods evenly over equal nodes and reports Scheduled events', async () => {
  for (let i = 0; i < 3; i++) await env.nodes.create(makeNode(`n${i}`));
  for (let i = 0; i < 9; i++) await env.pods.create(makePod(`p${i}`));
  const counts = new Map<string, number>();
  for (let i = 0; i < 9; i++) {
    const n = await env.bound(`p${i}`);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  assert.deepEqual([...counts.values()], [3, 3, 3]);
  const node = (await env.pods.get('default', 'p0')).spec.nodeName;
  assert.equal(await env.event('p0', 'Scheduled'), `Successfully assigned default/p0 to ${node}`);
  const cond = (await env.pods.get('default', 'p0')).status?.conditions?.find(
    (c) => c.type === 'PodScheduled',
  );
  assert.equal(cond?.status, 'True');
});

test('FailedScheduling has upstream text and the pod gets PodScheduled=False', async () => {
  await env.nodes.create(makeNode('small', { allocatable: { cpu: '1' } }));
  for (const n of ['t1', 't2'])
    await env.nodes.create(
      makeNode(n, { spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } }),
    );
  await env.pods.create(makePod('big', { requests: { cpu: '3' } }));
  const msg = await env.event('big', 'FailedScheduling');
  assert.equal(
    msg,
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: infra}. ' +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
  );
  await waitFor(async () => {
    const c = (await env.pods.get('default', 'big')).status?.conditions?.find(
      (x) => x.type === 'PodScheduled',
    );
    return c?.status === 'False' && c.reason === 'Unschedulable' && c.message === msg;
  }, 'PodScheduled=False');
  const text = await (await fetch(`${sched.metricsUrl}/metrics`)).text();
  assert.match(
    text,
    /scheduler_schedule_attempts_total\{result="unschedulable",profile="default-scheduler"\} [1-9]/,
  );
  assert.match(text, /scheduler_pending_pods\{queue="unschedulable"\} 1/);
});

test('taints, tolerations and node affinity steer pods', async () => {
  await env.nodes.create(
    makeNode('gpu', { labels: { accel: 'gpu' }, spec: { taints: [{ key: 'gpu', effect: 'NoSchedule' }] } }),
  );
  await env.nodes.create(makeNode('plain', { labels: { disk: 'ssd' } }));
  await env.pods.create(makePod('any'));
  await env.pods.create(
    makePod('wants-gpu', {
      spec: {
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'accel', operator: 'In', values: ['gpu'] }] }],
            },
          },
        },
      },
    }),
  );
  await env.pods.create(makePod('ssd', { spec: { nodeSelector: { disk: 'ssd' } } }));
  assert.equal(await env.bound('any'), 'plain');
  assert.equal(await env.bound('wants-gpu'), 'gpu');
  assert.equal(await env.bound('ssd'), 'plain');
});

test('required anti-affinity puts replicas on distinct nodes; the extra one waits', async () => {
  for (let i = 0; i < 3; i++) await env.nodes.create(makeNode(`n${i}`));
  const replica = (name: string) =>
    makePod(name, {
      labels: { app: 'db' },
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } },
            ],
          },
        },
      },
    });
  for (let i = 0; i < 4; i++) await env.pods.create(replica(`db${i}`));
  const placed = new Set<string>();
  await waitFor(
    async () => (await env.pods.list('default')).items.filter((p) => p.spec.nodeName).length === 3,
    '3 bound',
  );
  for (const p of (await env.pods.list('default')).items) if (p.spec.nodeName) placed.add(p.spec.nodeName);
  assert.equal(placed.size, 3);
  const pending = (await env.pods.list('default')).items.find((p) => !p.spec.nodeName)!;
  const msg = await env.event(pending.metadata.name!, 'FailedScheduling');
  assert.match(msg, /^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./);
});

test('topology spread (DoNotSchedule) balances zones', async () => {
  for (let i = 0; i < 4; i++)
    await env.nodes.create(makeNode(`z${i}`, { labels: { zone: i < 3 ? 'a' : 'b' } }));
  for (let i = 0; i < 6; i++)
    await env.pods.create(
      makePod(`s${i}`, {
        labels: { app: 's' },
        spec: {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 's' } },
            },
          ],
        },
      }),
    );
  const zones = { a: 0, b: 0 };
  for (let i = 0; i < 6; i++) {
    const n = await env.bound(`s${i}`);
    zones[n === 'z3' ? 'b' : 'a']++;
  }
  assert.deepEqual(zones, { a: 3, b: 3 });
});

test('an unschedulable pod is scheduled when a fitting node arrives', async () => {
  await env.nodes.create(makeNode('tiny', { allocatable: { cpu: '500m' } }));
  await env.pods.create(makePod('needs-2', { requests: { cpu: '2' } }));
  await env.event('needs-2', 'FailedScheduling');
  await env.nodes.create(makeNode('roomy', { allocatable: { cpu: '8' } }));
  assert.equal(await env.bound('needs-2'), 'roomy');
});

test('bad input: impossible requests, selectors matching nothing and unknown schedulers stay pending', async () => {
  await env.nodes.create(makeNode('n'));
  const huge = makePod('huge', { requests: { cpu: '1000', 'example.com/foo': '1' } });
  huge.spec.containers[0]!.resources!.limits = { 'example.com/foo': '1' };
  await env.pods.create(huge);
  await env.pods.create(makePod('nomatch', { spec: { nodeSelector: { nothing: 'here' } } }));
  await env.pods.create(makePod('other', { spec: { schedulerName: 'someone-else' } }));
  assert.match(
    await env.event('huge', 'FailedScheduling'),
    /^0\/1 nodes are available: 1 Insufficient cpu, 1 Insufficient example.com\/foo\./,
  );
  assert.match(
    await env.event('nomatch', 'FailedScheduling'),
    /1 node\(s\) didn't match Pod's node affinity\/selector\./,
  );
  await env.pods.create(makePod('fine'));
  assert.equal(await env.bound('fine'), 'n');
  assert.equal((await env.pods.get('default', 'other')).spec.nodeName, undefined);
});
