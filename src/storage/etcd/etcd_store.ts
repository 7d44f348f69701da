import {
  CompactedError,
  FutureRevisionError,
  InvalidKeyError,
  LeaseNotFoundError,
  StoreClosedError,
} from '../errors.js';
import { checkKey, checkPrefix, checkValue, DEFAULT_KEY_PREFIX, DEFAULT_MAX_VALUE_BYTES } from '../limits.js';
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
  WatchHandlers,
  WatchOptions,
} from '../store.js';
import { keyBytes, prefixRangeEnd, toKeyValue } from './etcd_codec.js';
import { EtcdRequestError, mapEtcdError } from './etcd_errors.js';
import type { EtcdErrorContext } from './etcd_errors.js';
import { keepAliveOnce, newLeaseId } from './etcd_lease.js';
import type { UnaryMethods } from './etcd_messages.js';
import { EtcdCallFailure, EtcdConnection } from './etcd_rpc.js';
import type { EtcdTlsOptions } from './etcd_rpc.js';
import {
  createTxn,
  currentKv,
  deletedKv,
  deleteTxn,
  headerRevision,
  replacedKv,
  updateTxn,
} from './etcd_txn.js';
import { WatchMultiplexer } from './etcd_watch.js';

/** Options of `EtcdStore.open`. */
export interface EtcdStoreOptions {
  /** etcd client URLs (`http://127.0.0.1:2379`); calls fail over between them. */
  readonly endpoints: readonly string[];
  /** Every key must start with this prefix (default `/registry/`). */
  readonly prefix?: string;
  /** Largest value accepted (default 1.5 MiB); etcd's `--max-request-bytes` must allow it. */
  readonly maxValueBytes?: number;
  /** Deadline of every request in milliseconds (default 5000). */
  readonly requestTimeoutMs?: number;
  /** Certificates for `https://` endpoints. */
  readonly tls?: EtcdTlsOptions;
}

/** Default deadline of each request to etcd. */
export const DEFAULT_ETCD_REQUEST_TIMEOUT_MS = 5000;

/** Oldest etcd accepted: watch ids chosen by the client appeared in 3.4. */
const MIN_ETCD_VERSION: readonly [number, number] = [3, 4];

/** Calls that change nothing, so a connection failure may be retried on another endpoint. */
const REPEATABLE_METHODS: ReadonlySet<string> = new Set(['KV.Range', 'Maintenance.Status']);

/** Extra error context a call contributes (the rest comes from the store). */
type CallContext = Partial<Pick<EtcdErrorContext, 'revision' | 'compactRevision' | 'leaseId' | 'valueSize'>>;

/**
 * The `Store` contract on a real etcd v3 cluster over its gRPC API, as kube-apiserver uses etcd:
 * creates, updates and deletes are transactions comparing the key's mod revision, reads are
 * linearizable ranges, watches share one Watch stream, compaction and leases are etcd's own.
 * Keys are stored verbatim (the store prefix is part of each key). Lease ids are chosen by the
 * store below 2^53 so that they survive as JavaScript numbers.
 */
export class EtcdStore implements Store {
  private readonly watches: WatchMultiplexer;
  private knownCompactRevision = 0;
  private closed = false;

  private constructor(
    private readonly connection: EtcdConnection,
    private readonly prefix: string,
    private readonly prefixBytes: Buffer,
    private readonly maxValueBytes: number,
  ) {
    this.watches = new WatchMultiplexer(connection, (revision) => this.noteCompacted(revision));
  }

