/**
 * The DNS records one Service stands for, as the Kubernetes DNS-based service discovery
 * specification (schema 1.1.0) lays them out, computed as a pure function of the Service and
 * its EndpointSlices:
 * - ClusterIP: `<svc>.<ns>.svc.<zone>` A/AAAA to each cluster IP, SRV
 *   `_<port>._<proto>.<svc>.<ns>.svc.<zone>` for each named port, PTR for each cluster IP;
 * - headless: one A/AAAA per ready endpoint address (every endpoint with
 *   `publishNotReadyAddresses`), `<hostname>.<svc>.<ns>.svc.<zone>` per endpoint (the dashed
 *   address when it has no hostname, as CoreDNS does), one SRV per endpoint and named port, PTR
 *   for each endpoint address to its hostname;
 * - ExternalName: a CNAME to `spec.externalName`.
 * Odd objects (missing or mistyped fields) yield fewer records, never an exception.
 */
import type { EndpointSlice, Service } from '../api/types/service.js';
import type { ParsedIp } from './dns_names.js';
import { dashedIp, parseIp, reverseName } from './dns_names.js';

/** One record's data; the owner name is the key it is stored under. */
export type ClusterRecord =
  | { type: 'A' | 'AAAA'; data: string }
  | { type: 'CNAME' | 'PTR'; data: string }
  | { type: 'SRV'; data: { priority: number; weight: number; port: number; target: string } }
  | { type: 'TXT'; data: string[] };

/** The records of one Service, by lower-case owner name. */
export type RecordSet = Map<string, ClusterRecord[]>;

/** The label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const LABEL_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PORT_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function add(set: RecordSet, name: string, rec: ClusterRecord): void {
  const list = set.get(name);
  if (list) list.push(rec);
  else set.set(name, [rec]);
}

function addressRecord(ip: ParsedIp): ClusterRecord {
  return { type: ip.family === 4 ? 'A' : 'AAAA', data: ip.text };
}

function protoLabel(p: unknown): string {
  return (str(p) ?? 'TCP').toLowerCase();
}

/** A valid DNS name from `spec.externalName` (no trailing dot), or undefined. */
function externalTarget(v: unknown): string | undefined {
  const s = str(v)?.replace(/\.$/, '').toLowerCase();
  if (!s || s.length > 253) return undefined;
  return s.split('.').every((l) => /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?$/.test(l)) ? s : undefined;
}

/** Whether a Service is headless (`clusterIP: None`). */
export function isHeadless(svc: Service): boolean {
  const spec = isObj(svc.spec) ? svc.spec : {};
  return spec.clusterIP === 'None' || arr(spec.clusterIPs)[0] === 'None';
}

/**
 * The records of `svc` in `zone` (lower case, no trailing dot), given the EndpointSlices that
 * name it (only a headless Service uses them). PTR records are keyed by their reverse name.
 */
export function serviceRecords(svc: Service, slices: Iterable<EndpointSlice>, zone: string): RecordSet {
  const set: RecordSet = new Map();
  const name = str(svc.metadata?.name)?.toLowerCase();
  const ns = str(svc.metadata?.namespace)?.toLowerCase();
  if (!name || !ns || !LABEL_RE.test(name) || !LABEL_RE.test(ns)) return set;
  const spec = isObj(svc.spec) ? svc.spec : {};
  const base = `${name}.${ns}.svc.${zone}`;
  if (spec.type === 'ExternalName') {
    const target = externalTarget(spec.externalName);
    if (target) add(set, base, { type: 'CNAME', data: target });
    return set;
  }
  if (!isHeadless(svc)) {
    const ipTexts = arr(spec.clusterIPs).length > 0 ? arr(spec.clusterIPs) : [spec.clusterIP];
    const ips = ipTexts.map((t) => (typeof t === 'string' ? parseIp(t) : undefined));
    const seen = new Set<string>();
    for (const ip of ips) {
      if (!ip || seen.has(ip.text)) continue;
      seen.add(ip.text);
      add(set, base, addressRecord(ip));
      add(set, reverseName(ip), { type: 'PTR', data: base });
    }
    if (seen.size === 0) return set;
    for (const p of arr(spec.ports)) {
      if (!isObj(p)) continue;
      const portName = str(p.name);
      const port = p.port;
      if (!portName || !PORT_NAME_RE.test(portName) || typeof port !== 'number') continue;
      add(set, `_${portName}._${protoLabel(p.protocol)}.${base}`, {
        type: 'SRV',
        data: { priority: 0, weight: 100, port, target: base },
      });
    }
    return set;
  }
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const seenIps = new Set<string>();
  const seenHosts = new Set<string>();
  const srvSeen = new Set<string>();
  for (const slice of slices) {
    if (!isObj(slice) || (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6')) continue;
    const ports = arr(slice.ports).filter(isObj);
    for (const ep of arr(slice.endpoints)) {
      if (!isObj(ep)) continue;
      const ready = isObj(ep.conditions) ? ep.conditions.ready !== false : true;
      if (!ready && !publishNotReady) continue;
      const hostname = str(ep.hostname)?.toLowerCase();
      for (const a of arr(ep.addresses)) {
        const ip = typeof a === 'string' ? parseIp(a) : undefined;
        if (!ip || (ip.family === 4) !== (slice.addressType === 'IPv4')) continue;
        const host = hostname && LABEL_RE.test(hostname) ? hostname : dashedIp(ip.text);
        const hostName = `${host}.${base}`;
        if (!seenIps.has(ip.text)) {
          seenIps.add(ip.text);
          add(set, base, addressRecord(ip));
        }
        const hostKey = `${hostName}|${ip.text}`;
        if (!seenHosts.has(hostKey)) {
          seenHosts.add(hostKey);
          add(set, hostName, addressRecord(ip));
          add(set, reverseName(ip), { type: 'PTR', data: hostName });
        }
        for (const p of ports) {
          const portName = str(p.name);
          const port = p.port;
          if (!portName || !PORT_NAME_RE.test(portName) || typeof port !== 'number') continue;
          const srvName = `_${portName}._${protoLabel(p.protocol)}.${base}`;
          const key = `${srvName}|${hostName}|${port}`;
          if (srvSeen.has(key)) continue;
          srvSeen.add(key);
          add(set, srvName, { type: 'SRV', data: { priority: 0, weight: 100, port, target: hostName } });
        }
      }
    }
  }
  // CoreDNS's weights: each of the n records of one priority weighs floor(100 / n).
  for (const recs of set.values()) {
    const srvs = recs.filter((r) => r.type === 'SRV');
    if (srvs.length > 1) for (const r of srvs) r.data.weight = Math.floor(100 / srvs.length);
  }
  return set;
}
