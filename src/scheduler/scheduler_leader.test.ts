import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { schedulerEnv } from '../../test/fixtures/scheduler_env.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import type { Pod } from '../api/types/pod.js';
import { normalizeConfig } from './framework/config.js';
import { startScheduler } from './scheduler.js';

let tc: TestCluster;
before(async () => {
  tc = await startTestCluster();
});
after(() => tc.stop());

async function attempts(s: { metrics: { attempts: { get(): Promise<{ values: { value: number }[] }> } } }) {
  return (await s.metrics.attempts.get()).values.reduce((a, v) => a + v.value, 0);
}

test('two schedulers with leader election: only the leader binds; the other takes over', async () => {
  const env = schedulerEnv(tc);
  await env.nodes.create(makeNode('n1'));
  const config = normalizeConfig({
    leaderElection: { leaseDuration: '1s', renewDeadline: '800ms', retryPeriod: '100ms' },
  });
  const acs = [new AbortController(), new AbortController()];
  const scheds = await Promise.all(
    acs.map((ac, i) =>
      startScheduler({
        rest: tc.newClient(),
        log: pino({ level: 'silent' }),
        signal: ac.signal,
        config,
        identity: `s${i}`,
      }),
    ),
  );
  await waitFor(() => scheds.some((s) => s.isLeader()), 'a leader');
  assert.equal(scheds.filter((s) => s.isLeader()).length, 1);
  for (let i = 0; i < 5; i++) await env.pods.create(makePod(`p${i}`));
  for (let i = 0; i < 5; i++) await env.bound(`p${i}`);
  const leader = scheds.findIndex((s) => s.isLeader());
  assert.equal(await attempts(scheds[leader]!), 5);
  assert.equal(await attempts(scheds[1 - leader]!), 0);
  // The leader stops: the other takes the lease over and schedules.
  acs[leader]!.abort();
  await scheds[leader]!.done;
  await waitFor(() => scheds[1 - leader]!.isLeader(), 'takeover');
  await env.pods.create(makePod('after'));
  await env.bound('after');
  acs[1 - leader]!.abort();
  await scheds[1 - leader]!.done;
});

test('binding conflicts between two active schedulers bind nothing twice and crash nothing', async () => {
  const env = schedulerEnv(tc);
  await env.reset();
  for (let i = 0; i < 4; i++) await env.nodes.create(makeNode(`c${i}`));
  const acs = [new AbortController(), new AbortController()];
  const scheds = await Promise.all(
    acs.map((ac) =>
      startScheduler({
        rest: tc.newClient(),
        log: pino({ level: 'silent' }),
        signal: ac.signal,
        leaderElection: false,
      }),
    ),
  );
  const first = new Map<string, string>();
  const watchAc = new AbortController();
  const changes: string[] = [];
  const list = await env.pods.list('default');
  const watching = (async () => {
    for await (const ev of env.pods.watch('default', {
      resourceVersion: list.metadata.resourceVersion,
      signal: watchAc.signal,
    })) {
      const p = ev.object as Pod;
      const n = p.spec?.nodeName;
      if (!n) continue;
      const seen = first.get(p.metadata.name!);
      if (seen === undefined) first.set(p.metadata.name!, n);
      else if (seen !== n) changes.push(p.metadata.name!);
    }
  })().catch(() => undefined);
  for (let i = 0; i < 20; i++) await env.pods.create(makePod(`race${i}`));
  for (let i = 0; i < 20; i++) await env.bound(`race${i}`);
  await env.pods.create(makePod('later'));
  await env.bound('later');
  watchAc.abort();
  await watching;
  assert.deepEqual(changes, []);
  for (const ac of acs) ac.abort();
  await Promise.all(scheds.map((s) => s.done));
});
