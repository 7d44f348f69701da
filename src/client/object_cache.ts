/**
 * The informer's store: objects by key (`namespace/name`, or `name` when cluster-scoped) with
 * secondary indexes, as client-go's `cache.Indexer`. Objects are shared: callers must not mutate
 * what they read (copy first).
 */
import type { KubeObject } from '../api/object.js';

/** Computes the index values of an object (none, one or several). */
export type IndexFunc<T extends KubeObject> = (obj: T) => string[];

/** The key of an object in a cache: `namespace/name` or `name`. */
export function objectKey(obj: KubeObject): string {
  const m = obj.metadata;
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? '');
}

/** Splits a key into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The `namespace` index every informer has. */
export const NAMESPACE_INDEX = 'namespace';

/** Objects by key with indexes. */
export class ObjectCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndex(NAMESPACE_INDEX, (o) => [o.metadata.namespace ?? '']);
  }

  /** Adds an index, computed over the objects already present. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`index ${name} already exists`);
    this.indexers.set(name, fn);
    const idx = new Map<string, Set<string>>();
    this.indexes.set(name, idx);
    for (const [key, obj] of this.items) this.indexInto(idx, fn, key, obj);
  }

  private indexInto(idx: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const v of fn(obj)) {
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        const set = idx.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) idx.delete(v);
      }
    }
  }

  /** Stores `obj` under its key; returns the object it replaced. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexInto(this.indexes.get(name)!, fn, key, obj);
    return old;
  }

  /** Removes the object with `key`; returns it. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** The object with `key`. */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this.items.has(key);
  }

  /** All objects. */
  list(): T[] {
    return [...this.items.values()];
  }

  /** All keys. */
  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Number of objects. */
  get size(): number {
    return this.items.size;
  }

  /** The objects whose index `name` contains `value`. */
  byIndex(name: string, value: string): T[] {
    const idx = this.indexes.get(name);
    if (!idx) throw new Error(`index ${name} does not exist`);
    const keys = idx.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.items.get(k)!);
    return out;
  }

  /** The distinct values of index `name`. */
  indexValues(name: string): string[] {
    const idx = this.indexes.get(name);
    if (!idx) throw new Error(`index ${name} does not exist`);
    return [...idx.keys()];
  }
}
