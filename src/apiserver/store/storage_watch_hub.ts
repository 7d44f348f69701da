import { StoreClosedError } from '../../storage/errors.js';
import type { Store, WatchEvent } from '../../storage/store.js';

/** What the hub feeds: the watch cache of one resource prefix. */
export interface HubSubscriber {
  /** Events of the subscriber's prefix, in revision order. */
  deliver(events: readonly WatchEvent[]): void;
  /** Every event up to `revision` (of any prefix) has been delivered. */
  progress(revision: number): void;
  /** The shared watch was lost (e.g. history compacted): the subscriber must list again. */
  restart(): void;
}

const ROOT = '/registry/';

/**
 * One storage watch on `/registry/` for every watch cache of the API server, routed by key
 * prefix. Because it sees every write, each batch tells every cache that it is current at that
 * revision, so a consistent read (wait until the cache reaches the store's revision) never
 * waits for an unrelated resource, whatever the backend.
 */
export class StorageWatchHub {
  /** Subscribers by prefix: resources served in two groups or versions share one prefix. */
  private readonly subscribers = new Map<string, Set<HubSubscriber>>();
  private rev = 0;
  private ac = new AbortController();
  private stopped = false;
  private started: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** The revision up to which every event has been delivered. */
  get revision(): number {
    return this.rev;
  }

  /** Starts the shared watch at the store's current revision (once). */
  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.rev = await this.store.currentRevision();
        break;
      } catch (err) {
        if (err instanceof StoreClosedError) return;
        this.onError(err);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
    this.ac = new AbortController();
    this.store.watch(
      ROOT,
      { afterRevision: this.rev, signal: this.ac.signal },
      {
        onEvents: (events) => this.route(events),
        onProgress: (r) => this.advance(r),
        onError: (err) => {
          if (this.stopped || err instanceof StoreClosedError) return;
          // History lost: every cache lists again from a new shared watch.
          this.onError(err);
          this.started = null;
          void this.start().then(() => {
            for (const set of this.subscribers.values()) for (const s of set) s.restart();
          });
        },
      },
    );
  }

  /**
   * Subscribes the cache of `prefix` (`/registry/pods/`); returns the revision from which it
   * will receive events: it lists at that revision and applies what follows.
   */
  attach(prefix: string, subscriber: HubSubscriber): number {
    let set = this.subscribers.get(prefix);
    if (!set) this.subscribers.set(prefix, (set = new Set()));
    set.add(subscriber);
    return this.rev;
  }

  /** Unsubscribes one subscriber of a prefix. */
  detach(prefix: string, subscriber: HubSubscriber): void {
    const set = this.subscribers.get(prefix);
    set?.delete(subscriber);
    if (set?.size === 0) this.subscribers.delete(prefix);
  }

  /** Stops the shared watch. */
  stop(): void {
    this.stopped = true;
    this.ac.abort();
  }

  private route(events: readonly WatchEvent[]): void {
    let batch: Map<Set<HubSubscriber>, WatchEvent[]> | null = null;
    for (const e of events) {
      const set = this.subscribersOf(e.kv.key);
      if (!set) continue;
      batch ??= new Map();
      let list = batch.get(set);
      if (!list) batch.set(set, (list = []));
      list.push(e);
    }
    if (batch) for (const [set, list] of batch) for (const s of set) s.deliver(list);
    const last = events[events.length - 1];
    if (last) this.advance(last.kv.modRevision);
  }

  private advance(revision: number): void {
    if (revision <= this.rev) return;
    this.rev = revision;
    for (const set of this.subscribers.values()) for (const s of set) s.progress(revision);
  }

  /** The subscribers whose prefix holds `key`: prefixes are one to three path segments deep. */
  private subscribersOf(key: string): Set<HubSubscriber> | undefined {
    let end = ROOT.length;
    for (let depth = 0; depth < 3; depth++) {
      end = key.indexOf('/', end);
      if (end < 0) return undefined;
      const s = this.subscribers.get(key.slice(0, end + 1));
      if (s) return s;
      end++;
    }
    return undefined;
  }
}
