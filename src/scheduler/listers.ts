/** Listers over informer caches, and the pod priority resolver (spec.priority, else its PriorityClass). */
import type { KubeObject } from '../api/object.js';
import type { Pod } from '../api/types/pod.js';
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

/**
 * A pod's priority as upstream's Priority admission would have set it: `spec.priority`, else the
 * value of its `priorityClassName`, else of the global default class, else 0.
 */
export function priorityResolver(classes: Lister<KubeObject>): (pod: Pod) => number {
  return (pod) => {
    if (typeof pod.spec?.priority === 'number') return pod.spec.priority;
    const name = pod.spec?.priorityClassName;
    if (name) {
      const pc = classes.get('', name) as (KubeObject & { value?: number }) | undefined;
      if (pc && typeof pc.value === 'number') return pc.value;
    }
    for (const pc of classes.list() as (KubeObject & { value?: number; globalDefault?: boolean })[])
      if (pc.globalDefault && typeof pc.value === 'number') return pc.value;
    return 0;
  };
}
