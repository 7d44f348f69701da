import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePod } from '../../test/fixtures/scheduler_objects.js';
import { FakeClock } from '../client/clock.js';
import { SchedulerCache } from './cache/scheduler_cache.js';
import { podHandler } from './event_handlers.js';
import { SUCCESS } from './framework/status.js';
import { prioritySortLess } from './plugins/PrioritySort/priority_sort.js';
import { Nominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/scheduling_queue.js';

function setUp() {
  const cache = new SchedulerCache();
  const queue = new SchedulingQueue({
    less: prioritySortLess,
    clock: new FakeClock(),
    priority: () => 0,
    profiles: { preEnqueue: () => SUCCESS, eventsOf: () => [] },
  });
  return { cache, queue, handler: podHandler(cache, queue, new Nominator(), () => true) };
}

test('an update of a pod being bound (assumed) does not queue it again', async () => {
  const { cache, queue, handler } = setUp();
  const pod = makePod('p');
  handler.onAdd!(pod);
  const popped = (await queue.pop())!;
  cache.assumePod({ ...pod, spec: { ...pod.spec, nodeName: 'n1' } });
  queue.done(popped.key);
  // An update of the unbound pod arrives before the binding is seen.
  const updated = { ...pod, metadata: { ...pod.metadata, annotations: { a: 'b' } } };
  handler.onUpdate!(pod, updated);
  assert.equal(queue.has(updated), false);
});

test('an update of a pending pod that is not assumed queues it', async () => {
  const { queue, handler } = setUp();
  const pod = makePod('p');
  handler.onAdd!(pod);
  const popped = (await queue.pop())!;
  queue.done(popped.key);
  const updated = { ...pod, metadata: { ...pod.metadata, annotations: { a: 'b' } } };
  handler.onUpdate!(pod, updated);
  assert.equal(queue.has(updated), true);
});