  /**
   * Connects to etcd and checks that it answers (Maintenance.Status) and is 3.4 or newer. Fails
   * with `UnavailableError` when no endpoint answers within the request timeout.
   */
  static async open(opts: EtcdStoreOptions): Promise<EtcdStore> {
    const prefix = opts.prefix ?? DEFAULT_KEY_PREFIX;
    if (prefix === '') throw new InvalidKeyError(prefix, 'empty store prefix');
    const connection = new EtcdConnection({
      endpoints: opts.endpoints,
      requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_ETCD_REQUEST_TIMEOUT_MS,
      tls: opts.tls,
    });
    const store = new EtcdStore(
      connection,
      prefix,
      keyBytes(prefix),
      opts.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    );
    try {
      await store.checkServer();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  /** The current revision: the header revision of a cheap linearizable range. */
  async currentRevision(): Promise<number> {
    const response = await this.call('KV.Range', { key: this.prefixBytes, count_only: true });
    return headerRevision(response.header);
  }

  /** Creates `key` if its mod revision is 0 (absent); otherwise returns the existing version. */
  async create(key: string, value: Uint8Array, opts?: PutOptions): Promise<CreateResult> {
    checkKey(key, this.prefix);
    checkValue(value, this.maxValueBytes);
    const lease = leaseOption(opts);
    const response = await this.call('KV.Txn', createTxn(keyBytes(key), asBuffer(value), lease), {
      valueSize: value.byteLength,
      leaseId: lease,
    });
    const revision = headerRevision(response.header);
    if (response.succeeded) {
      return {
        succeeded: true,
        revision,
        kv: { key, value, createRevision: revision, modRevision: revision, version: 1, lease },
      };
    }
    const current = currentKv(response);
    if (!current) {
      throw new EtcdRequestError(`etcd: create of ${key} failed but the key is absent`, undefined);
    }
    return { succeeded: false, revision, current };
  }

  /** Replaces `key` if it exists with mod revision `expectedModRevision`; else returns the current version. */
  async update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    opts?: PutOptions,
  ): Promise<UpdateResult> {
    checkKey(key, this.prefix);
    checkValue(value, this.maxValueBytes);
    checkRevision(expectedModRevision, 'expected mod revision');
    const lease = leaseOption(opts);
    const request = updateTxn(keyBytes(key), asBuffer(value), expectedModRevision, lease);
    const response = await this.call('KV.Txn', request, { valueSize: value.byteLength, leaseId: lease });
    const revision = headerRevision(response.header);
    if (!response.succeeded) return { succeeded: false, revision, current: currentKv(response) };
    const previous = replacedKv(response);
    if (!previous) {
      throw new EtcdRequestError(`etcd: update of ${key} returned no previous version`, undefined);
    }
    const kv: KeyValue = {
      key,
      value,
      createRevision: previous.create_revision,
      modRevision: revision,
      version: previous.version + 1,
      lease,
    };
    return { succeeded: true, revision, kv };
  }

  /** Deletes `key` (if its mod revision is `expectedModRevision`, when given); fails with current null if absent. */
  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    checkKey(key, this.prefix);
    if (expectedModRevision !== undefined) checkRevision(expectedModRevision, 'expected mod revision');
    const response = await this.call('KV.Txn', deleteTxn(keyBytes(key), expectedModRevision));
    const revision = headerRevision(response.header);
    if (!response.succeeded) return { succeeded: false, revision, current: currentKv(response) };
    const deleted = deletedKv(response);
    if (!deleted) {
      throw new EtcdRequestError(`etcd: delete of ${key} returned no previous version`, undefined);
    }
    return { succeeded: true, revision, prevKv: toKeyValue(deleted) };
  }

  /** Reads `key` at the latest revision or at `revision`; `revision` in the result is the one read at. */
  async get(key: string, revision?: number): Promise<GetResult> {
    checkKey(key, this.prefix);
    const at = revision ?? 0;
    checkRevision(at, 'revision');
    const response = await this.call('KV.Range', { key: keyBytes(key), revision: at }, this.readContext(at));
    const kv = response.kvs[0];
    return { kv: kv ? toKeyValue(kv) : null, revision: at > 0 ? at : headerRevision(response.header) };
  }

