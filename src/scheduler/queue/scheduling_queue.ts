/**
 * The scheduling queue (upstream's `PriorityQueue`): an active queue ordered by the QueueSort
 * plugin; a backoff queue of pods waiting out an exponential backoff (initial × 2^(attempts−1),
 * capped); and a pool of unschedulable pods, moved back when an event that one of the plugins
 * that rejected them registered happens, or after 5 minutes. Pods held back by PreEnqueue wait in
 * the pool until an update lets them in. Backoff completion is flushed every second, the pool
 * every 30 seconds.
 */
import type { Pod } from '../../api/types/pod.js';
import type { Clock, TimerHandle } from '../../client/clock.js';
import type { ClusterEvent } from '../framework/events.js';
import { eventMatches } from '../framework/events.js';
import type { QueuedPodInfo } from '../framework/interfaces.js';
import type { Status } from '../framework/status.js';
import { KeyedHeap } from './heap.js';

/** What the queue needs from the profiles. */
export interface QueueProfiles {
  /** PreEnqueue of the pod's profile. */
  preEnqueue(pod: Pod): Status;
  /** The events plugin `name` of the pod's profile registered. */
  eventsOf(pod: Pod, plugin: string): readonly ClusterEvent[];
}

/** Options of the queue. */
export interface SchedulingQueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  clock: Clock;
  profiles: QueueProfiles;
  priority: (pod: Pod) => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a pod may stay in the pool before it is retried anyway (default 5 min). */
  maxInUnschedulableMs?: number;
}

const keyOf = (p: Pod) => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;

/** Sizes of the queue's parts (for metrics). */
export interface QueueSizes {
  active: number;
  backoff: number;
  unschedulable: number;
  gated: number;
}

/** The scheduling queue. */
export class SchedulingQueue {
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Pods popped and not yet done, with their latest object (undefined: deleted meanwhile). */
  private readonly inFlight = new Map<string, Pod | undefined>();
  private readonly waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private closed = false;
  private timers: TimerHandle[] = [];
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.activeQ = new KeyedHeap((q) => q.key, opts.less);
    this.backoffQ = new KeyedHeap(
      (q) => q.key,
      (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
    );
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = opts.maxInUnschedulableMs ?? 5 * 60_000;
  }

