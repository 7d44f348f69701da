/**
 * A controller: a work queue of keys fed by informers, and workers that hand each key to a
 * `Reconciler`, as controller-runtime's controller. Only this file takes keys off the queue:
 * a key is reconciled by one worker at a time; errors retry with backoff; `requeueAfterMs`
 * re-queues; a `TerminalError` drops the key.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { KubeObject } from '../api/object.js';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import type { Informer } from '../client/informer.js';
import { objectKey, splitKey } from '../client/object_cache.js';
import { WorkQueue } from '../client/work_queue.js';
import { ControllerMetrics } from './metrics.js';
import type { Reconciler } from './reconciler.js';
import { TerminalError } from './reconciler.js';

/** Options of a controller. */
export interface ControllerOptions {
  /** Upstream's controller name (`deployment`, `replicaset`, …). */
  name: string;
  reconciler: Reconciler;
  /** Parallel workers (distinct keys reconcile concurrently); 1 by default. */
  workers?: number;
  log?: Logger;
  clock?: Clock;
  metrics?: Registry;
}

/** Maps a changed object to the keys of the objects to reconcile. */
export type KeyMapper<T extends KubeObject> = (obj: T) => Iterable<string> | undefined;

/** A queue of keys and the workers reconciling them. */
export class Controller {
  readonly queue: WorkQueue<string>;
  readonly name: string;
  private readonly informers: Informer<KubeObject>[] = [];
  private readonly metrics: ControllerMetrics | undefined;

  constructor(private readonly opts: ControllerOptions) {
    this.name = opts.name;
    this.queue = new WorkQueue<string>({ clock: opts.clock ?? realClock });
    this.metrics = opts.metrics ? ControllerMetrics.for(opts.metrics) : undefined;
  }

  /**
   * Reconciles on every change of `informer`'s objects: the object's own key, or the keys
   * `map` returns (for both the old and the new object of an update).
   */
  watch<T extends KubeObject>(informer: Informer<T>, map?: KeyMapper<T>): this {
    this.informers.push(informer as unknown as Informer<KubeObject>);
    const keys = (obj: T): Iterable<string> => (map ? (map(obj) ?? []) : [objectKey(obj)]);
    informer.addHandler({
      onAdd: (o) => this.enqueueAll(keys(o)),
      onUpdate: (a, b) => {
        this.enqueueAll(keys(a));
        this.enqueueAll(keys(b));
      },
      onDelete: (o) => this.enqueueAll(keys(o)),
    });
    return this;
  }

  /** Waits for `informer` to sync before workers start, without reconciling on its events. */
  needs(informer: Informer<KubeObject> | Informer<never>): this {
    this.informers.push(informer as unknown as Informer<KubeObject>);
    return this;
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const k of keys) this.enqueue(k);
  }

  /** Queues `key` for reconciliation. */
  enqueue(key: string): void {
    this.metrics?.adds.inc({ name: this.name });
    this.queue.add(key);
    this.metrics?.depth.set({ name: this.name }, this.queue.length);
  }

  /** Queues `key` after `ms`. */
  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /**
   * Waits for the watched informers to sync, then runs the workers until `signal` aborts; the
   * informers must be started by their factory. Resolves once the workers have stopped.
   */
  async run(signal: AbortSignal): Promise<void> {
    setMaxListeners(0, signal);
    try {
      await Promise.all(this.informers.map((i) => i.waitForSync(signal)));
    } catch {
      return;
    }
    if (signal.aborted) return;
    signal.addEventListener('abort', () => this.queue.shutDown(), { once: true });
    const workers = Array.from({ length: this.opts.workers ?? 1 }, () => this.worker(signal));
    this.opts.log?.debug({ controller: this.name }, 'controller started');
    await Promise.all(workers);
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.metrics?.depth.set({ name: this.name }, this.queue.length);
      const end = this.metrics?.reconcileSeconds.startTimer({ controller: this.name });
      try {
        const result = await this.opts.reconciler.reconcile(splitKey(key), signal);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) {
          this.queue.addAfter(key, result.requeueAfterMs);
          this.metrics?.reconciles.inc({ controller: this.name, result: 'requeue_after' });
        } else this.metrics?.reconciles.inc({ controller: this.name, result: 'success' });
      } catch (err) {
        this.metrics?.reconciles.inc({ controller: this.name, result: 'error' });
        if (signal.aborted) {
          // Stopping: the error is the abort's consequence.
        } else if (err instanceof TerminalError) {
          this.queue.forget(key);
          this.opts.log?.error({ err, controller: this.name, key }, 'reconcile failed permanently');
        } else {
          this.metrics?.retries.inc({ name: this.name });
          this.queue.addRateLimited(key);
          const level = this.queue.numRequeues(key) > 5 ? 'warn' : 'debug';
          this.opts.log?.[level]({ err, controller: this.name, key }, 'reconcile failed; will retry');
        }
      } finally {
        end?.();
        this.queue.done(key);
      }
    }
  }
}
