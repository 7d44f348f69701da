/**
 * When kube-proxy syncs, as upstream's BoundedFrequencyRunner: a requested sync runs as soon as
 * `minIntervalMs` has passed since the last one started (changes meanwhile coalesce into one
 * run), never two at once, and at least every `maxIntervalMs` even without requests (a periodic
 * full resync). A failed run is retried after `retryMs`. Time comes from the injected clock.
 */
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../client/clock.js';

/** Options of a sync runner. */
export interface SyncRunnerOptions {
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Delay before retrying a failed run (default `minIntervalMs`). */
  retryMs?: number;
  clock: Clock;
  log?: Logger;
}

/** A sync function; `periodic` is true for a run nobody requested (the resync). */
export type SyncFn = (periodic: boolean) => Promise<void>;

/** The runner; see the file comment. */
export class SyncRunner {
  private running = false;
  private requested = false;
  private stopped = true;
  private lastStart = -Infinity;
  private retryAt = -Infinity;
  private timer: TimerHandle | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly fn: SyncFn,
    private readonly opts: SyncRunnerOptions,
  ) {}

  /** Starts the runner with a first run at once; it stops when `signal` aborts. */
  start(signal: AbortSignal): void {
    if (signal.aborted) return;
    this.stopped = false;
    this.requested = true;
    signal.addEventListener('abort', () => this.stop(), { once: true });
    this.schedule();
  }

  /** Asks for a run (coalesced with any other request before it starts). */
  request(): void {
    this.requested = true;
    this.schedule();
  }

  /** Resolves once no run is in progress (after stop, the last run has finished). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.running) return;
    const now = this.opts.clock.now();
    const due = this.requested
      ? Math.max(now, this.lastStart + this.opts.minIntervalMs, this.retryAt)
      : this.lastStart + this.opts.maxIntervalMs;
    this.timer?.cancel();
    this.timer = this.opts.clock.setTimer(() => void this.fire(), due - now, { unref: true });
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.stopped || this.running) return;
    const periodic = !this.requested;
    this.requested = false;
    this.running = true;
    this.lastStart = this.opts.clock.now();
    try {
      await this.fn(periodic);
      this.retryAt = -Infinity;
    } catch (err) {
      this.opts.log?.error({ err }, 'sync failed; retrying');
      this.requested = true;
      this.retryAt = this.opts.clock.now() + (this.opts.retryMs ?? this.opts.minIntervalMs);
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) w();
      this.schedule();
    }
  }
}
