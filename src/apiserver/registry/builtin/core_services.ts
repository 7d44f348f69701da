/**
 * Services (`/api/v1/services`, stored under `services/specs`): upstream's defaults
 * (`SetDefaults_Service`), the cluster-IP bookkeeping of its strategy and update path
 * (`normalizeClusterIPs`, `patchAllocatedValues`, `dropTypeDependentFields`; allocation itself
 * happens elsewhere), validation and the `kubectl get svc` table.
 */
import type { KubeObject } from '../../../api/object.js';
import { deepEqual } from '../../../api/object.js';
import type { PrinterColumn } from '../resource.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, formatLabels, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, rec, recs, specOf, str, strs } from '../../../api/json_fields.js';
import {
  externallyAccessible,
  needsHealthCheck,
  validateService,
  validateServiceUpdate,
} from './service_validation.js';

/** `v1.DefaultClientIPServiceAffinitySeconds`. */
const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** `SetDefaults_Service`. */
export function defaultService(spec: Record<string, unknown>): void {
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of recs(spec.ports)) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') {
      p.targetPort = p.port;
    }
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (
    (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) &&
    spec.type !== 'ExternalName'
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (
    spec.type === 'LoadBalancer' &&
    (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)
  ) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = rec(rec(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (typeof timeout !== 'number') {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
    }
  }
}

const needsClusterIP = (spec: Record<string, unknown>) => spec.type !== 'ExternalName';
const needsNodePort = (spec: Record<string, unknown>) =>
  spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
const sameClusterIPs = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  deepEqual(strs(a.clusterIPs), strs(b.clusterIPs));
const nodePortsOf = (spec: Record<string, unknown>) => recs(spec.ports).map((p) => num(p.nodePort));

/** `normalizeClusterIPs`: keeps `clusterIP` and `clusterIPs` in step for old and new clients. */
export function normalizeClusterIPs(
  spec: Record<string, unknown>,
  old: Record<string, unknown> | undefined,
): void {
  const clusterIP = str(spec.clusterIP);
  if (!old) {
    if (clusterIP !== '' && strs(spec.clusterIPs).length === 0) spec.clusterIPs = [clusterIP];
    return;
  }
  if (
    strs(old.clusterIPs).length > 0 &&
    strs(spec.clusterIPs).length === 0 &&
    str(old.clusterIP) === clusterIP
  ) {
    spec.clusterIPs = old.clusterIPs;
  }
  if (str(old.clusterIP) !== clusterIP) {
    if (str(old.clusterIP) !== '' && clusterIP === '') {
      if (sameClusterIPs(old, spec)) delete spec.clusterIPs;
    } else if (sameClusterIPs(old, spec)) {
      spec.clusterIPs = [clusterIP];
    }
  }
}

/** `patchAllocatedValues`: an update that omits allocated values (cluster IPs, node ports) keeps them. */
export function patchAllocatedValues(spec: Record<string, unknown>, old: Record<string, unknown>): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (str(spec.clusterIP) === '' && old.clusterIP !== undefined) spec.clusterIP = old.clusterIP;
    if (strs(spec.clusterIPs).length === 0 && strs(old.clusterIPs).length > 0)
      spec.clusterIPs = old.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const newUsed = new Set(nodePortsOf(spec).filter((p) => p !== 0));
    const used = new Set(nodePortsOf(old).filter((p) => p !== 0 && newUsed.has(p)));
    const byName = new Map<string, number>();
    for (const p of recs(old.ports)) byName.set(str(p.name), num(p.nodePort));
    for (const p of recs(spec.ports)) {
      if (num(p.nodePort) !== 0) continue;
      const prev = byName.get(str(p.name)) ?? 0;
      if (prev !== 0 && !used.has(prev)) p.nodePort = prev;
    }
  }
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(spec) &&
    num(spec.healthCheckNodePort) === 0 &&
    old.healthCheckNodePort !== undefined
  ) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

