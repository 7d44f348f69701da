/**
 * The Endpoints object a service with a selector should have, as upstream's endpoints
 * controller computes it: one address per selected pod (ready ones under `addresses`, others
 * under `notReadyAddresses`, all ready with `publishNotReadyAddresses`), the service ports with
 * named targets resolved per pod, subsets repacked by port set, at most 1000 addresses.
 */
import { deepEqual } from '../../api/object.js';
import type { Pod } from '../../api/types/pod.js';
import type { EndpointAddress, EndpointSubset, Endpoints, Service } from '../../api/types/service.js';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  endpointHostname,
  endpointLabels,
  findPort,
  isHeadless,
  isPodReady,
  podIPOfFamily,
  podReference,
  serviceIPFamilies,
  shouldPodBeInEndpoints,
} from './pod_endpoint_util.js';

/** Addresses an Endpoints object holds at most (`maxCapacity`). */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** The annotation marking truncated Endpoints. */
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

type EndpointPort = NonNullable<EndpointSubset['ports']>[number];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const portKey = (p: EndpointPort) => `${p.name ?? ''}/${p.port}/${p.protocol ?? ''}/${p.appProtocol ?? ''}`;
const addrKey = (a: EndpointAddress) => `${a.ip}/${a.targetRef?.uid ?? ''}`;

/**
 * Groups (address, ports) entries into subsets with one port set each, addresses and ports
 * sorted (upstream's `RepackSubsets` and `SortSubsets`); ready and not-ready kept apart.
 */
export function repackSubsets(
  entries: readonly { address: EndpointAddress; ports: EndpointPort[]; ready: boolean }[],
): EndpointSubset[] {
  const byPorts = new Map<
    string,
    { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }
  >();
  for (const e of entries) {
    const ports = [...e.ports].sort((a, b) => cmp(portKey(a), portKey(b)));
    const key = ports.map(portKey).join(',');
    let g = byPorts.get(key);
    if (!g) byPorts.set(key, (g = { ports, ready: new Map(), notReady: new Map() }));
    (e.ready ? g.ready : g.notReady).set(addrKey(e.address), e.address);
  }
  const subsets: EndpointSubset[] = [];
  for (const key of [...byPorts.keys()].sort(cmp)) {
    const g = byPorts.get(key)!;
    const sorted = (m: Map<string, EndpointAddress>) =>
      [...m].sort(([a], [b]) => cmp(a, b)).map(([, v]) => v);
    const s: EndpointSubset = {};
    if (g.ready.size) s.addresses = sorted(g.ready);
    if (g.notReady.size) s.notReadyAddresses = sorted(g.notReady);
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

/** The subsets of `svc` from the pods it selects. */
export function desiredSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
  const family = serviceIPFamilies(svc)[0]!;
  const entries: { address: EndpointAddress; ports: EndpointPort[]; ready: boolean }[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIPOfFamily(pod, family);
    if (!ip) continue;
    const address: EndpointAddress = { ip, targetRef: podReference(pod) };
    if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
    const hostname = endpointHostname(pod, svc);
    if (hostname) address.hostname = hostname;
    const ready = tolerateUnready || isPodReady(pod);
    const servicePorts = svc.spec.ports ?? [];
    if (servicePorts.length === 0) {
      if (isHeadless(svc)) entries.push({ address, ports: [], ready });
      continue;
    }
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      entries.push({ address, ports: [ep], ready });
    }
  }
  // One entry per (address, port): merge each address's ports before repacking.
  const merged = new Map<string, { address: EndpointAddress; ports: EndpointPort[]; ready: boolean }>();
  for (const e of entries) {
    const key = `${e.ready}/${addrKey(e.address)}`;
    const m = merged.get(key);
    if (m) m.ports.push(...e.ports);
    else merged.set(key, { address: e.address, ports: [...e.ports], ready: e.ready });
  }
  return repackSubsets([...merged.values()]);
}

/** Truncates subsets to `max` addresses, ready ones first; whether anything was cut. */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_ENDPOINTS_CAPACITY): boolean {
  let left = max;
  let cut = false;
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const s of subsets) {
      const list = s[field];
      if (!list) continue;
      if (list.length > left) {
        cut = true;
        if (left === 0) delete s[field];
        else s[field] = list.slice(0, left);
      }
      left -= s[field]?.length ?? 0;
    }
  }
  return cut;
}

/**
 * The Endpoints to write for `svc`, or undefined when `current` already is as it should be.
 * `triggerTime` goes into the last-change-trigger-time annotation of what is written.
 */
export function endpointsToWrite(
  svc: Service,
  pods: readonly Pod[],
  current: Endpoints | undefined,
  triggerTime: string | undefined,
): Endpoints | undefined {
  const subsets = desiredSubsets(svc, pods);
  const truncated = truncateSubsets(subsets);
  const labels = endpointLabels(svc);
  if (
    current &&
    deepEqual(current.subsets ?? [], subsets) &&
    deepEqual(current.metadata.labels ?? {}, labels) &&
    (current.metadata.annotations?.[ANNOTATION_OVER_CAPACITY] === 'truncated') === truncated
  )
    return undefined;
  const annotations: Record<string, string> = { ...current?.metadata.annotations };
  if (triggerTime) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = triggerTime;
  else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
  if (truncated) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
  else delete annotations[ANNOTATION_OVER_CAPACITY];
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(current?.metadata ?? { name: svc.metadata.name, namespace: svc.metadata.namespace }),
      labels,
      annotations,
    },
    subsets,
  };
}
