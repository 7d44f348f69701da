/**
 * What a pod asks for, as upstream's `resourcehelper.PodRequests` / `PodLimits` compute it: the
 * sum over containers, at least the largest init container (each counted with the restartable
 * sidecars started before it), sidecars added to the total, and the pod overhead; and whether the pod
 * is of the BestEffort QoS class (`qos.GetPodQOS`).
 */
import { isPlainObject } from '../object.js';
import type { ResourceList } from './resource_list.js';
import { addInto, maxInto, quantityOf, resourceListOf } from './resource_list.js';

type Json = Record<string, unknown>;

const recs = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});

/** The containers of a pod spec. */
export function podContainers(spec: unknown): Json[] {
  return recs(rec(spec).containers);
}

/** The init containers of a pod spec. */
export function podInitContainers(spec: unknown): Json[] {
  return recs(rec(spec).initContainers);
}

/** A container's `resources.requests` or `resources.limits`. */
export function containerResources(container: Json, which: 'requests' | 'limits'): ResourceList {
  return resourceListOf(rec(container.resources)[which]);
}

function aggregate(spec: unknown, which: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of podContainers(spec)) addInto(total, containerResources(c, which));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of podInitContainers(spec)) {
    const own = containerResources(c, which);
    if (c.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const during: ResourceList = new Map(own);
      addInto(during, sidecars);
      maxInto(initMax, during);
    }
  }
  maxInto(total, initMax);
  return total;
}

/** `PodRequests`: the pod's effective requests, overhead included. */
export function podRequests(spec: unknown): ResourceList {
  const reqs = aggregate(spec, 'requests');
  addInto(reqs, resourceListOf(rec(spec).overhead));
  return reqs;
}

/** `PodLimits`: the pod's effective limits; overhead is added to the limits that are set. */
export function podLimits(spec: unknown): ResourceList {
  const limits = aggregate(spec, 'limits');
  for (const [k, q] of resourceListOf(rec(spec).overhead)) {
    const prev = limits.get(k);
    if (prev) limits.set(k, prev.add(q));
  }
  return limits;
}

const QOS_RESOURCES = ['cpu', 'memory'];

/**
 * Whether the pod is of the BestEffort QoS class (`qos.GetPodQOS`): its `status.qosClass` when
 * set, else true when no container requests or limits cpu or memory.
 */
export function isBestEffort(pod: { spec?: unknown; status?: unknown }): boolean {
  const recorded = rec(pod.status).qosClass;
  if (typeof recorded === 'string' && recorded !== '') return recorded === 'BestEffort';
  const spec = pod.spec;
  for (const c of [...podContainers(spec), ...podInitContainers(spec)]) {
    const resources = rec(c.resources);
    for (const which of [resources.requests, resources.limits]) {
      const m = rec(which);
      for (const name of QOS_RESOURCES) {
        const q = quantityOf(m[name]);
        if (q && q.sign() > 0) return false;
      }
    }
  }
  return true;
}
