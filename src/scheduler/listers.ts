/** Listers over informer caches. */
import type { KubeObject } from '../api/object.js';
import type { Informer } from '../client/informer.js';
import { NAMESPACE_INDEX } from '../client/object_cache.js';
import type { Lister } from './framework/handle.js';

/** A lister reading an informer's cache. */
export function informerLister<T extends KubeObject>(inf: Informer<T>): Lister<T> {
  return {
    get: (ns, name) => inf.cache.get(ns ? `${ns}/${name}` : name),
    list: (ns) => (ns ? inf.cache.byIndex(NAMESPACE_INDEX, ns) : inf.cache.list()),
  };
}
