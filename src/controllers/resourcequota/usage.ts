/**
 * What objects count against a ResourceQuota, as upstream's quota evaluators compute it: pods
 * (count, requests and limits of cpu, memory, ephemeral-storage, hugepages and extended
 * resources, computed as the pod's effective requests), services (count, node ports, load
 * balancers), persistent volume claims (count and storage, also per storage class), and object
 * counts (`configmaps`, `secrets`, `count/<resource>[.<group>]`). Scopes (Terminating,
 * NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity) select
 * pods only. This module and the API server's quota admission compute the same figures.
 */
import type { Quantity } from '../../api/quantity.js';
import { parseQuantity } from '../../api/quantity.js';
import type { Container, Pod, ResourceList } from '../../api/types/pod.js';
import type { Service } from '../../api/types/service.js';
import type { PersistentVolumeClaim, ResourceQuota, ScopeRequirement } from './quota_types.js';

/** Usage: resource name → quantity. */
export type Usage = Map<string, Quantity>;

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

function add(u: Usage, name: string, q: Quantity): void {
  const cur = u.get(name);
  u.set(name, cur ? cur.add(q) : q);
}
const ONE = () => parseQuantity('1');

/** Adds `b` into `a` (summing per resource). */
export function addUsage(a: Usage, b: Usage): Usage {
  for (const [k, v] of b) add(a, k, v);
  return a;
}

function sumInto(acc: Map<string, Quantity>, list: ResourceList | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) add(acc, k, parseQuantity(v));
}
function maxInto(acc: Map<string, Quantity>, other: Map<string, Quantity>): void {
  for (const [k, v] of other) {
    const cur = acc.get(k);
    if (!cur || v.cmp(cur) > 0) acc.set(k, v);
  }
}

/**
 * The pod's effective requests or limits (`resourcehelper.PodRequests`/`PodLimits`): the sum
 * of containers and restartable (sidecar) init containers, or a larger init container (plus the
 * sidecars started before it), plus the pod overhead.
 */
export function podResources(pod: Pod, which: 'requests' | 'limits'): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  for (const c of pod.spec.containers ?? []) sumInto(total, c.resources?.[which]);
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  for (const c of (pod.spec.initContainers ?? []) as Container[]) {
    if (c.restartPolicy === 'Always') {
      sumInto(total, c.resources?.[which]);
      sumInto(sidecars, c.resources?.[which]);
      continue;
    }
    const effective = new Map(sidecars);
    sumInto(effective, c.resources?.[which]);
    maxInto(initMax, effective);
  }
  maxInto(total, initMax);
  sumInto(total, pod.spec.overhead);
  return total;
}

/** Whether the pod still counts (`QuotaV1Pod`): not terminal, not past its deletion grace. */
export function podCounts(pod: Pod, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const del = pod.metadata.deletionTimestamp;
  if (del && pod.metadata.deletionGracePeriodSeconds !== undefined) {
    if (now > Date.parse(del) + pod.metadata.deletionGracePeriodSeconds * 1000) return false;
  }
  return true;
}

/** The usage of one pod (all its resources, whether a quota names them or not). */
export function podUsage(pod: Pod): Usage {
  const u: Usage = new Map([
    ['pods', ONE()],
    ['count/pods', ONE()],
  ]);
  for (const [k, v] of podResources(pod, 'requests')) {
    add(u, `requests.${k}`, v);
    if (COMPUTE.includes(k)) add(u, k, v);
  }
  for (const [k, v] of podResources(pod, 'limits')) add(u, `limits.${k}`, v);
  return u;
}

/** The pod's QoS class (`GetPodQOS`), from its status when set. */
export function podQOS(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let anything = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined && !parseQuantity(req[r]).isZero()) anything = true;
      if (lim[r] !== undefined && !parseQuantity(lim[r]).isZero()) anything = true;
      if (
        lim[r] === undefined ||
        (req[r] !== undefined && parseQuantity(req[r]).cmp(parseQuantity(lim[r])) !== 0)
      )
        guaranteed = false;
    }
  }
  if (!anything) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function hasCrossNamespaceAffinity(pod: Pod): boolean {
  const terms = [pod.spec.affinity?.podAffinity, pod.spec.affinity?.podAntiAffinity].flatMap((a) => [
    ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
  ]);
  return terms.some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
}

