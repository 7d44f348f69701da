import type { WatchEvent, WatchHandlers } from '../store.js';

/**
 * The watchers of one SQLite store. A watcher first replays history (from the database) and then
 * receives live batches as they commit; `delivered` is the last revision it has been given, so
 * replay and live delivery never overlap and never leave a gap.
 */
export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();

  /** Registers a watcher; it receives nothing live until its `live` flag is set after its replay. */
  add(watcher: HubWatcher): void {
    this.watchers.add(watcher);
  }

  /** Removes a watcher; no more callbacks reach it. */
  remove(watcher: HubWatcher): void {
    watcher.closed = true;
    this.watchers.delete(watcher);
  }

  /** Delivers a committed batch (in revision order) to every live watcher whose range it touches. */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0 || this.watchers.size === 0) return;
    const last = events[events.length - 1]!.kv.modRevision;
    for (const w of this.watchers) {
      if (!w.live || last <= w.delivered) continue;
      let mine: WatchEvent[] | null = null;
      for (const e of events) {
        const key = e.kv.key;
        if (key >= w.from && key < w.to && e.kv.modRevision > w.delivered) (mine ??= []).push(e);
      }
      w.delivered = last;
      if (mine) {
        const batch = mine;
        guard(() => w.handlers.onEvents(batch));
      }
    }
  }

  /** Tells every live watcher that all events up to `revision` have been delivered. */
  progress(revision: number): void {
    for (const w of this.watchers) {
      if (!w.live) continue;
      if (revision > w.delivered) w.delivered = revision;
      if (w.handlers.onProgress) guard(() => w.handlers.onProgress!(revision));
    }
  }

  /** Ends every watcher with `err`. */
  failAll(err: Error): void {
    for (const w of [...this.watchers]) this.fail(w, err);
  }

  /** Ends one watcher with `err`. */
  fail(w: HubWatcher, err: Error): void {
    if (w.closed) return;
    this.remove(w);
    guard(() => w.handlers.onError(err));
  }

  /** Number of registered watchers. */
  get size(): number {
    return this.watchers.size;
  }
}

/** One watch of a key range [from, to). */
export class HubWatcher {
  /** Set once the replay of history has caught up; live batches flow from then on. */
  live = false;
  closed = false;
  constructor(
    readonly from: string,
    readonly to: string,
    /** The last revision delivered (the watch's start until it has delivered something). */
    public delivered: number,
    readonly handlers: WatchHandlers,
  ) {}
}

/**
 * Runs a watcher's callback. A callback that throws is a bug of its owner; it is reported as a
 * process warning and must not break delivery to the other watchers or the store.
 */
export function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    process.emitWarning(
      `watch handler threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  }
}
