/**
 * Where a pod's first start spends its time, from the kubelet seeing the pod to its Running
 * status written to the API (upstream's pod startup latency tracker, split finer). Each sync of
 * the pod runs `within` its uid, so the time of every CRI call made on its behalf (`add`, from
 * the instrumented runtime) and of the kubelet's own steps (`time`) lands in that pod's phases;
 * `worker_start` is the wait from seen to the first sync, `other` what no phase covers (the
 * event loop, the kubelet's own computing, waits between syncs). Calls that overlap (a list of
 * sandboxes beside a list of containers) are each counted in full. When the Running status is
 * written the phases are observed once into `kubelet_pod_start_phase_duration_seconds` and,
 * at debug level, logged on one line.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { KubeletMetrics } from './kubelet_metrics.js';

interface Start {
  name: string;
  seenAt: number;
  syncStarted: boolean;
  runningAt?: number;
  phases: Map<string, number>;
}

/** A pod start's phases in milliseconds, as `statusWritten` reports them. */
export interface PodStartPhases {
  /** Seen → Running status written. */
  totalMs: number;
  /** Phase → milliseconds (`worker_start`, `other`, CRI operations, kubelet steps). */
  phases: Record<string, number>;
}

/** Tracks the first start of each pod (see the file comment). */
export class PodStartTracker {
  private readonly starts = new Map<string, Start>();
  private readonly current = new AsyncLocalStorage<Start>();

  constructor(
    private readonly metrics: KubeletMetrics,
    private readonly now: () => number,
    private readonly log?: Logger,
  ) {}

  /** The kubelet saw the pod `uid`; only the first time counts. */
  seen(uid: string, name: string): void {
    if (!this.starts.has(uid))
      this.starts.set(uid, { name, seenAt: this.now(), syncStarted: false, phases: new Map() });
  }

  /** Runs one sync of the pod `uid`, attributing the phases timed meanwhile to it. */
  within<T>(uid: string, fn: () => Promise<T>): Promise<T> {
    const start = this.starts.get(uid);
    if (!start) return fn();
    if (!start.syncStarted) {
      start.syncStarted = true;
      const waited = this.now() - start.seenAt;
      start.phases.set('worker_start', waited);
      this.metrics.podWorkerStartDuration.observe(waited / 1000);
    }
    return this.current.run(start, fn);
  }

  /** Adds `ms` to `phase` of the pod whose sync is running here (if it is still starting). */
  add(phase: string, ms: number): void {
    const start = this.current.getStore();
    if (!start || start.runningAt !== undefined) return;
    start.phases.set(phase, (start.phases.get(phase) ?? 0) + ms);
  }

  /** Runs `fn` and adds its duration to `phase` of the current pod. */
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await fn();
    } finally {
      this.add(phase, this.now() - t0);
    }
  }

  /** The status of `uid` just computed shows it Running: its start ends here (first time only). */
  running(uid: string): void {
    const start = this.starts.get(uid);
    if (!start || start.runningAt !== undefined) return;
    start.runningAt = this.now();
    this.metrics.podStartDuration.observe((start.runningAt - start.seenAt) / 1000);
  }

  /**
   * The Running status of `uid` is in the API: observes and returns its phases (once), with
   * `status_write` the time since `running`.
   */
  statusWritten(uid: string): PodStartPhases | undefined {
    const start = this.starts.get(uid);
    if (!start || start.runningAt === undefined || start.phases.has('status_write')) return undefined;
    const end = this.now();
    start.phases.set('status_write', end - start.runningAt);
    const totalMs = end - start.seenAt;
    let covered = 0;
    for (const ms of start.phases.values()) covered += ms;
    start.phases.set('other', Math.max(0, totalMs - covered));
    const phases = Object.fromEntries(start.phases);
    for (const [phase, ms] of start.phases) this.metrics.podStartPhaseDuration.observe({ phase }, ms / 1000);
    this.log?.debug({ pod: start.name, uid, totalMs, phases }, 'pod start phases');
    return { totalMs, phases };
  }

  /** Forgets the pod `uid` (it is gone). */
  forget(uid: string): void {
    this.starts.delete(uid);
  }
}