/** `dropTypeDependentFields`: clears what a type change made meaningless, when the user left it alone. */
export function dropTypeDependentFields(
  obj: KubeObject,
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (sameClusterIPs(old, spec) && str(old.clusterIP) === str(spec.clusterIP)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec) && deepEqual(nodePortsOf(old), nodePortsOf(spec))) {
    for (const p of recs(spec.ports)) delete p.nodePort;
  }
  if (
    needsHealthCheck(old) &&
    !needsHealthCheck(spec) &&
    old.healthCheckNodePort === spec.healthCheckNodePort
  ) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      typeof spec.allocateLoadBalancerNodePorts === 'boolean' &&
      spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(old) &&
    !externallyAccessible(spec) &&
    spec.externalTrafficPolicy === old.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && rec(obj.status).loadBalancer !== undefined) {
    obj.status = { ...rec(obj.status), loadBalancer: {} };
  }
}

/** `loadBalancerStatusStringer` (wide): the unique ingress IPs or hostnames, sorted, comma-joined. */
function loadBalancerIngress(status: unknown): string {
  const set = new Set<string>();
  for (const i of recs(rec(rec(status).loadBalancer).ingress)) {
    if (str(i.ip) !== '') set.add(str(i.ip));
    else if (str(i.hostname) !== '') set.add(str(i.hostname));
  }
  return [...set].sort().join(',');
}

/** `getServiceExternalIP` (wide): the EXTERNAL-IP cell. */
export function serviceExternalIP(svc: KubeObject): string {
  const spec = rec(svc.spec);
  const externalIPs = strs(spec.externalIPs);
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb !== '' ? lb : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** `makePortString`: `80/TCP`, `80:30080/TCP`, comma-joined. */
export function servicePorts(spec: Record<string, unknown>): string {
  return recs(spec.ports)
    .map((p) =>
      num(p.nodePort) > 0
        ? `${num(p.port)}:${num(p.nodePort)}/${str(p.protocol)}`
        : `${num(p.port)}/${str(p.protocol)}`,
    )
    .join(',');
}

const SERVICE_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Type'),
  col('Cluster-IP'),
  col('External-IP'),
  col('Port(s)'),
  AGE_COLUMN,
  col('Selector', undefined, true),
];

/** One row of the service table. */
export function printService(svc: KubeObject, now: Date): unknown[] {
  const spec = rec(svc.spec);
  const clusterIP = strs(spec.clusterIPs)[0] ?? (str(spec.clusterIP) || '<none>');
  return [
    svc.metadata.name ?? '',
    str(spec.type),
    clusterIP,
    serviceExternalIP(svc),
    servicePorts(spec) || '<none>',
    objectAge(svc, now),
    formatLabels(spec.selector),
  ];
}

/** Services. */
export function servicesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['proxy', 'status'],
    storagePrefix: 'services/specs',
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
    fieldSelectors: {
      'spec.clusterIP': (o) => str(rec(o.spec).clusterIP),
      'spec.type': (o) => str(rec(o.spec).type),
    },
    table: { columns: SERVICE_COLUMNS, printRow: printService },
    strategy: {
      defaults: (obj) => defaultService(specOf(obj)),
      prepareForCreate(obj) {
        obj.status = { loadBalancer: {} };
        normalizeClusterIPs(specOf(obj), undefined);
      },
      prepareForUpdate(obj, old) {
        const spec = specOf(obj);
        const oldSpec = rec(old.spec);
        defaultService(spec);
        patchAllocatedValues(spec, oldSpec);
        normalizeClusterIPs(spec, oldSpec);
        dropTypeDependentFields(obj, spec, oldSpec);
      },
      validate: (obj) => validateService(obj.spec, obj.metadata.annotations),
      validateUpdate: (obj, old) => validateServiceUpdate(obj.spec, old.spec),
    },
  });
}
