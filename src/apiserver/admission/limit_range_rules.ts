/**
 * The rules of upstream's LimitRanger (`plugin/pkg/admission/limitranger`), pure: the container
 * defaults a LimitRange fills in (and the `kubernetes.io/limit-ranger` annotation saying so),
 * and the min / max / maxLimitRequestRatio checks of Container, Pod and PersistentVolumeClaim
 * limits, each refusal worded as upstream's.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { Quantity } from '../../api/quantity.js';
import { podInitContainers, podContainers, podLimits, podRequests } from '../../api/quota/pod_resources.js';
import type { ResourceList } from '../../api/quota/resource_list.js';
import { resourceListOf, sortedNames } from '../../api/quota/resource_list.js';

/** The pod annotation recording what LimitRanger set. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});
const recs = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);

function ensure(parent: Json, key: string): Json {
  if (!isPlainObject(parent[key])) parent[key] = {};
  return parent[key] as Json;
}

/** The limit items of a LimitRange. */
export function limitItems(lr: KubeObject): Json[] {
  return recs(rec(lr.spec).limits);
}

/** `defaultContainerResourceRequirements`: the Container items' default limits and requests. */
export function defaultContainerRequirements(lr: KubeObject): {
  requests: ResourceList;
  limits: ResourceList;
} {
  const requests: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const item of limitItems(lr)) {
    if (item.type !== 'Container') continue;
    for (const [k, q] of resourceListOf(item.defaultRequest)) requests.set(k, q);
    for (const [k, q] of resourceListOf(item.default)) limits.set(k, q);
  }
  return { requests, limits };
}

function fillMissing(resources: Json, which: 'requests' | 'limits', list: ResourceList): string[] {
  const current = rec(resources[which]);
  const set: string[] = [];
  for (const k of sortedNames(list)) {
    if (k in current) continue;
    current[k] = list.get(k)!.toString();
    set.push(k);
  }
  if (Object.keys(current).length > 0) resources[which] = current;
  return set;
}

/** `mergeContainerResources`: fills one container, returning upstream's notes (requests first). */
function mergeContainer(
  container: Json,
  defaults: ReturnType<typeof defaultContainerRequirements>,
  what: string,
): string[] {
  const resources = ensure(container, 'resources');
  const limits = fillMissing(resources, 'limits', defaults.limits);
  const requests = fillMissing(resources, 'requests', defaults.requests);
  const name = typeof container.name === 'string' ? container.name : '';
  const notes: string[] = [];
  if (requests.length > 0) notes.push(`${requests.join(', ')} request for ${what} ${name}`);
  if (limits.length > 0) notes.push(`${limits.join(', ')} limit for ${what} ${name}`);
  return notes;
}

/**
 * `PodMutateLimitFunc`: fills missing container and init container requests and limits from
 * the LimitRange's defaults and annotates the pod with what was set.
 */
export function applyLimitRangeDefaults(lr: KubeObject, pod: KubeObject): void {
  const defaults = defaultContainerRequirements(lr);
  if (defaults.requests.size === 0 && defaults.limits.size === 0) return;
  const notes: string[] = [];
  for (const c of podContainers(pod.spec)) notes.push(...mergeContainer(c, defaults, 'container'));
  for (const c of podInitContainers(pod.spec)) notes.push(...mergeContainer(c, defaults, 'init container'));
  if (notes.length === 0) return;
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
  };
}

const MAX_MILLI_VALUE = (2n ** 63n - 1n) / 1000n;

/** `requestLimitEnforcedValues`: the three values at a common (milli when possible) precision. */
function commonValues(req?: Quantity, lim?: Quantity, enforced?: Quantity): [bigint, bigint, bigint] {
  const v = (q?: Quantity) => q?.scaledValue(0) ?? 0n;
  const m = (q?: Quantity) => q?.scaledValue(-3) ?? 0n;
  if (v(req) <= MAX_MILLI_VALUE && v(lim) <= MAX_MILLI_VALUE && v(enforced) <= MAX_MILLI_VALUE) {
    return [m(req), m(lim), m(enforced)];
  }
  return [v(req), v(lim), v(enforced)];
}

