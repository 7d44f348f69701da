import type { KubeObject } from '../../api/object.js';
import { StoreClosedError } from '../../storage/errors.js';
import type { Store, WatchEvent } from '../../storage/store.js';
import type { HubSubscriber, StorageWatchHub } from './storage_watch_hub.js';
import { decodeObject } from './object_codec.js';

/** One object as cached: parsed, and serialized once (with its resourceVersion) for every reader. */
export interface CacheEntry {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly obj: KubeObject;
  /** The object's JSON, resourceVersion included. */
  readonly json: string;
  readonly revision: number;
}

/** A change, as watchers see it. For DELETED, `entry` is the last state at the deletion's revision. */
export interface CacheEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly entry: CacheEntry;
  /** The state before (null for ADDED). */
  readonly prev: CacheEntry | null;
  readonly revision: number;
}

/** Receives a cache watcher's events; `progress` tells of a newer revision with no event for it. */
export interface CacheListener {
  events(events: readonly CacheEvent[]): void;
  progress(revision: number): void;
  /** The cache restarted (history lost); the watcher must end (its client relists). */
  reset(): void;
}

/** Options of a watch cache. */
export interface WatchCacheOptions {
  store: Store;
  /** The shared storage watch feeding every cache. */
  hub: StorageWatchHub;
  /** Storage prefix of the resource, e.g. `/registry/pods/`. */
  prefix: string;
  /** Turns a stored value into the served object (default: the JSON codec). */
  decode?: (value: Uint8Array | string, revision: number) => KubeObject;
  /** Events kept for watchers resuming from an older resourceVersion. */
  capacity?: number;
  /** Told of failures to (re)start; the cache keeps retrying. */
  onError?: (err: unknown) => void;
}

/** Thrown for a watch from a resourceVersion older than the cache's window. */
export class TooOldResourceVersionError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

/**
 * The API server's cache of one resource: every current object and a window of recent events,
 * kept up to date from one storage watch. LIST, GET and WATCH are served from here; each object
 * is serialized once and its bytes shared by all readers.
 */
export class WatchCache implements HubSubscriber {
  private readonly store: Store;
  private readonly hub: StorageWatchHub;
  private readonly prefix: string;
  /** Events delivered while the initial list is read; null once live. */
  private buffered: WatchEvent[][] | null = null;
  private bufferedProgress = 0;
  private readonly capacity: number;
  private readonly onError: (err: unknown) => void;
  private readonly decode: (value: Uint8Array | string, revision: number) => KubeObject;
  private readonly objects = new Map<string, CacheEntry>();
  private sortedKeys: string[] | null = null;
  /** Ring of recent events, oldest first. */
  private ring: CacheEvent[] = [];
  /** Events older than this revision are no longer in the ring. */
  private windowStart = 0;
  private rev = 0;
  private readonly listeners = new Set<CacheListener>();
  private readonly waiters: Array<{ rev: number; resolve: () => void }> = [];
  private ready: Promise<void>;
  private stopped = false;

  constructor(opts: WatchCacheOptions) {
    this.store = opts.store;
    this.hub = opts.hub;
    this.prefix = opts.prefix;
    this.capacity = opts.capacity ?? 8192;
    this.onError = opts.onError ?? (() => undefined);
    this.decode = opts.decode ?? decodeObject;
    this.ready = this.load();
  }

  /** Resolves once the initial list is loaded. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The revision the cache is current at. */
  get revision(): number {
    return this.rev;
  }

  /** Oldest revision a watch may resume from (exclusive start). */
  get oldestResumable(): number {
    return this.windowStart;
  }

