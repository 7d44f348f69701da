/**
 * The datastore contract: the subset of etcd's MVCC key-value API that the API server uses.
 *
 * Every write gets the next global revision. Reads can be served at the latest revision or at an
 * older one that has not been compacted. Updates and deletes are compare-and-swap on the key's
 * mod revision; a failed comparison is an ordinary result carrying the current value, not an
 * exception. Watches deliver every event of a prefix after a given revision, in order, without
 * gaps or duplicates.
 *
 * Two backends implement it: `sqlite/` (embedded, the default) and `etcd/` (a real etcd v3 server).
 */

/** One version of a key, as etcd's `mvccpb.KeyValue`. */
export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created the key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the write that produced this version. */
  readonly modRevision: number;
  /** Number of writes since creation: 1 for a freshly created key. */
  readonly version: number;
  /** Lease the key is attached to, 0 when none. */
  readonly lease: number;
}

/** Options of a write that stores a value. */
export interface PutOptions {
  /** Attach the key to this lease (from `grantLease`): it is deleted when the lease expires. */
  readonly lease?: number;
}

/** Result of `create`: it fails when the key already exists, returning the existing version. */
export type CreateResult =
  | { readonly succeeded: true; readonly revision: number; readonly kv: KeyValue }
  | { readonly succeeded: false; readonly revision: number; readonly current: KeyValue };

/**
 * Result of a guarded `update` or `delete`. On failure `current` is the key's current version
 * (null when the key does not exist) so that the caller can retry without another read.
 */
export type UpdateResult =
  | { readonly succeeded: true; readonly revision: number; readonly kv: KeyValue }
  | { readonly succeeded: false; readonly revision: number; readonly current: KeyValue | null };

/** Result of a `delete`: on success, the deleted version. */
export type DeleteResult =
  | { readonly succeeded: true; readonly revision: number; readonly prevKv: KeyValue }
  | { readonly succeeded: false; readonly revision: number; readonly current: KeyValue | null };

/** Result of `get`: the key at the requested revision, and the revision the read was served at. */
export interface GetResult {
  readonly kv: KeyValue | null;
  readonly revision: number;
}

/** Options of `list`. */
export interface ListOptions {
  /** Read at this revision (0 or absent: the latest). Older than the compacted revision fails. */
  readonly revision?: number;
  /** At most this many keys (0 or absent: all). */
  readonly limit?: number;
  /** Start at this key (inclusive) instead of the prefix itself; it must be within the prefix. */
  readonly startKey?: string;
}

/** Result of `list`: keys in ascending order, at one revision. */
export interface ListResult {
  readonly kvs: KeyValue[];
  /** The revision the whole listing was read at; pass it back with `startKey` to continue. */
  readonly revision: number;
  /** True when the limit cut the listing short. */
  readonly more: boolean;
}

/** One change seen by a watch. ADDED and MODIFIED carry the new version, DELETED a tombstone. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The new version; for DELETED, the key with an empty value and the deletion's revision. */
  readonly kv: KeyValue;
  /** The version before this event (null for ADDED). */
  readonly prevKv: KeyValue | null;
}

/** Callbacks of a watch. They are called in order, never concurrently. */
export interface WatchHandlers {
  /** A batch of events, in revision order. */
  onEvents(events: readonly WatchEvent[]): void;
  /**
   * Every event of the prefix up to `revision` has been delivered. Called from time to time so
   * that a quiet watcher can still advance its revision (bookmarks, watch cache freshness).
   */
  onProgress?(revision: number): void;
  /**
   * The watch ended with an error and will deliver nothing more: `CompactedError` when the start
   * revision is no longer available, `StoreClosedError` when the store closed. Transient
   * outages are not reported here: the watch resumes by itself from its last revision.
   */
  onError(err: Error): void;
}

/** Options of `watch`. */
export interface WatchOptions {
  /** Deliver the events with a revision strictly greater than this one. */
  readonly afterRevision: number;
  /** Stops the watch (no more callbacks) when aborted. */
  readonly signal?: AbortSignal;
}

/** A lease: keys attached to it are deleted when it expires or is revoked. */
export interface Lease {
  readonly id: number;
  /** Seconds it lives without a keep-alive. */
  readonly ttl: number;
}

/** The datastore: etcd's MVCC semantics, implemented by each backend. */
export interface Store {
  /** The current (latest) revision. */
  currentRevision(): Promise<number>;
  /** Store `value` at `key` if the key does not exist. */
  create(key: string, value: Uint8Array, opts?: PutOptions): Promise<CreateResult>;
  /** Replace the value of `key` if its mod revision is still `expectedModRevision`. */
  update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts?: PutOptions,
  ): Promise<UpdateResult>;
  /** Delete `key`, only if its mod revision is `expectedModRevision` when that is given. */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;
  /** Read one key, at the latest revision or at `revision`. */
  get(key: string, revision?: number): Promise<GetResult>;
  /** List the keys under `prefix` in key order, consistently at one revision. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Number of keys under `prefix` at the latest revision. */
  count(prefix: string): Promise<number>;
  /** Watch every change under `prefix` after a revision; see `WatchHandlers` for the contract. */
  watch(prefix: string, opts: WatchOptions, handlers: WatchHandlers): void;
  /**
   * Discard history before `revision`: reads below it and watches starting below it fail with
   * `CompactedError` afterwards. Compacting at or below an earlier compaction fails likewise.
   */
  compact(revision: number): Promise<void>;
  /** The revision of the latest compaction known to this client (0 when none). */
  compactedRevision(): Promise<number>;
  /** Create a lease that lives `ttlSeconds` unless kept alive. */
  grantLease(ttlSeconds: number): Promise<Lease>;
  /** Renew a lease for another full TTL; `LeaseNotFoundError` if it expired or never existed. */
  keepAliveLease(id: number): Promise<Lease>;
  /** Revoke a lease now, deleting its keys. Revoking an unknown lease fails with `LeaseNotFoundError`. */
  revokeLease(id: number): Promise<void>;
  /** Release resources; pending and later calls fail with `StoreClosedError`. */
  close(): Promise<void>;
}
