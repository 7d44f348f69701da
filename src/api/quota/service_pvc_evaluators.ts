/**
 * The quota evaluators of services (`services`, `services.nodeports`,
 * `services.loadbalancers`) and persistent volume claims (`persistentvolumeclaims`,
 * `requests.storage`, and their `<class>.storageclass.storage.k8s.io/` forms), as upstream's
 * `services.go` and `persistent_volume_claims.go`. Both are charged on create and update.
 */
import { isPlainObject } from '../object.js';
import { Quantity } from '../quantity.js';
import type { QuotaEvaluator } from './evaluator.js';
import { objectCountName } from './evaluator.js';
import type { ResourceList } from './resource_list.js';
import { quantityOf } from './resource_list.js';

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (isPlainObject(v) ? v : {});

const SERVICE_COUNT = objectCountName('', 'services');
const SERVICE_RESOURCES = new Set([
  SERVICE_COUNT,
  'services',
  'services.nodeports',
  'services.loadbalancers',
]);

/** What one service consumes: node ports for NodePort and LoadBalancer services. */
export function serviceUsage(svc: { spec?: unknown }): ResourceList {
  const spec = rec(svc.spec);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const out: ResourceList = new Map([
    [SERVICE_COUNT, Quantity.fromValue(1)],
    ['services', Quantity.fromValue(1)],
    ['services.loadbalancers', Quantity.zero()],
    ['services.nodeports', Quantity.zero()],
  ]);
  if (spec.type === 'NodePort') out.set('services.nodeports', Quantity.fromValue(ports.length));
  if (spec.type === 'LoadBalancer') {
    const withNodePorts =
      spec.allocateLoadBalancerNodePorts === false
        ? ports.filter((p) => typeof rec(p).nodePort === 'number' && rec(p).nodePort !== 0).length
        : ports.length;
    out.set('services.nodeports', Quantity.fromValue(withNodePorts));
    out.set('services.loadbalancers', Quantity.fromValue(1));
  }
  return out;
}

/** The services evaluator. */
export const serviceEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'services',
  handles: () => true,
  matchingResources: (names) => names.filter((n) => SERVICE_RESOURCES.has(n)),
  usage: (obj) => serviceUsage(obj),
  constraints: () => null,
  matchesScope: () => false,
};

const PVC_COUNT = objectCountName('', 'persistentvolumeclaims');
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

/**
 * The claim's storage class (`GetPersistentVolumeClaimClass`): the beta annotation when present,
 * else `spec.storageClassName`.
 */
function claimClass(pvc: { metadata?: unknown; spec?: unknown }): string {
  const annotations = rec(rec(pvc.metadata).annotations);
  const ann = annotations['volume.beta.kubernetes.io/storage-class'];
  if (typeof ann === 'string') return ann;
  const name = rec(pvc.spec).storageClassName;
  return typeof name === 'string' ? name : '';
}

/** What one claim consumes: the claim, its requested storage, both per storage class too. */
export function pvcUsage(pvc: { metadata?: unknown; spec?: unknown }): ResourceList {
  const out: ResourceList = new Map([
    ['persistentvolumeclaims', Quantity.fromValue(1)],
    [PVC_COUNT, Quantity.fromValue(1)],
  ]);
  const cls = claimClass(pvc);
  if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, Quantity.fromValue(1));
  const storage = quantityOf(rec(rec(rec(pvc.spec).resources).requests).storage);
  if (storage) {
    out.set('requests.storage', storage);
    if (cls) out.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

/** The persistent volume claims evaluator. */
export const pvcEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'persistentvolumeclaims',
  handles: () => true,
  matchingResources: (names) =>
    names.filter(
      (n) =>
        n === 'persistentvolumeclaims' ||
        n === 'requests.storage' ||
        n === PVC_COUNT ||
        (n.includes(STORAGE_CLASS_SUFFIX) &&
          (n.endsWith('/persistentvolumeclaims') || n.endsWith('/requests.storage'))),
    ),
  usage: (obj) => pvcUsage(obj),
  constraints: () => null,
  matchesScope: () => false,
};
