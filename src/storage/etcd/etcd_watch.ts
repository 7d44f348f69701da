import type { ClientDuplexStream } from '@grpc/grpc-js';
import { CompactedError, StoreClosedError } from '../errors.js';
import type { WatchEvent, WatchHandlers } from '../store.js';
import { toWatchEvent } from './etcd_codec.js';
import { EtcdRequestError } from './etcd_errors.js';
import type { WatchRequest, WatchResponse } from './etcd_messages.js';
import type { EtcdConnection } from './etcd_rpc.js';

/** First and largest pause before reopening a broken watch stream. */
const RETRY_INITIAL_MS = 100;
const RETRY_MAX_MS = 2000;

/** One watcher of the shared stream. */
interface ActiveWatch {
  /** The etcd watch_id, chosen here so the create request and its responses match up. */
  readonly id: number;
  readonly key: Buffer;
  readonly rangeEnd: Buffer;
  /** Every event up to this revision has been delivered (or reported by a progress notice). */
  lastRevision: number;
  readonly handlers: WatchHandlers;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * All the watches of one store, multiplexed over a single etcd Watch stream (each with its own
 * etcd watch_id). A watch starts after its revision with previous values and progress notices.
 * When the stream breaks the watches resume by themselves, after a backoff of 100 ms doubling to
 * 2 s, each from the revision after the last one it delivered, so nothing is missed or repeated;
 * if that revision has been compacted in the meantime the watch ends with `CompactedError`.
 */
export class WatchMultiplexer {
  private readonly watches = new Map<number, ActiveWatch>();
  private nextId = 1;
  private stream: ClientDuplexStream<WatchRequest, WatchResponse> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = RETRY_INITIAL_MS;
  private closed = false;

  /** `onCompactRevision` learns each compact revision etcd reports when it cancels a watch. */
  constructor(
    private readonly connection: EtcdConnection,
    private readonly onCompactRevision: (revision: number) => void,
  ) {}

  /**
   * Watches the keys in [key, rangeEnd) after `afterRevision`. Callbacks never run before this
   * returns; after `signal` aborts, none run at all.
   */
  add(
    key: Buffer,
    rangeEnd: Buffer,
    afterRevision: number,
    handlers: WatchHandlers,
    signal?: AbortSignal,
  ): void {
    if (this.closed) {
      queueMicrotask(() => handlers.onError(new StoreClosedError()));
      return;
    }
    if (signal?.aborted) return;
    const id = this.nextId++;
    const watch: ActiveWatch = {
      id,
      key,
      rangeEnd,
      lastRevision: afterRevision,
      handlers,
      signal,
      onAbort: () => this.cancel(watch),
    };
    this.watches.set(id, watch);
    signal?.addEventListener('abort', watch.onAbort, { once: true });
    if (this.stream) this.sendCreate(this.stream, watch);
    else if (!this.retryTimer) this.openStream();
  }

  /** Ends every watch with `StoreClosedError` and closes the stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ended = [...this.watches.values()];
    for (const watch of ended) this.forget(watch);
    this.dropStream();
    for (const watch of ended) this.deliver(() => watch.handlers.onError(new StoreClosedError()));
  }

  private openStream(): void {
    if (this.closed || this.watches.size === 0) return;
    const { call, index } = this.connection.stream('Watch.Watch');
    this.stream = call;
    call.on('data', (response: WatchResponse) => {
      if (this.stream !== call) return;
      this.retryDelayMs = RETRY_INITIAL_MS;
      this.onResponse(response);
    });
    // The stream's end is handled once, on 'status'; 'error' only needs a listener.
    call.on('error', () => {});
    call.on('status', (status) => {
      if (this.stream !== call) return;
      this.stream = null;
      this.connection.noteFailure(index, status);
      this.scheduleReopen();
    });
    for (const watch of this.watches.values()) this.sendCreate(call, watch);
  }

  private scheduleReopen(): void {
    if (this.closed || this.watches.size === 0 || this.retryTimer) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.openStream();
    }, delay);
    this.retryTimer.unref();
  }

  private sendCreate(stream: ClientDuplexStream<WatchRequest, WatchResponse>, watch: ActiveWatch): void {
    stream.write({
      create_request: {
        key: watch.key,
        range_end: watch.rangeEnd,
        start_revision: watch.lastRevision + 1,
        progress_notify: true,
        prev_kv: true,
        watch_id: watch.id,
      },
    });
  }

  private onResponse(response: WatchResponse): void {
    const watch = this.watches.get(response.watch_id);
    if (!watch) return; // cancelled by us: etcd's acknowledgement or events already in flight
    if (response.canceled) {
      this.forget(watch);
      this.deliver(() => watch.handlers.onError(this.cancellationError(watch, response)));
      return;
    }
    if (response.created) return;
    if (response.events.length > 0) {
      const events: WatchEvent[] = [];
      for (const message of response.events) {
        const event = toWatchEvent(message);
        // A revision is never split across responses, so this only drops exact repeats.
        if (event.kv.modRevision > watch.lastRevision) events.push(event);
      }
      const last = events[events.length - 1];
      if (!last) return;
      watch.lastRevision = last.kv.modRevision;
      this.deliver(() => watch.handlers.onEvents(events));
      return;
    }
    const revision = response.header?.revision ?? 0;
    if (revision > 0 && revision >= watch.lastRevision) {
      watch.lastRevision = revision;
      const onProgress = watch.handlers.onProgress;
      if (onProgress) this.deliver(() => onProgress.call(watch.handlers, revision));
    }
  }

  private cancellationError(watch: ActiveWatch, response: WatchResponse): Error {
    if (response.compact_revision > 0) {
      this.onCompactRevision(response.compact_revision);
      return new CompactedError(watch.lastRevision + 1, response.compact_revision);
    }
    const reason = response.cancel_reason || 'no reason given';
    return new EtcdRequestError(
      `etcd cancelled the watch of ${watch.key.toString('utf8')}: ${reason}`,
      undefined,
    );
  }

  /** Stops a watch at its caller's request: no callback runs afterwards. */
  private cancel(watch: ActiveWatch): void {
    if (this.watches.get(watch.id) !== watch) return;
    this.forget(watch);
    if (this.watches.size === 0) {
      this.dropStream();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.retryDelayMs = RETRY_INITIAL_MS;
    } else if (this.stream) {
      this.stream.write({ cancel_request: { watch_id: watch.id } });
    }
  }

  private forget(watch: ActiveWatch): void {
    this.watches.delete(watch.id);
    watch.signal?.removeEventListener('abort', watch.onAbort);
  }

  private dropStream(): void {
    const stream = this.stream;
    this.stream = null;
    stream?.cancel();
  }

  /** Runs a handler; an exception it throws is re-thrown outside the stream's event loop. */
  private deliver(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      process.nextTick(() => {
        throw err;
      });
    }
  }
}
