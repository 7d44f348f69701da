/**
 * One informer handler shared by many kubelets of one process (hollow nodes): each event goes to
 * the kubelet whose key (node name) it carries, so an event costs one call however many nodes
 * share the watch, instead of one per node.
 */
import type { KubeObject } from '../api/object.js';
import type { Informer, InformerHandler } from '../client/informer.js';

const dispatchers = new WeakMap<object, HandlersByKey<KubeObject>>();

/** Routes an informer's events to the handler registered under each object's key. */
export class HandlersByKey<T extends KubeObject> {
  private readonly handlers = new Map<string, InformerHandler<T>>();

  private constructor(
    informer: Informer<T>,
    private readonly keyOf: (obj: T) => string | undefined,
  ) {
    informer.addHandler({
      onAdd: (o) => this.to(o)?.onAdd?.(o),
      onUpdate: (old, o) => {
        const k = this.keyOf(o);
        const oldKey = this.keyOf(old);
        if (oldKey !== undefined && oldKey !== k) this.handlers.get(oldKey)?.onDelete?.(old);
        if (k !== undefined) this.handlers.get(k)?.onUpdate?.(old, o);
      },
      onDelete: (o) => this.to(o)?.onDelete?.(o),
    });
  }

  /** The dispatcher of `informer` (created on first use with `keyOf`; one per informer). */
  static of<T extends KubeObject>(
    informer: Informer<T>,
    keyOf: (obj: T) => string | undefined,
  ): HandlersByKey<T> {
    let d = dispatchers.get(informer) as HandlersByKey<T> | undefined;
    if (!d) {
      d = new HandlersByKey(informer, keyOf);
      dispatchers.set(informer, d as unknown as HandlersByKey<KubeObject>);
    }
    return d;
  }

  /** Registers `handler` for `key`; it first gets an add for each cached object with that key. */
  add(key: string, handler: InformerHandler<T>, cached: T[]): void {
    this.handlers.set(key, handler);
    if (handler.onAdd) for (const o of cached) if (this.keyOf(o) === key) handler.onAdd(o);
  }

  /** Removes the handler of `key`. */
  remove(key: string): void {
    this.handlers.delete(key);
  }

  private to(o: T): InformerHandler<T> | undefined {
    const k = this.keyOf(o);
    return k === undefined ? undefined : this.handlers.get(k);
  }
}