  /** Lists [startKey or prefix, end of prefix) in key order at one revision, at most `limit` keys. */
  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    checkPrefix(prefix, this.prefix);
    const at = opts.revision ?? 0;
    const limit = opts.limit ?? 0;
    checkRevision(at, 'revision');
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`invalid list limit ${limit}`);
    const startKey = opts.startKey;
    if (startKey !== undefined && startKey !== '' && !startKey.startsWith(prefix)) {
      throw new InvalidKeyError(startKey, `start key outside the listed prefix ${prefix}`);
    }
    const prefixBuffer = keyBytes(prefix);
    const response = await this.call(
      'KV.Range',
      {
        key: startKey ? keyBytes(startKey) : prefixBuffer,
        range_end: prefixRangeEnd(prefixBuffer),
        limit,
        revision: at,
      },
      this.readContext(at),
    );
    return {
      kvs: response.kvs.map(toKeyValue),
      revision: at > 0 ? at : headerRevision(response.header),
      more: response.more,
    };
  }

  /** Number of keys under `prefix` at the latest revision (a count-only range). */
  async count(prefix: string): Promise<number> {
    checkPrefix(prefix, this.prefix);
    const prefixBuffer = keyBytes(prefix);
    const response = await this.call('KV.Range', {
      key: prefixBuffer,
      range_end: prefixRangeEnd(prefixBuffer),
      count_only: true,
    });
    return response.count;
  }

  /** Watches `prefix` on the store's shared Watch stream; see `WatchMultiplexer`. */
  watch(prefix: string, opts: WatchOptions, handlers: WatchHandlers): void {
    checkPrefix(prefix, this.prefix);
    checkRevision(opts.afterRevision, 'watch revision');
    const prefixBuffer = keyBytes(prefix);
    this.watches.add(prefixBuffer, prefixRangeEnd(prefixBuffer), opts.afterRevision, handlers, opts.signal);
  }

  /** Compacts etcd's history at `revision`; `CompactedError` if it already is compacted there. */
  async compact(revision: number): Promise<void> {
    checkRevision(revision, 'compact revision');
    await this.call(
      'KV.Compact',
      { revision, physical: false },
      { revision, compactRevision: Math.max(this.knownCompactRevision, revision) },
    );
    this.noteCompacted(revision);
  }

  /** The highest compact revision this client performed or learned from etcd's errors. */
  async compactedRevision(): Promise<number> {
    if (this.closed) throw new StoreClosedError();
    return this.knownCompactRevision;
  }

  /** Grants a lease of `ttlSeconds` (etcd may raise it to its minimum) with an id chosen here. */
  async grantLease(ttlSeconds: number): Promise<Lease> {
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`invalid lease TTL ${ttlSeconds}`);
    }
    for (let attempt = 1; ; attempt++) {
      const id = newLeaseId();
      try {
        const response = await this.call('Lease.LeaseGrant', { TTL: ttlSeconds, ID: id }, { leaseId: id });
        if (response.error) {
          throw new EtcdRequestError(`etcd refused lease grant: ${response.error}`, undefined);
        }
        return { id: response.ID, ttl: response.TTL };
      } catch (err) {
        // A random 53-bit id collides with an existing lease only by extreme bad luck: draw again.
        const collision = err instanceof EtcdRequestError && /lease already exists/.test(err.message);
        if (!collision || attempt >= 3) throw err;
      }
    }
  }

  /** One keep-alive round trip on a LeaseKeepAlive stream; TTL 0 in the answer means not found. */
  async keepAliveLease(id: number): Promise<Lease> {
    if (this.closed) throw new StoreClosedError();
    if (!Number.isSafeInteger(id) || id <= 0) throw new LeaseNotFoundError(id);
    let ttl: number;
    try {
      ttl = await keepAliveOnce(this.connection, id);
    } catch (err) {
      throw this.translate(err, 'Lease.LeaseKeepAlive', { leaseId: id });
    }
    if (ttl === 0) throw new LeaseNotFoundError(id);
    return { id, ttl };
  }

  /** Revokes a lease, deleting its keys; `LeaseNotFoundError` if etcd does not know it. */
  async revokeLease(id: number): Promise<void> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new LeaseNotFoundError(id);
    await this.call('Lease.LeaseRevoke', { ID: id }, { leaseId: id });
  }

  /** Ends every watch with `StoreClosedError`, cancels calls in flight (they fail likewise), closes the channels. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watches.close();
    this.connection.close();
  }

  private async checkServer(): Promise<void> {
    const status = await this.call('Maintenance.Status', {});
    const [major = 0, minor = 0] = status.version.split('.').map((part) => Number.parseInt(part, 10));
    const [minMajor, minMinor] = MIN_ETCD_VERSION;
    if (major < minMajor || (major === minMajor && minor < minMinor)) {
      throw new EtcdRequestError(
        `etcd ${status.version} at ${this.connection.endpoint} is too old: kubets needs ${minMajor}.${minMinor} or newer`,
        undefined,
      );
    }
  }

  /** Error context of a read at `revision`: a compacted answer implies compaction above it. */
  private readContext(revision: number): CallContext {
    return revision > 0
      ? { revision, compactRevision: Math.max(this.knownCompactRevision, revision + 1) }
      : {};
  }

  /** One unary call, its failure translated into a datastore error. */
  private async call<M extends keyof UnaryMethods>(
    method: M,
    request: UnaryMethods[M][0],
    context: CallContext = {},
  ): Promise<UnaryMethods[M][1]> {
    if (this.closed) throw new StoreClosedError();
    try {
      return await this.connection.unary(method, request, { retry: REPEATABLE_METHODS.has(method) });
    } catch (err) {
      const mapped = this.translate(err, method, context);
      if (mapped instanceof FutureRevisionError && !this.closed) {
        const current = await this.currentRevision().catch(() => 0);
        throw new FutureRevisionError(mapped.requestedRevision, current);
      }
      throw mapped;
    }
  }

  private translate(err: unknown, method: string, context: CallContext): Error {
    const failure = err instanceof EtcdCallFailure ? err : undefined;
    const mapped = mapEtcdError(failure ? failure.cause : err, {
      endpoint: failure?.endpoint ?? this.connection.endpoint,
      method,
      timeoutMs: this.connection.requestTimeoutMs,
      closed: this.closed,
      valueLimit: this.maxValueBytes,
      ...context,
      compactRevision: context.compactRevision ?? this.knownCompactRevision,
    });
    if (mapped instanceof CompactedError) this.noteCompacted(mapped.compactRevision);
    return mapped;
  }

  private noteCompacted(revision: number): void {
    if (revision > this.knownCompactRevision) this.knownCompactRevision = revision;
  }
}

function checkRevision(revision: number, what: string): void {
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`invalid ${what} ${revision}`);
}

function leaseOption(opts: PutOptions | undefined): number {
  const lease = opts?.lease ?? 0;
  if (!Number.isSafeInteger(lease) || lease < 0) throw new LeaseNotFoundError(lease);
  return lease;
}

/** The bytes of `value` as a Buffer, without copying. */
function asBuffer(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
