import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePod } from '../../../test/fixtures/scheduler_objects.js';
import type { Pod } from '../../api/types/pod.js';
import { FakeClock } from '../../client/clock.js';
import { ActionType } from '../framework/events.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { prioritySortLess } from '../plugins/PrioritySort/priority_sort.js';
import { SchedulingQueue } from './scheduling_queue.js';

function newQueue(clock: FakeClock): SchedulingQueue {
  return new SchedulingQueue({
    less: prioritySortLess,
    clock,
    priority: (p) => p.spec.priority ?? 0,
    profiles: {
      preEnqueue: (p: Pod) =>
        (p.spec.schedulingGates ?? []).length ? unresolvable('gated').withPlugin('SchedulingGates') : SUCCESS,
      eventsOf: (_p, plugin) =>
        plugin === 'NodeResourcesFit'
          ? [{ resource: 'Node', actions: ActionType.Add }]
          : [{ resource: 'AssignedPod', actions: ActionType.Delete }],
    },
  });
}

test('active queue pops by priority, then by age', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('low', { spec: { priority: 1 } }));
  clock.advance(1);
  q.add(makePod('high', { spec: { priority: 10 } }));
  clock.advance(1);
  q.add(makePod('low2', { spec: { priority: 1 } }));
  const order = [];
  for (let i = 0; i < 3; i++) order.push((await q.pop())!.pod.metadata.name);
  assert.deepEqual(order, ['high', 'low', 'low2']);
});

test('backoff doubles from 1s to the 10s cap; the flush moves expired pods', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const expected = [1000, 2000, 4000, 8000, 10_000, 10_000];
  for (const ms of expected) {
    const qp = (await q.pop())!;
    q.addUnschedulableIfNotPresent(qp, q.cycle); // error: no plugins → backoff queue
    assert.equal(q.sizes().backoff, 1);
    clock.advance(ms - 1);
    q.flushBackoffQCompleted();
    assert.equal(q.sizes().backoff, 1, `still backing off before ${ms}ms`);
    clock.advance(1);
    q.flushBackoffQCompleted();
    assert.equal(q.sizes().active, 1, `active after ${ms}ms`);
  }
});

test('unschedulable pods move only on events their plugins registered', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const qp = (await q.pop())!;
  qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qp, q.cycle);
  assert.equal(q.sizes().unschedulable, 1);
  q.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actions: ActionType.Delete });
  assert.equal(q.sizes().unschedulable, 1, 'irrelevant event');
  clock.advance(5000);
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add });
  assert.deepEqual(q.sizes(), { active: 1, backoff: 0, unschedulable: 0, gated: 0 });
});

test('a move request during the cycle sends the failed pod to backoff, not the pool', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const qp = (await q.pop())!;
  const cycle = q.cycle;
  q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add });
  qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qp, cycle);
  assert.equal(q.sizes().backoff, 1);
});

test('the pool is flushed after 5 minutes; gated pods wait for an update', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  q.add(makePod('p'));
  const qp = (await q.pop())!;
  qp.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(qp, q.cycle);
  clock.advance(5 * 60_000);
  q.flushUnschedulableLeftover();
  assert.equal(q.sizes().active, 1);

  const gated = makePod('g', { spec: { schedulingGates: [{ name: 'x' }] } });
  q.add(gated);
  assert.equal(q.sizes().gated, 1);
  q.moveAllToActiveOrBackoffQueue({ resource: '*', actions: ActionType.Add });
  assert.equal(q.sizes().gated, 1, 'events do not release gated pods');
  q.update(gated, makePod('g'));
  assert.equal(q.sizes().gated, 0);
  assert.equal(q.sizes().active, 2);
});

test('deleting an in-flight pod drops it instead of requeueing', async () => {
  const clock = new FakeClock();
  const q = newQueue(clock);
  const pod = makePod('p');
  q.add(pod);
  const qp = (await q.pop())!;
  q.delete(pod);
  q.addUnschedulableIfNotPresent(qp, q.cycle);
  assert.deepEqual(q.sizes(), { active: 0, backoff: 0, unschedulable: 0, gated: 0 });
});
