/**
 * A work queue of keys, as client-go's rate-limited workqueue: a key is queued at most once
 * however often it is added; a key being processed is not handed out again until `done`, and if
 * it was added meanwhile it is queued again then. Delayed and rate-limited adds wait on the clock.
 */
import type { Clock, TimerHandle } from './clock.js';
import { realClock } from './clock.js';
import type { RateLimiter } from './rate_limiter.js';
import { defaultControllerRateLimiter } from './rate_limiter.js';

/** A deduplicating, rate-limited queue of keys. */
export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private head = 0;
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiting = new Map<K, { at: number; timer: TimerHandle }>();
  private readonly getters: ((k: K | undefined) => void)[] = [];
  private shuttingDown = false;
  private readonly clock: Clock;
  readonly limiter: RateLimiter<K>;

  constructor(opts: { clock?: Clock; limiter?: RateLimiter<K> } = {}) {
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.limiter ?? defaultControllerRateLimiter<K>(() => this.clock.now());
  }

  /** Queues `key` unless it is already queued; a key in processing is queued after `done`. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(key);
      this.processing.add(key);
      getter(key);
      return;
    }
    this.queue.push(key);
  }

  /** Queues `key` after `ms` (at once when `ms <= 0`); an earlier pending time wins. */
  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const w = this.waiting.get(key);
    if (w && w.at <= at) return;
    w?.timer.cancel();
    const timer = this.clock.setTimer(
      () => {
        this.waiting.delete(key);
        this.add(key);
      },
      ms,
      { unref: true },
    );
    this.waiting.set(key, { at, timer });
  }

  /** Queues `key` after the rate limiter's delay (a failure of `key`). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.limiter.when(key));
  }

  /** Forgets the failures of `key` (it succeeded). */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** Failures of `key` since it was last forgotten. */
  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  /** The next key to process; undefined once the queue shuts down. */
  get(): Promise<K | undefined> {
    if (this.head < this.queue.length) {
      const key = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` processed; re-queues it if it was added while processing. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  /** Keys queued (not counting those processing or waiting). */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Stops handing out keys: waiting `get`s resolve undefined, timers are cancelled. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }
}
