/**
 * Where a pod's first start spends its time, from the kubelet seeing the pod to its Running
 * status written to the API (upstream's pod startup latency tracker, split finer). While a pod
 * starts, its syncs make their CRI calls through `timedCri` (each call's time lands in the phase
 * of its operation type) and time the kubelet's own steps with `time`;
 * `worker_start` is the wait from seen to the first sync, `other` what no phase covers (the
 * event loop, the kubelet's own computing, waits between syncs). Calls that overlap (a list of
 * sandboxes beside a list of containers) are each counted in full. When the Running status is
 * written the phases are observed once into `kubelet_pod_start_phase_duration_seconds` and,
 * at debug level, logged on one line.
 */
import type { Logger } from 'pino';
import { instrumentCri } from './cri/instrumented_runtime.js';
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

  /** A sync of the pod `uid` begins (the first one ends its `worker_start`). */
  syncing(uid: string): void {
    const start = this.starts.get(uid);
    if (!start || start.syncStarted) return;
    start.syncStarted = true;
    const waited = this.now() - start.seenAt;
    start.phases.set('worker_start', waited);
    this.metrics.podWorkerStartDuration.observe(waited / 1000);
  }

  /** True while the pod `uid` is starting (seen, its Running status not yet computed). */
  starting(uid: string): boolean {
    const start = this.starts.get(uid);
    return start !== undefined && start.runningAt === undefined;
  }

  /** Adds `ms` to `phase` of the pod `uid` (if it is still starting). */
  add(uid: string, phase: string, ms: number): void {
    const start = this.starts.get(uid);
    if (!start || start.runningAt !== undefined) return;
    start.phases.set(phase, (start.phases.get(phase) ?? 0) + ms);
  }

  /** Runs `fn` and adds its duration to `phase` of the pod `uid`. */
  async time<T>(uid: string, phase: string, fn: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await fn();
    } finally {
      this.add(uid, phase, this.now() - t0);
    }
  }

  /**
   * `service` for the calls of one sync of the pod `uid`: while the pod starts, each call's time
   * is added to the phase of its operation type; afterwards `service` itself.
   */
  timedCri<T extends object>(uid: string, service: T): T {
    if (!this.starting(uid)) return service;
    return instrumentCri(service, (op, ms) => this.add(uid, op, ms), this.now);
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
