/**
 * The objects of one resource as the authenticators and authorizers read them: in memory, from
 * the API server's watch cache, with a change notification fed by its watch events.
 */
import type { KubeObject } from '../../api/object.js';
import type { CacheListener } from '../store/watch_cache.js';
import type { ResourceStore } from '../store/resource_store.js';

/** The live objects of one resource. */
export interface ObjectSource {
  /** One object (namespace '' for cluster-scoped ones). */
  get(namespace: string, name: string): KubeObject | undefined;
  /** Every object. */
  list(): KubeObject[];
  /** Calls `cb` after each batch of changes; returns the function that unsubscribes. */
  onChange(cb: () => void): () => void;
}

/** An `ObjectSource` over fixed objects (tests), with `set` to replace them and notify. */
export class StaticObjectSource implements ObjectSource {
  private readonly listeners = new Set<() => void>();
  constructor(private objects: KubeObject[] = []) {}

  get(namespace: string, name: string): KubeObject | undefined {
    return this.objects.find((o) => (o.metadata.namespace ?? '') === namespace && o.metadata.name === name);
  }

  list(): KubeObject[] {
    return this.objects;
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Replaces the objects and tells the subscribers. */
  set(objects: KubeObject[]): void {
    this.objects = objects;
    for (const l of this.listeners) l();
  }
}

/**
 * An `ObjectSource` over a resource's watch cache: reads are map lookups; subscribers hear of
 * every event (and of a cache restart), the subscription renewing itself after a restart.
 */
export function watchCacheSource(rs: ResourceStore): ObjectSource {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  let unsubscribe: (() => void) | null = null;
  const subscribe = () => {
    const listener: CacheListener = {
      events: notify,
      progress: () => undefined,
      reset: () => {
        unsubscribe = null;
        notify();
        void rs.cache.whenReady().then(() => {
          if (listeners.size && !unsubscribe) subscribe();
        });
      },
    };
    try {
      unsubscribe = rs.cache.watch(rs.cache.revision, listener);
    } catch {
      unsubscribe = null;
    }
    notify();
  };
  return {
    get: (namespace, name) => rs.cache.get(rs.key(namespace, name))?.obj,
    list: () => rs.cache.list(rs.keyPrefix('')).map((e) => e.obj),
    onChange(cb) {
      listeners.add(cb);
      if (!unsubscribe) subscribe();
      return () => {
        listeners.delete(cb);
        if (listeners.size === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = null;
        }
      };
    },
  };
}
