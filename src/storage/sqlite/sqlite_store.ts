import Database from 'better-sqlite3';
import {
  CompactedError,
  FutureRevisionError,
  LeaseNotFoundError,
  StoreClosedError,
  UnavailableError,
} from '../errors.js';
import {
  checkKey,
  checkPrefix,
  checkValue,
  DEFAULT_KEY_PREFIX,
  DEFAULT_MAX_VALUE_BYTES,
  prefixEnd,
} from '../limits.js';
import type {
  CreateResult,
  DeleteResult,
  GetResult,
  KeyValue,
  Lease,
  ListOptions,
  ListResult,
  PutOptions,
  Store,
  UpdateResult,
  WatchEvent,
  WatchHandlers,
  WatchOptions,
} from '../store.js';
import type { HistoryRow, Statements } from './schema.js';
import { initSchema, prepareStatements, rowToKeyValue, tombstone } from './schema.js';
import { guard, HubWatcher, WatchHub } from './watch_hub.js';
import type { OpOutcome, WriteOp } from './write_ops.js';
import { OpApplier } from './write_ops.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file, or ':memory:' for a throw-away store (tests). */
  path: string;
  /** Keys live under this prefix (default `/registry/`). */
  prefix?: string;
  /** Largest value accepted (default 1.5 MiB). */
  maxValueBytes?: number;
  /** Most writes grouped into one transaction. */
  maxBatch?: number;
  /** How often watchers are told the current revision (ms; default 1000). */
  progressIntervalMs?: number;
  /** How often expired leases are looked for (ms; default 500). */
  leaseCheckIntervalMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

interface Pending {
  op: WriteOp;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

const HISTORY_CHUNK = 2000;
const COMPACT_CHUNK = 5000;

/**
 * The embedded datastore: etcd's MVCC semantics on one SQLite log table (see `schema.ts`).
 *
 * Writes queue up and are committed together in one transaction at the end of the event-loop
 * turn (group commit); with WAL and `synchronous=FULL` a write is acknowledged only once its
 * transaction is durable. One process owns the database file.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly prefix: string;
  private readonly maxValueBytes: number;
  private readonly maxBatch: number;
  private readonly now: () => number;
  private readonly hub = new WatchHub();
  private readonly timers: NodeJS.Timeout[] = [];
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private revision: number;
  private compactRevision: number;
  private leaseSeq: number;
  /** Live leases: TTL (s) and expiry (ms); the lease timer revokes those past due. */
  private readonly leases = new Map<number, { ttl: number; expiresAt: number }>();
  private readonly revoking = new Set<number>();
  private compactionRunning = false;

  private constructor(opts: SqliteStoreOptions) {
    this.prefix = opts.prefix ?? DEFAULT_KEY_PREFIX;
    this.maxValueBytes = opts.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.maxBatch = opts.maxBatch ?? 1000;
    this.now = opts.now ?? Date.now;
    const inMemory = opts.path === ':memory:';
    this.db = new Database(opts.path, { timeout: 0 });
    try {
      initSchema(this.db, inMemory);
      // Take the exclusive lock now with a real write (locking_mode=EXCLUSIVE holds it from the
      // first write until close): a second process on the same file fails here, not later.
      this.db
        .prepare(
          `INSERT INTO meta (name, value) VALUES ('opened', 1)
           ON CONFLICT (name) DO UPDATE SET value = value + 1`,
        )
        .run();
    } catch (err) {
      this.db.close();
      const busy = (err as { code?: string }).code === 'SQLITE_BUSY';
      throw busy
        ? new UnavailableError(`database ${opts.path} is in use by another process`, { cause: err })
        : err;
    }
    this.st = prepareStatements(this.db);
    this.revision = this.st.sequence.get()?.seq ?? 0;
    this.compactRevision = this.st.getMeta.get('compact_revision')?.value ?? 0;
    this.leaseSeq = this.st.getMeta.get('lease_seq')?.value ?? 0;
    for (const l of this.st.allLeases.all()) this.leases.set(l.id, { ttl: l.ttl, expiresAt: l.expires_at });
    const progress = setInterval(() => this.hub.progress(this.revision), opts.progressIntervalMs ?? 1000);
    const leases = setInterval(() => this.expireLeases(), opts.leaseCheckIntervalMs ?? 500);
    for (const t of [progress, leases]) {
      t.unref();
      this.timers.push(t);
    }
    if (this.compactRevision > 0) this.scheduleCompaction();
  }

