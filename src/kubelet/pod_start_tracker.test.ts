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
    t.syncing('u1');
    await t.time('u1', 'volumes', async () => advance(10));
    advance(5); // the kubelet's own work: no phase
    const runtime = t.timedCri('u1', {
      runPodSandbox: async () => advance(100),
      startContainer: async () => advance(40),
    });
    await runtime.runPodSandbox();
    await runtime.startContainer();
    t.running('u1');
    advance(15); // the status PATCH
    assert.deepEqual(t.statusWritten('u1'), {
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

  it('counts a start once: later syncs and writes of a running pod add nothing, their CRI calls go untimed', async () => {
    const { t, metrics, advance } = tracker();
    t.seen('u1', 'ns/p');
    t.syncing('u1');
    t.running('u1');
    t.statusWritten('u1');
    const service = { containerStatus: async () => advance(3) };
    assert.equal(t.timedCri('u1', service), service);
    t.syncing('u1');
    t.add('u1', 'container_status', 3);
    t.running('u1');
    assert.equal(t.statusWritten('u1'), undefined);
    assert.equal(await histogramCount(metrics, 'kubelet_pod_start_duration_seconds'), 1);
    assert.equal(await histogramCount(metrics, 'kubelet_pod_worker_start_duration_seconds'), 1);
  });

  it('keeps the phases of pods starting at once apart', () => {
    const { t } = tracker();
    t.seen('a', 'ns/a');
    t.seen('b', 'ns/b');
    t.add('a', 'run_podsandbox', 7);
    t.add('b', 'run_podsandbox', 50);
    t.running('a');
    t.running('b');
    assert.equal(t.statusWritten('a')?.phases.run_podsandbox, 7);
    assert.equal(t.statusWritten('b')?.phases.run_podsandbox, 50);
  });

  it('ignores pods it did not see starting', async () => {
    const { t, metrics } = tracker();
    t.add('unknown', 'run_podsandbox', 10);
    t.syncing('unknown');
    t.running('unknown');
    assert.equal(t.starting('unknown'), false);
    assert.equal(t.statusWritten('unknown'), undefined);
    assert.equal(await histogramCount(metrics, 'kubelet_pod_start_duration_seconds'), 0);
  });
});
