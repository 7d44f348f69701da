/**
 * The scheduler's Prometheus metrics, with upstream's names: attempts by result and profile,
 * attempt and end-to-end latency, pending pods per queue, preemption attempts and victims. Each
 * scheduler has its own registry (several may run in one process).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueSizes } from './queue/scheduling_queue.js';

const BUCKETS = [
  0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384,
];

/** The metrics of one scheduler. */
export class SchedulerMetrics {
  readonly registry = new Registry();
  readonly attempts: Counter<'result' | 'profile'>;
  readonly attemptDuration: Histogram<'result' | 'profile'>;
  readonly e2eDuration: Histogram<'result' | 'profile'>;
  readonly preemptionAttempts: Counter;
  readonly preemptionVictims: Histogram;
  private sizes: () => QueueSizes = () => ({ active: 0, backoff: 0, unschedulable: 0, gated: 0 });

  constructor() {
    const registers = [this.registry];
    this.attempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result. Unschedulable means a pod could not be scheduled, while error means an internal scheduler problem.',
      labelNames: ['result', 'profile'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: BUCKETS,
      registers,
    });
    this.e2eDuration = new Histogram({
      name: 'scheduler_e2e_scheduling_duration_seconds',
      help: 'E2e scheduling latency in seconds: from the first time a pod was queued until it was bound or rejected',
      labelNames: ['result', 'profile'],
      buckets: BUCKETS,
      registers,
    });
    this.preemptionAttempts = new Counter({
      name: 'scheduler_preemption_attempts_total',
      help: 'Total preemption attempts in the cluster till now',
      registers,
    });
    this.preemptionVictims = new Histogram({
      name: 'scheduler_preemption_victims',
      help: 'Number of selected preemption victims',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    });
    const sizes = () => this.sizes();
    new Gauge({
      name: 'scheduler_pending_pods',
      help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
      labelNames: ['queue'],
      registers,
      collect() {
        const s = sizes();
        this.set({ queue: 'active' }, s.active);
        this.set({ queue: 'backoff' }, s.backoff);
        this.set({ queue: 'unschedulable' }, s.unschedulable);
        this.set({ queue: 'gated' }, s.gated);
      },
    });
  }

  /** Where the pending-pods gauge reads the queue sizes. */
  setQueueSizes(fn: () => QueueSizes): void {
    this.sizes = fn;
  }

  /** Records one attempt's outcome. */
  observeAttempt(
    result: 'scheduled' | 'unschedulable' | 'error',
    profile: string,
    seconds: number,
    e2eSeconds: number,
  ): void {
    this.attempts.inc({ result, profile });
    this.attemptDuration.observe({ result, profile }, seconds);
    this.e2eDuration.observe({ result, profile }, e2eSeconds);
  }
}
