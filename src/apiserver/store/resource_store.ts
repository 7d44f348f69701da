import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import {
  alreadyExistsError,
  badRequestError,
  conflictError,
  notFoundError,
  resourceExpiredError,
  StatusError,
  timeoutError,
} from '../../api/status_error.js';
import {
  CompactedError,
  FutureRevisionError,
  StorageError,
  ValueTooLargeError,
} from '../../storage/errors.js';
import type { Store } from '../../storage/store.js';
import type { ResourceDef } from '../registry/resource.js';
import { decodeObject, encodeObject } from './object_codec.js';
import { ALL_DEFINITIONS, builtinKindSchema } from '../openapi/builtin/definitions.js';
import type { Schema } from '../openapi/builtin/dsl.js';
import { dropUnknownFields } from '../openapi/builtin/unknown_fields.js';
import { definitionName } from '../openapi/openapi.js';
import type { CacheEntry } from './watch_cache.js';
import { WatchCache } from './watch_cache.js';
import { StorageWatchHub } from './storage_watch_hub.js';

/** Filters entries of a LIST or WATCH (label and field selectors). */
export type EntryFilter = (obj: KubeObject) => boolean;

/** How a LIST reads, from `resourceVersion` and `resourceVersionMatch`. */
export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continueToken?: string;
  filter?: EntryFilter;
}

/** A page of a LIST. */
export interface ListPage {
  entries: CacheEntry[];
  revision: number;
  continueToken?: string;
  remainingItemCount?: number;
}

/** Returned by an update function to say that nothing changes: no write happens. */
export const NO_CHANGE = Symbol('no change');

/** Computes the new object from the current one; may throw a StatusError to refuse. */
export type UpdateFn = (
  current: KubeObject,
) => KubeObject | typeof NO_CHANGE | Promise<KubeObject | typeof NO_CHANGE>;

/** The outcome of a write: the object as stored, with its resourceVersion, and its JSON. */
export interface WriteResult {
  obj: KubeObject;
  json: string;
  revision: number;
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const CONTINUE_VERSION = 'meta.k8s.io/v1';

/**
 * The storage of one resource: storage keys as upstream lays them out, reads served
 * consistently from the watch cache, paging with continue tokens, and writes as
 * compare-and-swap on the resourceVersion.
 */
export class ResourceStore {
  readonly cache: WatchCache;
  readonly prefix: string;
  /** The schema stored objects are decoded by (built-in kinds stored in their own shape). */
  private readonly schema: Schema | undefined;

  constructor(
    readonly def: ResourceDef,
    private readonly store: Store,
    opts: { onError?: (err: unknown) => void; cacheCapacity?: number; hub?: StorageWatchHub } = {},
  ) {
    this.prefix = `/registry/${def.storagePrefix}/`;
    this.schema = def.crd || def.storage ? undefined : builtinKindSchema(definitionName(def));
    this.cache = new WatchCache({
      store,
      hub: opts.hub ?? new StorageWatchHub(store, opts.onError),
      decode: (value, revision) => this.decode(value, revision),
      prefix: this.prefix,
      capacity: opts.cacheCapacity,
      onError: opts.onError,
    });
  }