  /** Starts the periodic flushes (until `close`). */
  run(): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (this.closed) return;
        fn();
        this.timers.push(this.clock.setTimer(tick, ms, { unref: true }));
        if (this.timers.length > 8) this.timers = this.timers.slice(-4);
      };
      this.timers.push(this.clock.setTimer(tick, ms, { unref: true }));
    };
    every(1000, () => this.flushBackoffQCompleted());
    every(30_000, () => this.flushUnschedulableLeftover());
  }

  /** Stops the queue: pending and future pops resolve undefined. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** Wakes pending pops with undefined without closing the queue (a loop stopping). */
  interrupt(): void {
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** The current scheduling cycle (incremented by each pop). */
  get cycle(): number {
    return this.schedulingCycle;
  }

  /** Sizes of the active queue, backoff queue, pool and gated pods. */
  sizes(): QueueSizes {
    let gated = 0;
    for (const q of this.unschedulable.values()) if (q.gatedBy) gated++;
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulable.size - gated,
      gated,
    };
  }

  private newQueued(pod: Pod): QueuedPodInfo {
    const now = this.clock.now();
    return {
      pod,
      key: keyOf(pod),
      initialAttemptTimestamp: now,
      timestamp: now,
      attempts: 0,
      unschedulablePlugins: new Set(),
      gatedBy: '',
      priority: this.opts.priority(pod),
    };
  }

  /** Whether the pod is anywhere in the queue (or being scheduled). */
  has(pod: Pod): boolean {
    const k = keyOf(pod);
    return this.activeQ.has(k) || this.backoffQ.has(k) || this.unschedulable.has(k) || this.inFlight.has(k);
  }

  /** Moves `q` to the active queue unless PreEnqueue holds it back (then into the pool, gated). */
  private toActive(q: QueuedPodInfo): boolean {
    const s = this.opts.profiles.preEnqueue(q.pod);
    if (!s.isSuccess()) {
      q.gatedBy = s.plugin || 'PreEnqueue';
      this.unschedulable.set(q.key, q);
      return false;
    }
    q.gatedBy = '';
    this.unschedulable.delete(q.key);
    this.backoffQ.delete(q.key);
    this.activeQ.push(q);
    const w = this.waiters.shift();
    if (w) w(this.popNow());
    return true;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    if (this.closed || this.has(pod)) return;
    this.toActive(this.newQueued(pod));
  }

  private popNow(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    this.schedulingCycle++;
    this.inFlight.set(q.key, q.pod);
    return q;
  }

  /** The next pod to schedule; waits while the active queue is empty; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const q = this.popNow();
    if (q) return Promise.resolve(q);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks the popped pod finished (bound, requeued or dropped). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** The latest object of a popped pod, undefined if it was deleted meanwhile. */
  latest(key: string): Pod | undefined {
    return this.inFlight.get(key);
  }

  private backoffDuration(q: QueuedPodInfo): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.maxBackoffMs - d) return this.maxBackoffMs;
      d *= 2;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return this.backoffExpiry(q) > this.clock.now();
  }

  /**
   * Requeues a pod that failed its cycle (popped in cycle `podCycle`): to the backoff queue when
   * it failed with an error or a move request arrived during its cycle, else to the pool.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podCycle: number): void {
    const latest = this.inFlight.get(q.key);
    const wasInFlight = this.inFlight.has(q.key);
    this.inFlight.delete(q.key);
    if (this.closed || (wasInFlight && latest === undefined)) return;
    if (this.activeQ.has(q.key) || this.backoffQ.has(q.key) || this.unschedulable.has(q.key)) return;
    if (latest) {
      q.pod = latest;
      q.priority = this.opts.priority(latest);
    }
    q.timestamp = this.clock.now();
    if (q.unschedulablePlugins.size === 0 || this.moveRequestCycle >= podCycle) this.backoffQ.push(q);
    else this.unschedulable.set(q.key, q);
  }

  /** A pending pod changed. */
  update(oldPod: Pod, newPod: Pod): void {
    const k = keyOf(newPod);
    if (this.inFlight.has(k)) {
      this.inFlight.set(k, newPod);
      return;
    }
    for (const h of [this.activeQ, this.backoffQ]) {
      const q = h.get(k);
      if (q) {
        q.pod = newPod;
        q.priority = this.opts.priority(newPod);
        h.push(q);
        return;
      }
    }
    const q = this.unschedulable.get(k);
    if (!q) return this.add(newPod);
    q.pod = newPod;
    q.priority = this.opts.priority(newPod);
    if (q.gatedBy) {
      this.toActive(q);
      return;
    }
    if (specChanged(oldPod, newPod)) {
      this.unschedulable.delete(k);
      if (this.isBackingOff(q)) this.backoffQ.push(q);
      else this.toActive(q);
    }
  }

  /** A pending pod was deleted (or bound elsewhere). */
  delete(pod: Pod): void {
    const k = keyOf(pod);
    if (this.inFlight.has(k)) this.inFlight.set(k, undefined);
    this.activeQ.delete(k);
    this.backoffQ.delete(k);
    this.unschedulable.delete(k);
  }

  private matches(q: QueuedPodInfo, ev: ClusterEvent): boolean {
    if (ev.resource === '*') return true;
    if (q.unschedulablePlugins.size === 0) return true;
    for (const plugin of q.unschedulablePlugins)
      for (const reg of this.opts.profiles.eventsOf(q.pod, plugin)) if (eventMatches(reg, ev)) return true;
    return false;
  }

  /** An event happened: pods in the pool it may help go to the active (or backoff) queue. */
  moveAllToActiveOrBackoffQueue(ev: ClusterEvent, pre?: (pod: Pod) => boolean): void {
    this.moveRequestCycle = this.schedulingCycle;
    for (const q of [...this.unschedulable.values()]) {
      if (q.gatedBy) continue;
      if (!this.matches(q, ev) || (pre && !pre(q.pod))) continue;
      this.unschedulable.delete(q.key);
      if (this.isBackingOff(q)) this.backoffQ.push(q);
      else this.toActive(q);
    }
  }

  /** Moves pods whose backoff has expired to the active queue. */
  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.backoffExpiry(q) > now) break;
      this.backoffQ.pop();
      this.toActive(q);
    }
  }

  /** Moves pods that stayed in the pool longer than the maximum. */
  flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    for (const q of [...this.unschedulable.values()]) {
      if (q.gatedBy || now - q.timestamp < this.maxInUnschedulableMs) continue;
      this.unschedulable.delete(q.key);
      if (this.isBackingOff(q)) this.backoffQ.push(q);
      else this.toActive(q);
    }
  }

  /** The pods in the pool (for tests and debugging). */
  unschedulablePods(): Pod[] {
    return [...this.unschedulable.values()].map((q) => q.pod);
  }

  /** The pods waiting in the active and backoff queues. */
  pendingPods(): Pod[] {
    return [...this.activeQ.list(), ...this.backoffQ.list()].map((q) => q.pod);
  }
}

/** Whether a pod changed beyond metadata bookkeeping and status (upstream's `isPodUpdated`). */
export function specChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) =>
    JSON.stringify({
      labels: p.metadata.labels,
      annotations: p.metadata.annotations,
      spec: p.spec,
    });
  return strip(a) !== strip(b);
}
