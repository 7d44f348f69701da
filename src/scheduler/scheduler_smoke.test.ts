import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
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

test('smoke: schedules pods onto nodes', async () => {
  const nodes = new ResourceClient(tc.rest, Resources.nodes);
  const pods = new ResourceClient(tc.rest, Resources.pods);
  for (let i = 0; i < 3; i++) await nodes.create(makeNode(`n${i}`));
  await startScheduler({
    rest: tc.newClient(),
    log: pino({ level: 'warn' }),
    signal: ac.signal,
    leaderElection: false,
  });
  for (let i = 0; i < 6; i++) await pods.create(makePod(`p${i}`));
  await waitFor(async () => (await pods.list('default')).items.every((p) => p.spec.nodeName), 'all bound');
  const list = (await pods.list('default')).items;
  const counts = new Map<string, number>();
  for (const p of list) counts.set(p.spec.nodeName!, (counts.get(p.spec.nodeName!) ?? 0) + 1);
  assert.deepEqual([...counts.values()], [2, 2, 2]);
});
