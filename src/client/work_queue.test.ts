import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from './clock.js';
import { BucketRateLimiter, ItemExponentialRateLimiter, MaxOfRateLimiter } from './rate_limiter.js';
import { WorkQueue } from './work_queue.js';

test('a key is queued once however often it is added', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.length, 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.length, 0);
});

test('a key added while processing is handed out again only after done', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  q.add('a');
  const k = await q.get();
  q.add('a');
  assert.equal(q.length, 0, 'not queued while processing');
  q.done(k!);
  assert.equal(q.length, 1);
  assert.equal(await q.get(), 'a');
});

test('a waiting get receives the next key; shutDown releases waiters with undefined', async () => {
  const q = new WorkQueue<string>({ clock: new FakeClock() });
  const waiting = q.get();
  q.add('x');
  assert.equal(await waiting, 'x');
  const second = q.get();
  q.shutDown();
  assert.equal(await second, undefined);
  q.add('y');
  assert.equal(await q.get(), undefined);
});

test('addAfter waits on the clock and keeps the earliest time', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>({ clock });
  q.addAfter('a', 1000);
  q.addAfter('a', 5000);
  clock.advance(999);
  assert.equal(q.length, 0);
  clock.advance(1);
  assert.equal(q.length, 1);
  clock.advance(10_000);
  assert.equal(q.length, 1, 'the later add was dropped');
});

test('addRateLimited backs off exponentially per key until forget', () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>({ clock, limiter: new ItemExponentialRateLimiter(5, 1000) });
  q.addRateLimited('a'); // 5 ms
  clock.advance(5);
  assert.equal(q.length, 1);
  q.addRateLimited('b');
  q.addRateLimited('b'); // second failure: 10 ms, but the 5 ms timer is earlier and wins
  assert.equal(q.numRequeues('b'), 2);
  q.forget('b');
  assert.equal(q.numRequeues('b'), 0);
});

test('rate limiters: exponential capped, bucket, and their maximum', () => {
  const exp = new ItemExponentialRateLimiter<string>(5, 100);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map(() => exp.when('k')),
    [5, 10, 20, 40, 80, 100],
  );
  let now = 0;
  const bucket = new BucketRateLimiter<string>(10, 2, () => now);
  assert.equal(bucket.when(), 0);
  assert.equal(bucket.when(), 0);
  assert.equal(bucket.when(), 100, 'third within the burst waits 1/qps');
  now = 1000;
  assert.equal(bucket.when(), 0);
  const max = new MaxOfRateLimiter<string>(
    new ItemExponentialRateLimiter(5, 100),
    new BucketRateLimiter(10, 100, () => 0),
  );
  assert.equal(max.when('z'), 5);
  assert.equal(max.numRequeues('z'), 1);
});
