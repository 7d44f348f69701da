import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../client/clock.js';
import { CrashBackoff } from './crash_backoff.js';

describe('CrashBackoff', () => {
  it('restarts at once, then waits 10 s doubling to 5 min, and forgets after 10 min', () => {
    const clock = new FakeClock();
    const b = new CrashBackoff(clock);
    const k = 'pod/c';
    assert.equal(b.isInBackOffSince(k, clock.now()), false);
    b.next(k, clock.now());
    assert.equal(b.get(k), 10_000);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const died = clock.now();
      assert.equal(b.isInBackOffSince(k, died), true);
      waits.push(b.remainingMs(k, died));
      clock.advance(b.get(k));
      assert.equal(b.isInBackOffSince(k, died), false);
      b.next(k, died);
    }
    assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    // Running for more than twice the maximum resets it.
    clock.advance(11 * 60_000);
    assert.equal(b.isInBackOffSince(k, clock.now()), false);
    b.next(k, clock.now());
    assert.equal(b.get(k), 10_000);
  });
});
