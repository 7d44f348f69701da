import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { waitFor } from '../../test/fixtures/test_cluster.js';
import { Controller } from './controller.js';
import { Expectations } from './expectations.js';
import { FakeClock } from '../client/clock.js';
import type { Reconciler, Request, Result } from './reconciler.js';
import { TerminalError, requestKey } from './reconciler.js';

/** A reconciler whose outcome per call is scripted by the test. */
class ScriptedReconciler implements Reconciler {
  calls: string[] = [];
  constructor(private readonly script: Record<string, (() => Result | void)[]>) {}
  reconcile(req: Request): Promise<Result | void> {
    const key = requestKey(req);
    this.calls.push(key);
    const step = this.script[key]?.shift();
    return Promise.resolve().then(() => step?.());
  }
}

test('errors retry with backoff, requeueAfter re-queues, terminal errors stop', async () => {
  const rec = new ScriptedReconciler({
    'ns/flaky': [
      () => {
        throw new Error('boom');
      },
      () => undefined,
    ],
    'ns/later': [() => ({ requeueAfterMs: 30 }), () => undefined],
    done: [
      () => {
        throw new TerminalError('cannot');
      },
    ],
  });
  const metrics = new Registry();
  const c = new Controller({ name: 'test', reconciler: rec, workers: 2, metrics });
  const ac = new AbortController();
  const run = c.run(ac.signal);
  c.enqueue('ns/flaky');
  c.enqueue('ns/later');
  c.enqueue('done');
  await waitFor(() => rec.calls.length >= 5, 'five reconciles');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(
    rec.calls.filter((k) => k === 'ns/flaky'),
    ['ns/flaky', 'ns/flaky'],
  );
  assert.deepEqual(
    rec.calls.filter((k) => k === 'ns/later'),
    ['ns/later', 'ns/later'],
  );
  assert.deepEqual(
    rec.calls.filter((k) => k === 'done'),
    ['done'],
  );
  const text = await metrics.metrics();
  assert.match(text, /controller_runtime_reconcile_total\{controller="test",result="error"\} 2/);
  assert.match(text, /controller_runtime_reconcile_total\{controller="test",result="requeue_after"\} 1/);
  ac.abort();
  await run;
});

test('expectations block a key until the expected adds and deletes are observed or expire', () => {
  const clock = new FakeClock();
  const e = new Expectations(clock);
  assert.ok(e.satisfied('k'));
  e.expectCreations('k', 2);
  assert.ok(!e.satisfied('k'));
  e.creationObserved('k');
  assert.ok(!e.satisfied('k'));
  e.creationObserved('k');
  assert.ok(e.satisfied('k'));
  e.expectDeletions('k', 1);
  assert.ok(!e.satisfied('k'));
  clock.advance(5 * 60_000 + 1);
  assert.ok(e.satisfied('k'), 'expired');
  e.expectDeletions('j', 1);
  e.delete('j');
  assert.ok(e.satisfied('j'));
});