  /** Opens (creating if needed) the store at `opts.path`. */
  static async open(opts: SqliteStoreOptions): Promise<SqliteStore> {
    return new SqliteStore(opts);
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.revision;
  }

  async create(key: string, value: Uint8Array, opts?: PutOptions): Promise<CreateResult> {
    checkKey(key, this.prefix);
    checkValue(value, this.maxValueBytes);
    return this.enqueue({ kind: 'create', key, value, lease: opts?.lease ?? 0 }) as Promise<CreateResult>;
  }

  async update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts?: PutOptions,
  ): Promise<UpdateResult> {
    checkKey(key, this.prefix);
    checkValue(value, this.maxValueBytes);
    const op: WriteOp = {
      kind: 'update',
      key,
      value,
      expected: expectedModRevision,
      lease: opts?.lease ?? 0,
    };
    return this.enqueue(op) as Promise<UpdateResult>;
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    checkKey(key, this.prefix);
    return this.enqueue({ kind: 'delete', key, expected: expectedModRevision }) as Promise<DeleteResult>;
  }

  async get(key: string, revision?: number): Promise<GetResult> {
    checkKey(key, this.prefix);
    this.checkOpen();
    if (revision) {
      this.checkReadRevision(revision);
      const row = this.st.atRevision.get(key, revision);
      return { kv: row && !row.deleted ? rowToKeyValue(row) : null, revision };
    }
    const row = this.st.latest.get(key);
    return { kv: row && !row.deleted ? rowToKeyValue(row) : null, revision: this.revision };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    checkPrefix(prefix, this.prefix);
    this.checkOpen();
    const revision = opts.revision || this.revision;
    if (opts.revision) this.checkReadRevision(opts.revision);
    const end = prefixEnd(prefix);
    let from = prefix;
    if (opts.startKey !== undefined) {
      if (opts.startKey < prefix || opts.startKey >= end) checkPrefix(opts.startKey, prefix);
      from = opts.startKey;
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
    const rows = this.st.listRange.all({ from, to: end, rev: revision, limit: limit > 0 ? limit + 1 : -1 });
    const more = limit > 0 && rows.length > limit;
    if (more) rows.length = limit;
    return { kvs: rows.map(rowToKeyValue), revision, more };
  }

  async count(prefix: string): Promise<number> {
    checkPrefix(prefix, this.prefix);
    this.checkOpen();
    return this.st.countRange.get(prefix, prefixEnd(prefix))!.n;
  }

  watch(prefix: string, opts: WatchOptions, handlers: WatchHandlers): void {
    checkPrefix(prefix, this.prefix);
    const w = new HubWatcher(prefix, prefixEnd(prefix), opts.afterRevision, handlers);
    if (this.closed) {
      queueMicrotask(() => guard(() => handlers.onError(new StoreClosedError())));
      return;
    }
    if (opts.signal?.aborted) return;
    opts.signal?.addEventListener('abort', () => this.hub.remove(w), { once: true });
    this.hub.add(w);
    // Replay in a microtask: commits only happen in their own event-loop turn, so the replay
    // up to `this.revision` and the switch to live delivery are atomic with respect to them.
    queueMicrotask(() => this.replay(w));
  }

  private replay(w: HubWatcher): void {
    if (w.closed) return;
    if (w.delivered + 1 < this.compactRevision) {
      this.hub.fail(w, new CompactedError(w.delivered + 1, this.compactRevision));
      return;
    }
    const upTo = this.revision;
    if (w.delivered > upTo) {
      this.hub.fail(w, new FutureRevisionError(w.delivered, upTo));
      return;
    }
    while (w.delivered < upTo && !w.closed) {
      const rows = this.st.history.all(w.delivered, upTo, w.from, w.to, HISTORY_CHUNK);
      if (rows.length === 0) break;
      w.delivered = rows[rows.length - 1]!.id;
      const events = rows.map(historyEvent);
      guard(() => w.handlers.onEvents(events));
      if (rows.length < HISTORY_CHUNK) break;
    }
    if (w.closed) return;
    w.delivered = upTo;
    w.live = true;
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision <= this.compactRevision) throw new CompactedError(revision, this.compactRevision);
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    await this.enqueue({ kind: 'compact', revision });
    if (revision > this.compactRevision) this.compactRevision = revision;
    this.scheduleCompaction();
  }

  async compactedRevision(): Promise<number> {
    this.checkOpen();
    return this.compactRevision;
  }

  async grantLease(ttlSeconds: number): Promise<Lease> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
      throw new RangeError('lease TTL must be a positive integer');
    const expiresAt = this.now() + ttlSeconds * 1000;
    const lease = (await this.enqueue({ kind: 'grantLease', ttl: ttlSeconds, expiresAt })) as Lease;
    this.leases.set(lease.id, { ttl: ttlSeconds, expiresAt });
    return lease;
  }

  async keepAliveLease(id: number): Promise<Lease> {
    const lease = this.leases.get(id);
    if (lease === undefined || this.revoking.has(id)) throw new LeaseNotFoundError(id);
    const expiresAt = this.now() + lease.ttl * 1000;
    await this.enqueue({ kind: 'renewLease', id, expiresAt });
    lease.expiresAt = expiresAt;
    return { id, ttl: lease.ttl };
  }

  async revokeLease(id: number): Promise<void> {
    await this.enqueue({ kind: 'revokeLease', id });
    this.leases.delete(id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let writes already queued commit: their callers are waiting for them.
    while (this.queue.length) this.flush();
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.hub.failAll(new StoreClosedError());
    this.db.close();
  }

  // ---------------------------------------------------------------- write path

  private enqueue(op: WriteOp): Promise<unknown> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued in one transaction, then answers the callers and the watchers. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const batch =
      this.queue.length > this.maxBatch ? this.queue.splice(0, this.maxBatch) : this.queue.splice(0);
    if (this.queue.length) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    const events: WatchEvent[] = [];
    let leaseSeq = this.leaseSeq;
    const applier = new OpApplier(this.st, this.revision, events, () => ++leaseSeq);
    const outcomes: OpOutcome[] = [];
    try {
      this.db.transaction(() => {
        for (const p of batch) outcomes.push(applier.apply(p.op));
        if (leaseSeq !== this.leaseSeq) this.st.setMeta.run('lease_seq', leaseSeq);
      })();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const p of batch)
        p.reject(new UnavailableError(`commit failed: ${error.message}`, { cause: error }));
      return;
    }
    this.revision = applier.revision;
    this.leaseSeq = leaseSeq;
    for (let i = 0; i < batch.length; i++) {
      const o = outcomes[i]!;
      if (o.ok) batch[i]!.resolve(o.value);
      else batch[i]!.reject(o.error);
    }
    this.hub.publish(events);
    // Watchers of other prefixes learn at once that they are current at this revision: a
    // consistent read waits for exactly that.
    this.hub.progress(this.revision);
  }

  // ---------------------------------------------------------------- leases and compaction

  private expireLeases(): void {
    if (this.closed) return;
    const now = this.now();
    for (const [id, { expiresAt }] of this.leases) {
      if (expiresAt > now || this.revoking.has(id)) continue;
      this.revoking.add(id);
      this.enqueue({ kind: 'revokeLease', id })
        .catch(() => undefined)
        .finally(() => {
          this.revoking.delete(id);
          this.leases.delete(id);
        });
    }
  }

  /** Physically deletes history below the compact revision, a chunk per event-loop turn. */
  private scheduleCompaction(): void {
    if (this.compactionRunning || this.closed) return;
    this.compactionRunning = true;
    const target = this.compactRevision;
    let lo = this.st.minId.get()?.id ?? target;
    const step = () => {
      if (this.closed) return;
      const hi = Math.min(lo + COMPACT_CHUNK, target);
      if (lo < hi) this.st.compactRange.run({ lo, hi, c: target });
      lo = hi;
      if (lo < target) {
        setImmediate(step);
        return;
      }
      this.compactionRunning = false;
      if (this.compactRevision > target) this.scheduleCompaction();
    };
    setImmediate(step);
  }

  private checkReadRevision(revision: number): void {
    if (revision < this.compactRevision) throw new CompactedError(revision, this.compactRevision);
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

/** The watch event a history row stands for. */
function historyEvent(row: HistoryRow): WatchEvent {
  const prevKv: KeyValue | null =
    row.p_id !== null && !row.p_deleted
      ? {
          key: row.name,
          value: row.p_value!,
          createRevision: row.p_create_revision!,
          modRevision: row.p_id,
          version: row.p_version!,
          lease: row.p_lease!,
        }
      : null;
  if (row.deleted) return { type: 'DELETED', kv: tombstone(row.name, row.id), prevKv };
  const kv = rowToKeyValue(row);
  return {
    type: kv.createRevision === kv.modRevision ? 'ADDED' : 'MODIFIED',
    kv,
    prevKv: kv.version > 1 ? prevKv : null,
  };
}
