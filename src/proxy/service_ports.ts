/**
 * What kube-proxy programs, read from the API objects: one `ServicePortInfo` per port of every
 * proxied Service (ClusterIP, NodePort, LoadBalancer with a virtual IP; not ExternalName, not
 * headless), with the endpoints its EndpointSlices (label `kubernetes.io/service-name`, same
 * namespace, IPv4) give that port — merged across slices, deduplicated by `ip:port`, sorted. As
 * upstream's service and endpoint change trackers. Odd objects (bad names, IPs, ports,
 * protocols) never throw: the service or port is left out and reported in `skipped`.
 */
import type { EndpointSlice, Service } from '../api/types/service.js';
import { isIPv4, parseCidr } from './ipv4.js';

/** The label naming an EndpointSlice's Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** A transport protocol kube-proxy handles. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One endpoint of a service port. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** `ip:port`, the DNAT destination. */
  key: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

/** One port of a proxied Service, with its endpoints. */
export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The port's name ('' when unnamed). */
  portName: string;
  /** Upstream's `ServicePortName.String()`: `ns/name:port`, or `ns/name` when unnamed. */
  servicePortName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  /** 0 when the port has no node port. */
  nodePort: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs (LoadBalancer services only). */
  loadBalancerIPs: string[];
  /** spec.loadBalancerSourceRanges, normalized; empty: no firewall. */
  sourceRanges: string[];
  /** ClientIP session affinity timeout in seconds; 0: no affinity. */
  affinitySeconds: number;
  /** internalTrafficPolicy Local. */
  internalLocal: boolean;
  /** externalTrafficPolicy Local (NodePort and LoadBalancer only, as upstream). */
  externalLocal: boolean;
  endpoints: ProxyEndpoint[];
}

