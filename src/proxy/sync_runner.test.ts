import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../client/clock.js';
import { SyncRunner } from './sync_runner.js';

const flush = () => new Promise((r) => setImmediate(r));

function setup(fail = () => false) {
  const clock = new FakeClock();
  const runs: Array<{ at: number; periodic: boolean }> = [];
  const start = clock.now();
  const runner = new SyncRunner(
    async (periodic) => {
      runs.push({ at: clock.now() - start, periodic });
      if (fail()) throw new Error('boom');
    },
    { minIntervalMs: 1000, maxIntervalMs: 30_000, retryMs: 5000, clock },
  );
  return { clock, runs, runner };
}

test('requests coalesce and respect the minimum interval; a resync comes without requests', async () => {
  const { clock, runs, runner } = setup();
  const ac = new AbortController();
  runner.start(ac.signal);
  clock.advance(0);
  await flush();
  assert.deepEqual(runs, [{ at: 0, periodic: false }]);
  runner.request();
  runner.request();
  runner.request();
  clock.advance(999);
  await flush();
  assert.equal(runs.length, 1, 'not before the minimum interval');
  clock.advance(1);
  await flush();
  assert.deepEqual(runs[1], { at: 1000, periodic: false });
  assert.equal(runs.length, 2, 'three requests, one run');
  clock.advance(30_000);
  await flush();
  assert.deepEqual(runs[2], { at: 31_000, periodic: true });
  ac.abort();
  clock.advance(100_000);
  await flush();
  assert.equal(runs.length, 3, 'nothing after stop');
});

test('a failed run is retried after the retry delay', async () => {
  let failures = 1;
  const { clock, runs, runner } = setup(() => failures-- > 0);
  const ac = new AbortController();
  runner.start(ac.signal);
  clock.advance(0);
  await flush();
  clock.advance(4999);
  await flush();
  assert.equal(runs.length, 1);
  clock.advance(1);
  await flush();
  assert.deepEqual(runs[1], { at: 5000, periodic: false });
  ac.abort();
});