  /** The storage key of an object. */
  key(namespace: string, name: string): string {
    return this.def.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  /** The key prefix of a namespace's objects (all objects when `namespace` is empty). */
  keyPrefix(namespace: string): string {
    return this.def.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  private gr() {
    return { group: this.def.group, resource: this.def.plural };
  }

  /**
   * A stored value as this resource serves it. A built-in object loses the fields its kind does
   * not declare, as upstream's decoding of stored objects into Go types drops them (data written
   * before the kind had a schema).
   */
  decode(value: Uint8Array | string, revision: number): KubeObject {
    const obj = decodeObject(value, revision);
    if (this.schema) dropUnknownFields(obj, this.schema, ALL_DEFINITIONS);
    if (!this.def.storage) return obj;
    const served = this.def.storage.toServed(obj);
    served.metadata.resourceVersion = String(revision);
    return served;
  }

  /** An object as stored (in the storage version's shape when that differs). */
  encode(obj: KubeObject, current?: KubeObject | null): Buffer {
    if (!this.def.storage) return encodeObject(obj);
    const stored = current ? this.def.storage.toStored(current) : undefined;
    return encodeObject(this.def.storage.toStored(obj, stored));
  }

  /** Reads one object; `resourceVersion` "0" accepts any cached state, unset is consistent. */
  async get(namespace: string, name: string, resourceVersion?: string): Promise<CacheEntry> {
    await this.readAt(resourceVersion, undefined);
    const e = this.cache.get(this.key(namespace, name));
    if (!e) throw notFoundError(this.gr(), name);
    return e;
  }

  /** Lists objects of a namespace (or all), honouring resourceVersion rules, selectors and paging. */
  async list(namespace: string, opts: ListOptions): Promise<ListPage> {
    const keyPrefix = this.keyPrefix(namespace);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    if (opts.continueToken) return this.listContinue(keyPrefix, opts, limit);
    if (opts.resourceVersionMatch === 'Exact') {
      const rev = parseResourceVersion(opts.resourceVersion);
      return this.listFromStore(keyPrefix, rev, undefined, limit, opts.filter);
    }
    await this.readAt(opts.resourceVersion, opts.resourceVersionMatch);
    const revision = this.cache.revision;
    return this.page(this.cache.list(keyPrefix), revision, limit, opts.filter);
  }

  private page(all: CacheEntry[], revision: number, limit: number, filter?: EntryFilter): ListPage {
    const entries: CacheEntry[] = [];
    let i = 0;
    for (; i < all.length && (!limit || entries.length < limit); i++) {
      const e = all[i]!;
      if (!filter || filter(e.obj)) entries.push(e);
    }
    if (!limit || i >= all.length) return { entries, revision };
    const last = entries[entries.length - 1] ?? all[i - 1]!;
    const page: ListPage = { entries, revision, continueToken: this.encodeContinue(revision, last.key) };
    if (!filter) page.remainingItemCount = all.length - i;
    return page;
  }

  private async listContinue(keyPrefix: string, opts: ListOptions, limit: number): Promise<ListPage> {
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      throw badRequestError('specifying resource version is not allowed when using continue');
    }
    const { rev, startAfter } = this.decodeContinue(opts.continueToken!);
    if (!startAfter.startsWith(keyPrefix.slice(this.prefix.length)) && keyPrefix !== this.prefix) {
      throw badRequestError('continue key is not valid: the continue token is for another namespace');
    }
    const startKey = this.prefix + startAfter;
    if (rev === this.cache.revision) {
      return this.page(this.cache.list(keyPrefix, startKey), rev, limit, opts.filter);
    }
    return this.listFromStore(keyPrefix, rev, startKey + '\0', limit, opts.filter);
  }

  /** A LIST read from storage at an exact revision (continuations of an older snapshot). */
  private async listFromStore(
    keyPrefix: string,
    rev: number,
    startKey: string | undefined,
    limit: number,
    filter?: EntryFilter,
  ): Promise<ListPage> {
    const entries: CacheEntry[] = [];
    let start = startKey;
    for (;;) {
      let page;
      try {
        page = await this.store.list(keyPrefix, {
          revision: rev,
          startKey: start,
          limit: limit ? limit + 1 : 0,
        });
      } catch (err) {
        throw this.storageError(err, '');
      }
      let lastKey = '';
      for (const kv of page.kvs) {
        lastKey = kv.key;
        const obj = this.decode(kv.value, kv.modRevision);
        if (filter && !filter(obj)) continue;
        if (limit && entries.length === limit) {
          return {
            entries,
            revision: rev,
            continueToken: this.encodeContinue(rev, entries[entries.length - 1]!.key),
          };
        }
        entries.push(toEntry(kv.key, obj, kv.modRevision, this.prefix));
      }
      if (!page.more) return { entries, revision: rev };
      start = lastKey + '\0';
    }
  }

  private encodeContinue(rev: number, lastKey: string): string {
    const token = { v: CONTINUE_VERSION, rv: rev, start: lastKey.slice(this.prefix.length) };
    return Buffer.from(JSON.stringify(token)).toString('base64');
  }

  private decodeContinue(token: string): { rev: number; startAfter: string } {
    let parsed: { v?: unknown; rv?: unknown; start?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString()) as typeof parsed;
    } catch {
      throw badRequestError(
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    }
    if (parsed.v !== CONTINUE_VERSION || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') {
      throw badRequestError(
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    }
    if (parsed.rv <= 0)
      throw badRequestError('continue key is not valid: incorrect encoded start resourceVersion');
    return { rev: parsed.rv, startAfter: parsed.start };
  }

  /** Waits until the cache can answer a read at `resourceVersion` under upstream's rules. */
  private async readAt(resourceVersion: string | undefined, match: string | undefined): Promise<void> {
    if (match !== undefined && match !== '' && match !== 'NotOlderThan' && match !== 'Exact') {
      throw badRequestError(`resourceVersionMatch: Unsupported value: "${match}"`);
    }
    if (match && !resourceVersion) {
      throw badRequestError('resourceVersionMatch is forbidden unless resourceVersion is provided');
    }
    if (resourceVersion === '0') return this.cache.whenReady();
    if (!resourceVersion) {
      try {
        return await this.cache.waitFresh();
      } catch (err) {
        if (err instanceof StorageError || err instanceof StatusError) throw this.storageError(err, '');
        // The cache did not catch up with storage in time.
        throw timeoutError(err instanceof Error ? err.message : String(err), 1);
      }
    }
    const rev = parseResourceVersion(resourceVersion);
    try {
      await this.cache.waitFor(rev);
    } catch {
      throw new StatusError(
        504,
        'Timeout',
        `Timeout: Too large resource version: ${rev}, current: ${this.cache.revision}`,
        {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        },
      );
    }
  }

  /** Creates an object (its name generated from generateName when empty). */
  async create(obj: KubeObject, opts: { dryRun?: boolean } = {}): Promise<WriteResult> {
    const namespace = obj.metadata.namespace ?? '';
    const generate = !obj.metadata.name && !!obj.metadata.generateName;
    for (let attempt = 0; ; attempt++) {
      if (generate) obj.metadata.name = generateName(obj.metadata.generateName!);
      const name = obj.metadata.name!;
      const key = this.key(namespace, name);
      if (opts.dryRun) {
        if (this.cache.get(key)) throw alreadyExistsError(this.gr(), name);
        return this.result(obj, this.cache.revision);
      }
      let res;
      try {
        res = await this.store.create(key, this.encode(obj));
      } catch (err) {
        throw this.storageError(err, name);
      }
      if (res.succeeded) return this.result(obj, res.revision);
      if (!generate || attempt >= 7) throw alreadyExistsError(this.gr(), name);
    }
  }

  /**
   * Updates an object with compare-and-swap, retrying `update` on the newest state after a
   * conflict — unless `expectedRevision` is given, in which case a mismatch is a 409 Conflict.
   * `update` returning NO_CHANGE skips the write. `missing` decides what a missing object means
   * (default 404; it may return an object to create instead).
   */
  async update(
    namespace: string,
    name: string,
    update: UpdateFn,
    opts: {
      expectedRevision?: number;
      dryRun?: boolean;
      missing?: () => KubeObject | null | Promise<KubeObject | null>;
    } = {},
  ): Promise<WriteResult & { created: boolean; unchanged: boolean }> {
    const key = this.key(namespace, name);
    let current = await this.currentFromStore(key);
    for (;;) {
      if (!current) {
        const toCreate = (await opts.missing?.()) ?? null;
        if (!toCreate) throw notFoundError(this.gr(), name);
        const created = await this.create(toCreate, { dryRun: opts.dryRun });
        return { ...created, created: true, unchanged: false };
      }
      const rev = Number(current.metadata.resourceVersion);
      if (opts.expectedRevision !== undefined && opts.expectedRevision !== rev)
        throw conflictError(this.gr(), name);
      const next = await update(structuredClone(current));
      if (next === NO_CHANGE) return { ...this.result(current, rev), created: false, unchanged: true };
      if (opts.dryRun) return { ...this.result(next, rev), created: false, unchanged: false };
      let res;
      try {
        res = await this.store.update(key, this.encode(next, current), rev);
      } catch (err) {
        throw this.storageError(err, name);
      }
      if (res.succeeded) return { ...this.result(next, res.revision), created: false, unchanged: false };
      current = res.current ? this.decode(res.current.value, res.current.modRevision) : null;
    }
  }

  /** Deletes an object if it is still at `revision`; a mismatch answers 409 Conflict. */
  async deleteAt(namespace: string, name: string, revision: number, dryRun = false): Promise<WriteResult> {
    const key = this.key(namespace, name);
    if (dryRun) {
      const e = this.cache.get(key);
      if (!e) throw notFoundError(this.gr(), name);
      return { obj: e.obj, json: e.json, revision: e.revision };
    }
    let res;
    try {
      res = await this.store.delete(key, revision);
    } catch (err) {
      throw this.storageError(err, name);
    }
    if (!res.succeeded) {
      if (!res.current) throw notFoundError(this.gr(), name);
      throw conflictError(this.gr(), name);
    }
    const obj = this.decode(res.prevKv.value, res.revision);
    return { obj, json: JSON.stringify(obj), revision: res.revision };
  }

  /** The object as stored now (bypassing the cache), or null. */
  async currentFromStore(key: string): Promise<KubeObject | null> {
    let got;
    try {
      got = await this.store.get(key);
    } catch (err) {
      throw this.storageError(err, '');
    }
    return got.kv ? this.decode(got.kv.value, got.kv.modRevision) : null;
  }

  private result(obj: KubeObject, revision: number): WriteResult {
    obj.metadata.resourceVersion = String(revision);
    return { obj, json: JSON.stringify(obj), revision };
  }

  /** Maps a datastore error to the Status the client gets. */
  storageError(err: unknown, name: string): Error {
    if (err instanceof StatusError) return err;
    if (err instanceof CompactedError) {
      return resourceExpiredError(
        `The resourceVersion for the provided list is too old. (requested ${err.requestedRevision}, oldest ${err.compactRevision})`,
      );
    }
    if (err instanceof FutureRevisionError) {
      return timeoutError(
        `Too large resource version: ${err.requestedRevision}, current: ${err.currentRevision}`,
        1,
      );
    }
    if (err instanceof ValueTooLargeError) {
      return new StatusError(413, 'RequestEntityTooLarge', `etcdserver: request is too large`, { name });
    }
    if (err instanceof StorageError && err.retriable) {
      return new StatusError(503, 'ServiceUnavailable', err.message, { retryAfterSeconds: 1 });
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Parses a resourceVersion parameter; a malformed one is a 400 as upstream answers. */
export function parseResourceVersion(rv: string | undefined): number {
  const n = Number(rv);
  if (!rv || !/^\d+$/.test(rv) || !Number.isSafeInteger(n)) {
    throw badRequestError(`invalid resource version "${rv ?? ''}"`);
  }
  return n;
}

function toEntry(key: string, obj: KubeObject, revision: number, prefix: string): CacheEntry {
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf('/');
  return {
    key,
    namespace: slash >= 0 ? rest.slice(0, slash) : '',
    name: slash >= 0 ? rest.slice(slash + 1) : rest,
    obj,
    json: JSON.stringify(obj),
    revision,
  };
}

/**
 * A name from `generateName`, as upstream's `SimpleNameGenerator`: the base cut to 58
 * characters, then five random characters.
 */
export function generateName(base: string): string {
  return base.slice(0, 58) + randomSuffix();
}

/** Five characters from upstream's generateName alphabet. */
function randomSuffix(): string {
  const bytes = randomBytes(5);
  let s = '';
  for (const b of bytes) s += GENERATE_ALPHABET[b % GENERATE_ALPHABET.length];
  return s;
}
