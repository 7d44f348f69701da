/**
 * An informer, as client-go's shared informer: it LISTs a resource, then WATCHes from the list's
 * revision (with bookmarks), keeping an indexed cache of the objects and telling its handlers of
 * every add, update and delete. A compacted revision (410 Gone) makes it relist and report the
 * difference; a broken connection makes it re-watch from the last revision it saw, with backoff.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import { StatusError } from '../api/status_error.js';
import { Backoff } from './backoff.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import type { IndexFunc } from './object_cache.js';
import { ObjectCache, objectKey } from './object_cache.js';
import type { ResourceClient } from './resource_client.js';

/** Handlers of changes; called synchronously, in order, and must not mutate the objects. */
export interface InformerHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** The object as last seen (its final state when the watch delivered one). */
  onDelete?(obj: T): void;
}

/** What an informer watches. */
export interface InformerOptions {
  /** Only this namespace ('' or absent: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  log?: Logger;
  clock?: Clock;
}

/** A list+watch cache of one resource. */
export class Informer<T extends KubeObject> {
  /** The objects, indexed; read-only for callers. */
  readonly cache = new ObjectCache<T>();
  private readonly handlers: InformerHandler<T>[] = [];
  private resourceVersion = '';
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private running = false;
  private readonly clock: Clock;

  constructor(
    readonly client: ResourceClient<T>,
    private readonly opts: InformerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** Registers a handler; it is first told of the objects already cached as adds. */
  addHandler(h: InformerHandler<T>): void {
    this.handlers.push(h);
    if (h.onAdd) for (const obj of this.cache.list()) this.call(() => h.onAdd!(obj));
  }

  /** Adds an index to the cache. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    this.cache.addIndex(name, fn);
  }

  /** Whether the initial list has been loaded. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the initial list has been loaded (or rejects when `signal` aborts). */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal!.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** The revision the cache reflects. */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Starts the list+watch loop; it runs until `signal` aborts. Starting twice is a no-op. */
  start(signal: AbortSignal): void {
    if (this.running) return;
    this.running = true;
    void this.run(signal).finally(() => (this.running = false));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log?.error({ err, resource: this.client.type.resource }, 'informer handler failed');
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialMs: 800, maxMs: 30_000, jitter: 0.2, resetAfterMs: 120_000 }, () =>
      this.clock.now(),
    );
    const ns = this.opts.namespace ?? '';
    const sel = { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector };
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) {
          const list = await this.client.list(ns, { ...sel, signal });
          this.replace(list.items);
          this.resourceVersion = list.metadata.resourceVersion ?? '';
          this.markSynced();
        }
        const started = this.clock.now();
        let events = 0;
        const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
        for await (const ev of this.client.watch(ns, {
          ...sel,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
          signal,
        })) {
          events++;
          this.apply(ev.type, ev.object);
        }
        // A watch that the server ended at once and empty is treated as a failure (no hot loop).
        if (events === 0 && this.clock.now() - started < 1000)
          await sleep(backoff.next(), signal, this.clock);
      } catch (err) {
        if (signal.aborted) break;
        if (
          err instanceof StatusError &&
          (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')
        ) {
          this.opts.log?.debug(
            { resource: this.client.type.resource },
            'watch revision compacted; relisting',
          );
          this.resourceVersion = '';
          continue;
        }
        this.opts.log?.warn({ err, resource: this.client.type.resource }, 'list/watch failed; retrying');
        try {
          await sleep(backoff.next(), signal, this.clock);
        } catch {
          break;
        }
      }
    }
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private apply(type: string, obj: T): void {
    const rv = obj.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    if (type === 'DELETED') {
      const old = this.cache.delete(objectKey(obj));
      if (old) for (const h of this.handlers) if (h.onDelete) this.call(() => h.onDelete!(obj));
    } else {
      const old = this.cache.set(obj);
      for (const h of this.handlers) {
        if (old) {
          if (h.onUpdate) this.call(() => h.onUpdate!(old, obj));
        } else if (h.onAdd) this.call(() => h.onAdd!(obj));
      }
    }
    if (rv) this.resourceVersion = rv;
  }

  /** Replaces the cache with a fresh list, telling handlers the difference. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      seen.add(objectKey(obj));
      const old = this.cache.get(objectKey(obj));
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.apply('MODIFIED', obj);
    }
    for (const key of this.cache.keys()) {
      if (seen.has(key)) continue;
      const old = this.cache.get(key)!;
      this.apply('DELETED', old);
    }
  }
}