/** `minConstraint`. */
export function minConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | null {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = commonValues(req, lim, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced.toString()}.  No request is specified`;
  if (r < e)
    return `minimum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  if (lim && l < e)
    return `minimum ${name} usage per ${type} is ${enforced.toString()}, but limit is ${lim.toString()}`;
  return null;
}

/** `maxConstraint`. */
export function maxConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | null {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l, e] = commonValues(req, lim, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced.toString()}.  No limit is specified`;
  if (l > e)
    return `maximum ${name} usage per ${type} is ${enforced.toString()}, but limit is ${lim.toString()}`;
  if (req && r > e)
    return `maximum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  return null;
}

/** `maxRequestConstraint`: the max of a type whose limits are not user input (claims). */
export function maxRequestConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
): string | null {
  const req = requests.get(name);
  const [r, , e] = commonValues(req, undefined, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${enforced.toString()}.  No request is specified`;
  if (r > e)
    return `maximum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  return null;
}

/** `limitRequestRatioConstraint`. */
export function ratioConstraint(
  type: string,
  name: string,
  enforced: Quantity,
  requests: ResourceList,
  limits: ResourceList,
): string | null {
  const req = requests.get(name);
  const lim = limits.get(name);
  const [r, l] = commonValues(req, lim, enforced);
  const text = `${name} max limit to request ratio per ${type} is ${enforced.toString()}`;
  if (!req || r === 0n) return `${text}, but no request is specified or request is 0`;
  if (!lim || l === 0n) return `${text}, but no limit is specified or limit is 0`;
  const shown = Number(l) / Number(r);
  let observed = shown;
  let max = Number(enforced.scaledValue(0));
  if (enforced.scaledValue(0) <= MAX_MILLI_VALUE) {
    observed = shown * 1000;
    max = Number(enforced.scaledValue(-3));
  }
  if (observed > max) return `${text}, but provided ratio is ${shown.toFixed(6)}`;
  return null;
}

function checkItem(
  item: Json,
  type: string,
  requests: ResourceList,
  limits: ResourceList,
  out: string[],
): void {
  const each = (section: unknown, fn: (name: string, q: Quantity) => string | null) => {
    const list = resourceListOf(section);
    for (const name of sortedNames(list)) {
      const err = fn(name, list.get(name)!);
      if (err) out.push(err);
    }
  };
  each(item.min, (n, q) => minConstraint(type, n, q, requests, limits));
  each(item.max, (n, q) => maxConstraint(type, n, q, requests, limits));
  each(item.maxLimitRequestRatio, (n, q) => ratioConstraint(type, n, q, requests, limits));
}

/** `PodValidateLimitFunc`: every violation of the Container and Pod items, in upstream's order. */
export function podLimitViolations(lr: KubeObject, pod: KubeObject): string[] {
  const out: string[] = [];
  for (const item of limitItems(lr)) {
    if (item.type === 'Container') {
      for (const c of [...podContainers(pod.spec), ...podInitContainers(pod.spec)]) {
        const resources = rec(c.resources);
        checkItem(
          item,
          'Container',
          resourceListOf(resources.requests),
          resourceListOf(resources.limits),
          out,
        );
      }
    } else if (item.type === 'Pod') {
      checkItem(item, 'Pod', podRequests(pod.spec), podLimits(pod.spec), out);
    }
  }
  return out;
}

/** `PersistentVolumeClaimValidateLimitFunc`: min and max of the claim's storage request. */
export function pvcLimitViolations(lr: KubeObject, pvc: KubeObject): string[] {
  const out: string[] = [];
  const requests = resourceListOf(rec(rec(rec(pvc.spec).resources).requests));
  for (const item of limitItems(lr)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    const min = resourceListOf(item.min);
    for (const n of sortedNames(min)) {
      const err = minConstraint('PersistentVolumeClaim', n, min.get(n)!, requests, new Map());
      if (err) out.push(err);
    }
    const max = resourceListOf(item.max);
    for (const n of sortedNames(max)) {
      const err = maxRequestConstraint('PersistentVolumeClaim', n, max.get(n)!, requests);
      if (err) out.push(err);
    }
  }
  return out;
}
