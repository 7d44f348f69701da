import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../client/clock.js';
import { PodWorkers } from './pod_workers.js';

/** Syncs that stay open until released, recording which keys run at once. */
function gatedSyncs() {
  const open = new Map<string, () => void>();
  const started: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const sync = (uid: string) =>
    new Promise<undefined>((resolve) => {
      started.push(uid);
      running++;
      maxRunning = Math.max(maxRunning, running);
      open.set(uid, () => {
        running--;
        open.delete(uid);
        resolve(undefined);
      });
    });
  const release = async (uid: string) => {
    open.get(uid)!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { sync, open, started, release, max: () => maxRunning };
}

describe('PodWorkers', () => {
  it('syncs every pod of a burst at once by default (no queue behind the first ones)', () => {
    const g = gatedSyncs();
    const w = new PodWorkers(g.sync, new FakeClock(), () => undefined);
    for (let i = 0; i < 40; i++) w.update(`pod-${i}`);
    assert.equal(g.started.length, 40);
    assert.equal(g.max(), 40);
  });

  it('queues past an explicit limit and starts the waiting ones in arrival order', async () => {
    const g = gatedSyncs();
    const w = new PodWorkers(g.sync, new FakeClock(), () => undefined, 2);
    for (const uid of ['a', 'b', 'c', 'd']) w.update(uid);
    assert.deepEqual(g.started, ['a', 'b']);
    await g.release('a');
    assert.deepEqual(g.started, ['a', 'b', 'c']);
    await g.release('b');
    assert.deepEqual(g.started, ['a', 'b', 'c', 'd']);
    assert.equal(g.max(), 2);
  });

  it('never overlaps syncs of one pod, and coalesces changes made meanwhile into one more sync', async () => {
    const g = gatedSyncs();
    const w = new PodWorkers(g.sync, new FakeClock(), () => undefined);
    w.update('a');
    w.update('a');
    w.update('a');
    assert.deepEqual(g.started, ['a']);
    assert.equal(w.syncing('a'), true);
    assert.equal(w.syncing('b'), false);
    await g.release('a');
    assert.deepEqual(g.started, ['a', 'a']);
    await g.release('a');
    assert.deepEqual(g.started, ['a', 'a']);
    await w.whenIdle();
    assert.equal(w.syncing('a'), false);
  });

  it('syncs again after the delay a sync asks for', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const w = new PodWorkers(
      async () => (++calls === 1 ? 1000 : undefined),
      clock,
      () => undefined,
    );
    w.update('a');
    await w.whenIdle();
    assert.equal(calls, 1);
    clock.advance(999);
    assert.equal(calls, 1);
    clock.advance(1);
    await w.whenIdle();
    assert.equal(calls, 2);
  });
});