/** An object (or part of one) left out, and why. */
export interface Skipped {
  object: string;
  reason: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PORT_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function validPort(p: unknown): p is number {
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
}

function protocolOf(p: unknown): Protocol | undefined {
  if (p === undefined || p === null) return 'TCP';
  return p === 'TCP' || p === 'UDP' || p === 'SCTP' ? p : undefined;
}

/** The EndpointSlices grouped by `namespace/service`. */
export function slicesByService(slices: Iterable<EndpointSlice>): Map<string, EndpointSlice[]> {
  const out = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svc = s?.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svc || s.addressType !== 'IPv4') continue;
    const key = `${s.metadata.namespace ?? ''}/${svc}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(s);
  }
  return out;
}

/** The endpoints of one service port from the service's slices (merged, deduplicated, sorted). */
export function portEndpoints(
  slices: readonly EndpointSlice[],
  portName: string,
  protocol: Protocol,
): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (!Array.isArray(slice.ports) || !Array.isArray(slice.endpoints)) continue;
    for (const sp of slice.ports) {
      if ((sp?.name ?? '') !== portName || protocolOf(sp?.protocol) !== protocol || !validPort(sp?.port))
        continue;
      for (const ep of slice.endpoints) {
        const ip = Array.isArray(ep?.addresses) ? ep.addresses[0] : undefined;
        if (!isIPv4(ip)) continue;
        const key = `${ip}:${sp.port}`;
        const ready = ep.conditions?.ready ?? true;
        const e: ProxyEndpoint = {
          ip,
          port: sp.port,
          key,
          ready: ready !== false,
          serving: (ep.conditions?.serving ?? ready) !== false,
          terminating: ep.conditions?.terminating === true,
          nodeName: typeof ep.nodeName === 'string' ? ep.nodeName : undefined,
        };
        const prev = byKey.get(key);
        // The same endpoint in two slices (a slice being replaced): the ready one wins.
        if (!prev || (!prev.ready && e.ready)) byKey.set(key, e);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Every proxied service port with its endpoints; see the file comment. */
export function servicePorts(
  services: Iterable<Service>,
  slices: Iterable<EndpointSlice>,
): { ports: ServicePortInfo[]; skipped: Skipped[] } {
  const bySvc = slicesByService(slices);
  const ports: ServicePortInfo[] = [];
  const skipped: Skipped[] = [];
  const sorted = [...services].sort((a, b) => {
    const ka = `${a?.metadata?.namespace}/${a?.metadata?.name}`;
    const kb = `${b?.metadata?.namespace}/${b?.metadata?.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const svc of sorted) {
    const ns = svc?.metadata?.namespace ?? '';
    const name = svc?.metadata?.name ?? '';
    const id = `service ${ns}/${name}`;
    const spec = svc?.spec;
    if (!DNS_LABEL.test(ns) || !DNS_LABEL.test(name)) {
      skipped.push({ object: id, reason: 'invalid namespace or name' });
      continue;
    }
    if (!spec || typeof spec !== 'object') {
      skipped.push({ object: id, reason: 'no spec' });
      continue;
    }
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue; // DNS only
    const clusterIP = spec.clusterIP;
    if (clusterIP === 'None') continue; // headless: no virtual IP
    if (!isIPv4(clusterIP)) {
      if (clusterIP)
        skipped.push({ object: id, reason: `clusterIP ${JSON.stringify(clusterIP)} is not IPv4` });
      continue;
    }
    if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
      skipped.push({ object: id, reason: 'no ports' });
      continue;
    }
    const externalIPs = (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).filter(isIPv4);
    const loadBalancerIPs =
      type === 'LoadBalancer'
        ? (Array.isArray(svc.status?.loadBalancer?.ingress) ? svc.status.loadBalancer.ingress : [])
            .map((i) => i?.ip)
            .filter(isIPv4)
        : [];
    const ranges = (spec as { loadBalancerSourceRanges?: unknown }).loadBalancerSourceRanges;
    const sourceRanges =
      type === 'LoadBalancer' && Array.isArray(ranges)
        ? ranges.map(parseCidr).flatMap((c) => (c ? [c.text] : []))
        : [];
    let affinitySeconds = 0;
    if (spec.sessionAffinity === 'ClientIP') {
      const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
      affinitySeconds = typeof t === 'number' && Number.isInteger(t) && t >= 1 && t <= 86400 ? t : 10800;
    }
    const slicesOf = bySvc.get(`${ns}/${name}`) ?? [];
    const seen = new Set<string>();
    for (const p of spec.ports) {
      const portName = p?.name ?? '';
      const protocol = protocolOf(p?.protocol);
      const pid = `${id} port ${JSON.stringify(portName)}`;
      if (portName !== '' && !PORT_NAME.test(portName)) {
        skipped.push({ object: pid, reason: 'invalid port name' });
        continue;
      }
      if (!protocol) {
        skipped.push({ object: pid, reason: `unsupported protocol ${JSON.stringify(p?.protocol)}` });
        continue;
      }
      if (!validPort(p?.port)) {
        skipped.push({ object: pid, reason: `port ${JSON.stringify(p?.port)} is not a port number` });
        continue;
      }
      if (seen.has(`${portName}/${protocol}`)) {
        skipped.push({ object: pid, reason: 'duplicate port' });
        continue;
      }
      seen.add(`${portName}/${protocol}`);
      const nodePort =
        (type === 'NodePort' || type === 'LoadBalancer') && validPort(p?.nodePort) ? p.nodePort : 0;
      ports.push({
        namespace: ns,
        name,
        portName,
        servicePortName: portName ? `${ns}/${name}:${portName}` : `${ns}/${name}`,
        protocol,
        clusterIP,
        port: p.port,
        nodePort,
        externalIPs,
        loadBalancerIPs,
        sourceRanges,
        affinitySeconds,
        internalLocal: spec.internalTrafficPolicy === 'Local',
        externalLocal:
          (type === 'NodePort' || type === 'LoadBalancer') && spec.externalTrafficPolicy === 'Local',
        endpoints: portEndpoints(slicesOf, portName, protocol),
      });
    }
  }
  return { ports, skipped };
}
