/**
 * Resource amounts as the scheduler counts them (upstream's `framework.Resource`): milli-CPU,
 * bytes of memory and ephemeral storage, a pod count, and scalar (extended, hugepages) resources
 * as plain integers. `podRequests` computes a pod's effective requests as upstream's
 * `resource.PodRequests`: containers, the peak of init containers, native sidecars, overhead.
 */
import { Quantity } from '../../api/quantity.js';
import type { Container, Pod, ResourceList } from '../../api/types/pod.js';

/** Default CPU request (milli-CPU) assumed for scoring a container that requests none. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Default memory request (bytes) assumed for scoring a container that requests none. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Mutable resource amounts. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  scalar: Map<string, number>;
}

/** An empty resource. */
export function newResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: new Map() };
}

/** A copy of `r`. */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/** Whether `name` is a scalar resource (extended `a/b`, `hugepages-*`, `attachable-volumes-*`). */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/** Whether `name` is an extended resource (`domain/name` outside `kubernetes.io/`). */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/')) return false;
  return !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

const parsed = new Map<string, number>();

/** The integer amount of a quantity string: milli-units for `cpu`, units otherwise (memoised). */
function quantityValue(name: string, v: string): number {
  const key = name === 'cpu' ? `m${v}` : `u${v}`;
  let n = parsed.get(key);
  if (n !== undefined) return n;
  try {
    const q = Quantity.parse(String(v).trim());
    n = name === 'cpu' ? q.milliValue() : q.value();
  } catch {
    n = 0;
  }
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(key, n);
  return n;
}

/** Adds a `ResourceList` into `r` (`sign` -1 subtracts). */
export function addResourceList(r: Resource, list: ResourceList | undefined, sign = 1): void {
  if (!list) return;
  for (const name of Object.keys(list)) {
    const v = quantityValue(name, list[name]!) * sign;
    if (name === 'cpu') r.milliCPU += v;
    else if (name === 'memory') r.memory += v;
    else if (name === 'ephemeral-storage') r.ephemeralStorage += v;
    else if (name === 'pods') r.allowedPodNumber += v;
    else if (isScalarResourceName(name)) r.scalar.set(name, (r.scalar.get(name) ?? 0) + v);
  }
}

/** A resource from a `ResourceList` (node allocatable, for instance). */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = newResource();
  addResourceList(r, list);
  return r;
}

/** Adds `b` into `a`. */
export function addResource(a: Resource, b: Resource, sign = 1): void {
  a.milliCPU += sign * b.milliCPU;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  a.allowedPodNumber += sign * b.allowedPodNumber;
  for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + sign * v);
}

/** Raises each amount of `a` to at least that of `b`. */
function maxResource(a: Resource, b: Resource): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
  for (const [k, v] of b.scalar) a.scalar.set(k, Math.max(a.scalar.get(k) ?? 0, v));
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = resourceFromList(c.resources?.requests);
  if (nonZero) {
    const req = c.resources?.requests;
    if (!req || req.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The pod's effective requests: the sum of its containers (and native sidecars, which keep
 * running), at least the largest init container's need (plus the sidecars started before it),
 * plus `spec.overhead`. With `nonZero`, containers without a CPU or memory request count the
 * scoring defaults (100m, 200Mi) instead of zero.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const reqs = newResource();
  for (const c of pod.spec?.containers ?? []) addResource(reqs, containerRequests(c, nonZero));
  const restartable = newResource();
  const initMax = newResource();
  for (const c of pod.spec?.initContainers ?? []) {
    const cr = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addResource(reqs, cr);
      addResource(restartable, cr);
      maxResource(initMax, restartable);
    } else {
      const tmp = cloneResource(cr);
      addResource(tmp, restartable);
      maxResource(initMax, tmp);
    }
  }
  maxResource(reqs, initMax);
  if (pod.spec?.overhead) addResourceList(reqs, pod.spec.overhead);
  return reqs;
}