  /** Resolves when the cache has seen everything up to `rev`; rejects after `timeoutMs`. */
  async waitFor(rev: number, timeoutMs = 3000): Promise<void> {
    await this.ready;
    if (this.rev >= rev) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = { rev, resolve };
      this.waiters.push(waiter);
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`Too large resource version: ${rev}, current: ${this.rev}`));
      }, timeoutMs);
      waiter.resolve = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** The cache is consistent with storage: waits until it has seen the store's current revision. */
  async waitFresh(): Promise<void> {
    await this.ready;
    await this.waitFor(await this.store.currentRevision());
  }

  /** One object by storage key. */
  get(key: string): CacheEntry | undefined {
    return this.objects.get(key);
  }

  /** Objects whose key starts with `keyPrefix`, in key order, starting after `startAfter` if given. */
  list(keyPrefix: string, startAfter?: string): CacheEntry[] {
    const keys = this.sorted();
    let i = lowerBound(keys, startAfter !== undefined ? startAfter + '\0' : keyPrefix);
    const out: CacheEntry[] = [];
    for (; i < keys.length; i++) {
      const k = keys[i]!;
      if (!k.startsWith(keyPrefix)) break;
      out.push(this.objects.get(k)!);
    }
    return out;
  }

  /** Number of cached objects. */
  get size(): number {
    return this.objects.size;
  }

  /**
   * Subscribes `listener` to events after `afterRevision`, replaying the window first.
   * Throws `TooOldResourceVersionError` when the window no longer reaches back that far.
   * Returns the function that unsubscribes.
   */
  watch(afterRevision: number, listener: CacheListener): () => void {
    if (afterRevision < this.windowStart)
      throw new TooOldResourceVersionError(afterRevision, this.windowStart);
    const backlog = this.eventsAfter(afterRevision);
    if (backlog.length) listener.events(backlog);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the storage watch and ends every watcher. */
  stop(): void {
    this.stopped = true;
    this.hub.detach(this.prefix, this);
    for (const l of this.listeners) l.reset();
    this.listeners.clear();
  }

  private eventsAfter(rev: number): CacheEvent[] {
    // Binary search the ring for the first event after `rev`.
    let lo = 0;
    let hi = this.ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ring[mid]!.revision <= rev) lo = mid + 1;
      else hi = mid;
    }
    return this.ring.slice(lo);
  }

  private sorted(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.objects.keys()].sort();
    return this.sortedKeys;
  }

  /** Lists everything, then watches from the listing's revision. Retries until it succeeds. */
  private async load(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.listAndWatch();
        return;
      } catch (err) {
        if (err instanceof StoreClosedError) {
          this.stopped = true;
          return;
        }
        this.onError(err);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
  }

  private async listAndWatch(): Promise<void> {
    await this.hub.start();
    // Events after `from` arrive from the hub while the list is read; they are applied after it.
    this.buffered = [];
    this.bufferedProgress = 0;
    const from = this.hub.attach(this.prefix, this);
    const objects = new Map<string, CacheEntry>();
    let revision = from;
    let startKey: string | undefined;
    try {
      for (;;) {
        const page = await this.store.list(this.prefix, {
          limit: 5000,
          startKey,
          revision: revision || undefined,
        });
        revision = page.revision;
        for (const kv of page.kvs) objects.set(kv.key, this.entry(kv.key, kv.value, kv.modRevision));
        if (!page.more) break;
        startKey = page.kvs[page.kvs.length - 1]!.key + '\0';
      }
    } catch (err) {
      this.hub.detach(this.prefix, this);
      this.buffered = null;
      throw err;
    }
    const hadHistory = this.rev > 0;
    this.objects.clear();
    for (const [k, v] of objects) this.objects.set(k, v);
    this.sortedKeys = null;
    this.ring = [];
    this.windowStart = revision;
    this.rev = revision;
    if (hadHistory) {
      for (const l of this.listeners) l.reset();
      this.listeners.clear();
    }
    const pending = this.buffered;
    const progress = this.bufferedProgress;
    this.buffered = null;
    for (const events of pending) {
      const newer = events.filter((e) => e.kv.modRevision > revision);
      if (newer.length) this.apply(newer);
    }
    if (progress > this.rev) this.progress(progress);
    this.wake();
  }

  /** Events of this prefix from the shared watch. */
  deliver(events: readonly WatchEvent[]): void {
    if (this.buffered) this.buffered.push([...events]);
    else this.apply(events);
  }

  /** The shared watch has delivered everything up to `revision`. */
  progress(revision: number): void {
    if (this.buffered) {
      this.bufferedProgress = Math.max(this.bufferedProgress, revision);
      return;
    }
    if (revision <= this.rev) return;
    this.rev = revision;
    for (const l of this.listeners) l.progress(revision);
    this.wake();
  }

  /** The shared watch restarted: list again. */
  restart(): void {
    if (this.stopped) return;
    this.ready = this.load();
  }

  private entry(key: string, value: Uint8Array | string, revision: number): CacheEntry {
    const obj = this.decode(value, revision);
    const rest = key.slice(this.prefix.length);
    const slash = rest.indexOf('/');
    const namespace = slash >= 0 ? rest.slice(0, slash) : '';
    const name = slash >= 0 ? rest.slice(slash + 1) : rest;
    return { key, namespace, name, obj, json: JSON.stringify(obj), revision };
  }

  private apply(events: readonly WatchEvent[]): void {
    const out: CacheEvent[] = [];
    for (const e of events) {
      const revision = e.kv.modRevision;
      const prev = this.objects.get(e.kv.key) ?? null;
      if (e.type === 'DELETED') {
        const last = prev ?? (e.prevKv ? this.entry(e.kv.key, e.prevKv.value, e.prevKv.modRevision) : null);
        this.objects.delete(e.kv.key);
        this.sortedKeys = null;
        if (last)
          out.push({
            type: 'DELETED',
            entry: this.entry(e.kv.key, last.json, revision),
            prev: last,
            revision,
          });
      } else {
        const entry = this.entry(e.kv.key, e.kv.value, revision);
        if (!prev) this.sortedKeys = null;
        this.objects.set(e.kv.key, entry);
        out.push({ type: prev ? 'MODIFIED' : 'ADDED', entry, prev, revision });
      }
    }
    for (const ev of out) this.ring.push(ev);
    if (this.ring.length > this.capacity) {
      const drop = this.ring.length - this.capacity;
      this.windowStart = this.ring[drop - 1]!.revision;
      this.ring = this.ring.slice(drop);
    }
    const last = events[events.length - 1];
    if (last) this.rev = Math.max(this.rev, last.kv.modRevision);
    if (out.length) for (const l of this.listeners) l.events(out);
    this.wake();
  }

  private wake(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.rev <= this.rev) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
