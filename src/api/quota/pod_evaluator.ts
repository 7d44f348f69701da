/**
 * The quota evaluator of pods (upstream's `pkg/quota/v1/evaluator/core/pods.go`): what a pod
 * consumes (`pods`, `count/pods`, `requests.*`, `limits.*`, `cpu`, `memory`,
 * `ephemeral-storage`, hugepages, extended resources), which containers miss a required
 * request or limit, and the pod scopes (Terminating, NotTerminating, BestEffort, NotBestEffort,
 * PriorityClass, CrossNamespacePodAffinity).
 */
import { isPlainObject } from '../object.js';
import { Quantity } from '../quantity.js';
import type { QuotaEvaluator } from './evaluator.js';
import { containerResources, isBestEffort, podContainers, podInitContainers } from './pod_resources.js';
import { podLimits, podRequests } from './pod_resources.js';
import type { ResourceList } from './resource_list.js';
import { addLists } from './resource_list.js';
import type { ScopeRequirement } from './scopes.js';
import { scopeValueMatches } from './scopes.js';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});

/** `count/pods`. */
export const POD_OBJECT_COUNT = 'count/pods';

const POD_RESOURCES = new Set([
  POD_OBJECT_COUNT,
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);
const POD_RESOURCE_PREFIXES = ['hugepages-', 'requests.hugepages-'];
/** The resources quota insists every container states when a quota limits them. */
const VALIDATION_SET = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** `helper.IsNativeResource`: no domain, or a `kubernetes.io/` one. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** `helper.IsExtendedResourceName` (without the qualified-name check of its quota form). */
function isExtendedResourceName(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith('requests.');
}

/** `podComputeUsageHelper`: the compute usage of the given requests and limits (one pod). */
export function podComputeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = new Map([['pods', Quantity.fromValue(1)]]);
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(r);
    if (req) {
      out.set(r, req);
      out.set(`requests.${r}`, req);
    }
    const lim = limits.get(r);
    if (lim) out.set(`limits.${r}`, lim);
  }
  for (const [r, q] of requests) {
    if (r.startsWith('hugepages-')) {
      out.set(r, q);
      out.set(`requests.${r}`, q);
    }
    if (isExtendedResourceName(r)) out.set(`requests.${r}`, q);
  }
  return out;
}

/**
 * `QuotaV1Pod`: whether a pod's compute resources are charged — not once it is terminal
 * (Succeeded, Failed) nor once its deletion grace period has run out.
 */
export function podIsCharged(pod: { metadata?: object; status?: unknown }, now: Date): boolean {
  const phase = rec(pod.status).phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const meta = rec(pod.metadata);
  if (typeof meta.deletionTimestamp === 'string' && typeof meta.deletionGracePeriodSeconds === 'number') {
    const end = Date.parse(meta.deletionTimestamp) + meta.deletionGracePeriodSeconds * 1000;
    if (now.getTime() > end) return false;
  }
  return true;
}

/** `PodUsageFunc`: `count/pods` always, the compute usage while the pod is charged. */
export function podUsage(
  pod: { metadata?: object; spec?: unknown; status?: unknown },
  now: Date,
): ResourceList {
  const result: ResourceList = new Map([[POD_OBJECT_COUNT, Quantity.fromValue(1)]]);
  if (!podIsCharged(pod, now)) return result;
  return addLists(result, podComputeUsage(podRequests(pod.spec), podLimits(pod.spec)));
}

/**
 * The `Constraints` check: with cpu or memory (requests or limits) under quota, every container
 * must state them. Returns upstream's text (`must specify limits.cpu for: a,b; memory for: a`) or
 * null.
 */
export function podConstraints(required: readonly string[], spec: unknown): string | null {
  const requiredSet = required.filter((r) => VALIDATION_SET.has(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...podContainers(spec), ...podInitContainers(spec)]) {
    const usage = podComputeUsage(containerResources(c, 'requests'), containerResources(c, 'limits'));
    for (const r of requiredSet) {
      if (usage.has(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(typeof c.name === 'string' ? c.name : '');
    }
  }
  if (missing.size === 0) return null;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

function isTerminating(spec: Json): boolean {
  return typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
}

function usesCrossNamespacePodAffinity(spec: Json): boolean {
  const affinity = rec(spec.affinity);
  for (const kind of [affinity.podAffinity, affinity.podAntiAffinity]) {
    const a = rec(kind);
    const required = Array.isArray(a.requiredDuringSchedulingIgnoredDuringExecution)
      ? a.requiredDuringSchedulingIgnoredDuringExecution
      : [];
    const preferred = Array.isArray(a.preferredDuringSchedulingIgnoredDuringExecution)
      ? a.preferredDuringSchedulingIgnoredDuringExecution.map((w) => rec(w).podAffinityTerm)
      : [];
    for (const t of [...required, ...preferred]) {
      const term = rec(t);
      if (isPlainObject(term.namespaceSelector)) return true;
      if (Array.isArray(term.namespaces) && term.namespaces.length > 0) return true;
    }
  }
  return false;
}

/** `podMatchesScopeFunc`: whether a pod is in a quota scope. */
export function podMatchesScope(req: ScopeRequirement, pod: { spec?: unknown; status?: unknown }): boolean {
  const spec = rec(pod.spec);
  switch (req.scopeName) {
    case 'Terminating':
      return isTerminating(spec);
    case 'NotTerminating':
      return !isTerminating(spec);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
      return scopeValueMatches(req, pc);
    }
    case 'CrossNamespacePodAffinity':
      return usesCrossNamespacePodAffinity(spec);
    default:
      return false;
  }
}

/** The pods evaluator. Pods are charged on create only (in-place resize is not served). */
export const podEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'pods',
  handles: (op) => op === 'create',
  matchingResources: (names) =>
    names.filter(
      (n) =>
        POD_RESOURCES.has(n) ||
        POD_RESOURCE_PREFIXES.some((p) => n.startsWith(p)) ||
        (!isNativeResource(n) && n.startsWith('requests.')),
    ),
  usage: (obj, now) => podUsage(obj, now),
  constraints: (required, obj) => podConstraints(required, obj.spec),
  matchesScope: (req, obj) => podMatchesScope(req, obj),
};
