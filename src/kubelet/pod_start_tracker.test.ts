import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeletMetrics } from './kubelet_metrics.js';
import { PodStartTracker } from './pod_start_tracker.js';

/** A tracker on a clock that moves only when told to. */
function tracker() {
  let now = 0;
  const metrics = new KubeletMetrics();
  const t = new PodStartTracker(metrics, () => now);
  return { t, metrics, advance: (ms: number) => void (now += ms) };
}

async function histogramCount(m: KubeletMetrics, name: string, labels: Record<string, string> = {}) {
  const metric = (await m.registry.getMetricsAsJSON()).find((x) => x.name === name)!;
  const sel = Object.entries(labels);
  const values = metric.values as { metricName?: string; labels: Record<string, unknown>; value: number }[];
  return values.find((v) => v.metricName === `${name}_count` && sel.every(([k, val]) => v.labels[k] === val))
    ?.value;
}

describe('PodStartTracker', () => {
  it('splits a start into worker start, the timed steps and CRI calls, status write and the rest', async () => {
    const { t, metrics, advance } = tracker();
    t.seen('u1', 'ns/p');
    advance(30); // waiting for a worker
    const phases = await t.within('u1', async () => {
      await t.time('volumes', async () => advance(10));
      advance(5); // the kubelet's own work: no phase
      t.add('run_podsandbox', 100);
      advance(100);
      t.add('start_container', 40);
      advance(40);
      t.running('u1');
      advance(15); // the status PATCH
      return t.statusWritten('u1');
    });
    assert.deepEqual(phases, {
      totalMs: 200,
      phases: {
        worker_start: 30,
        volumes: 10,
        run_podsandbox: 100,
        start_container: 40,
        status_write: 15,
        other: 5,
      },
    });
    assert.equal(await histogramCount(metrics, 'kubelet_pod_start_duration_seconds'), 1);
    assert.equal(await histogramCount(metrics, 'kubelet_pod_worker_start_duration_seconds'), 1);
    assert.equal(
      await histogramCount(metrics, 'kubelet_pod_start_phase_duration_seconds', { phase: 'run_podsandbox' }),
      1,
    );
  });

  it('counts a start once: later syncs and writes of a running pod add nothing', async () => {
    const { t, metrics, advance } = tracker();
    t.seen('u1', 'ns/p');
    await t.within('u1', async () => {
      t.running('u1');
      t.statusWritten('u1');
    });
    await t.within('u1', async () => {
      t.add('container_status', 3);
      advance(10);
      t.running('u1');
      assert.equal(t.statusWritten('u1'), undefined);
    });
    assert.equal(await histogramCount(metrics, 'kubelet_pod_start_duration_seconds'), 1);
  });

  it('attributes CRI calls to the pod whose sync makes them, with syncs of other pods interleaved', async () => {
    const { t, advance } = tracker();
    t.seen('a', 'ns/a');
    t.seen('b', 'ns/b');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = t.within('a', async () => {
      await gate;
      t.add('run_podsandbox', 7);
      t.running('a');
      return t.statusWritten('a');
    });
    const b = t.within('b', async () => {
      t.add('run_podsandbox', 50);
      release();
      await Promise.resolve();
      t.running('b');
      return t.statusWritten('b');
    });
    advance(0);
    const [pa, pb] = await Promise.all([a, b]);
    assert.equal(pa?.phases.run_podsandbox, 7);
    assert.equal(pb?.phases.run_podsandbox, 50);
  });

  it('ignores pods it did not see starting and calls outside any sync', async () => {
    const { t, metrics } = tracker();
    t.add('run_podsandbox', 10);
    await t.within('unknown', async () => t.running('unknown'));
    assert.equal(t.statusWritten('unknown'), undefined);
    assert.equal(await histogramCount(metrics, 'kubelet_pod_start_duration_seconds'), 0);
  });
});