/** Whether the pod matches one scope requirement (`podMatchesScopeFunc`). */
export function podMatchesScope(pod: Pod, req: ScopeRequirement): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return pod.spec.activeDeadlineSeconds != null && pod.spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return pod.spec.activeDeadlineSeconds == null || pod.spec.activeDeadlineSeconds < 0;
    case 'BestEffort':
      return podQOS(pod) === 'BestEffort';
    case 'NotBestEffort':
      return podQOS(pod) !== 'BestEffort';
    case 'CrossNamespacePodAffinity':
      return hasCrossNamespaceAffinity(pod);
    case 'PriorityClass': {
      const pc = pod.spec.priorityClassName ?? '';
      switch (req.operator) {
        case 'Exists':
          return pc !== '';
        case 'DoesNotExist':
          return pc === '';
        case 'In':
          return (req.values ?? []).includes(pc);
        case 'NotIn':
          return !(req.values ?? []).includes(pc);
      }
      return false;
    }
  }
  return false;
}

/** The quota's scope requirements: `scopes` (as Exists) and `scopeSelector` expressions. */
export function quotaScopes(q: ResourceQuota): ScopeRequirement[] {
  return [
    ...(q.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' as const })),
    ...(q.spec?.scopeSelector?.matchExpressions ?? []),
  ];
}

/** The usage of one service. */
export function serviceUsage(svc: Service): Usage {
  const u: Usage = new Map([
    ['services', ONE()],
    ['count/services', ONE()],
  ]);
  const type = svc.spec.type ?? 'ClusterIP';
  if (type === 'LoadBalancer') add(u, 'services.loadbalancers', ONE());
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const ports = (svc.spec.ports ?? []).length;
    if (ports > 0) add(u, 'services.nodeports', parseQuantity(String(ports)));
  }
  return u;
}

/** The usage of one persistent volume claim. */
export function pvcUsage(pvc: PersistentVolumeClaim): Usage {
  const u: Usage = new Map([
    ['persistentvolumeclaims', ONE()],
    ['count/persistentvolumeclaims', ONE()],
  ]);
  const storage = pvc.spec?.resources?.requests?.storage;
  const sc = pvc.spec?.storageClassName;
  if (sc) add(u, `${sc}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE());
  if (storage) {
    add(u, 'requests.storage', parseQuantity(storage));
    if (sc) add(u, `${sc}${STORAGE_CLASS_SUFFIX}requests.storage`, parseQuantity(storage));
  }
  return u;
}

/** The usage of `n` objects counted by name (`configmaps` and `count/configmaps` …). */
export function objectCountUsage(resource: string, n: number, legacyName?: string): Usage {
  const q = parseQuantity(String(n));
  const u: Usage = new Map([[`count/${resource}`, q]]);
  if (legacyName) u.set(legacyName, q);
  return u;
}

/** The namespace's objects the computation reads. */
export interface NamespaceObjects {
  pods: readonly Pod[];
  services: readonly Service[];
  persistentvolumeclaims: readonly PersistentVolumeClaim[];
  /** Object counts by `count/` resource name (`configmaps`, `deployments.apps`, …). */
  counts: ReadonlyMap<string, number>;
}

/** Resource names counted by object count with a legacy name of their own. */
export const LEGACY_COUNTS: Record<string, string> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/**
 * The quota's `status.used`: for every resource named in `spec.hard`, the usage of the matching
 * objects (pods only when the quota has scopes), zero when none.
 */
export function quotaUsed(q: ResourceQuota, objs: NamespaceObjects, now: number): ResourceList {
  const hard = Object.keys(q.spec?.hard ?? {});
  const scopes = quotaScopes(q);
  const total: Usage = new Map();
  for (const pod of objs.pods) {
    if (!podCounts(pod, now)) continue;
    if (!scopes.every((s) => podMatchesScope(pod, s))) continue;
    addUsage(total, podUsage(pod));
  }
  if (scopes.length === 0) {
    for (const s of objs.services) addUsage(total, serviceUsage(s));
    for (const p of objs.persistentvolumeclaims) addUsage(total, pvcUsage(p));
    for (const [resource, n] of objs.counts)
      addUsage(total, objectCountUsage(resource, n, LEGACY_COUNTS[resource]));
  }
  const used: ResourceList = {};
  for (const name of hard) used[name] = (total.get(name) ?? parseQuantity('0')).toString();
  return used;
}
