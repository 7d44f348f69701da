/**
 * The DNS records one Service stands for, as the Kubernetes DNS-based service discovery
 * specification (schema 1.1.0) lays them out, computed as a pure function of the Service and
 * its EndpointSlices:
 * - ClusterIP: `<svc>.<ns>.svc.<zone>` A/AAAA to each cluster IP, SRV
 *   `_<port>._<proto>.<svc>.<ns>.svc.<zone>` for each named port (and, as CoreDNS answers, SRV
 *   on `<svc>.<ns>.svc.<zone>` itself for every port), PTR for each cluster IP;
 * - headless: one A/AAAA per ready endpoint address (every endpoint with
 *   `publishNotReadyAddresses`), one SRV per endpoint and port with the endpoint's name as
 *   target;
 * - every Service but ExternalName: `<hostname>.<svc>.<ns>.svc.<zone>` per ready endpoint (the
 *   dashed address when it has no hostname, as CoreDNS does) and a PTR for its address, ranked
 *   below a cluster IP's and, without a hostname, below one with (`PtrRank`);
 * - ExternalName: a CNAME to `spec.externalName` (none when that is an IP address).
 * Odd objects (missing or mistyped fields) yield fewer records, never an exception.
 */
import type { EndpointSlice, Service } from '../api/types/service.js';
import type { ParsedIp } from './dns_names.js';
import { dashedIp, parseIp, reverseName } from './dns_names.js';

/** One record's data; the owner name is the key it is stored under. */
export type ClusterRecord =
  | { type: 'A' | 'AAAA'; data: string; bytes: Uint8Array }
  | { type: 'CNAME'; data: string }
  | { type: 'PTR'; data: string; rank: PtrRank }
  | { type: 'SRV'; data: { priority: number; weight: number; port: number; target: string } }
  | { type: 'TXT'; data: string[] };

/**
 * Which PTR records of an address answer (CoreDNS's order): a Service's cluster IP alone (rank
 * 0); otherwise every endpoint with a hostname (1); otherwise every endpoint (2).
 */
export type PtrRank = 0 | 1 | 2;

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
  return { type: ip.family === 4 ? 'A' : 'AAAA', data: ip.text, bytes: ip.bytes };
}

function protoLabel(p: unknown): string {
  return (str(p) ?? 'TCP').toLowerCase();
}

/** A valid DNS name from `spec.externalName` (no trailing dot), or undefined. */
function externalTarget(v: unknown): string | undefined {
  const s = str(v)?.replace(/\.$/, '').toLowerCase();
  if (!s || s.length > 253 || parseIp(s)) return undefined;
  return s.split('.').every((l) => /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?$/.test(l)) ? s : undefined;
}

/** Whether a Service is headless (`clusterIP: None`). */
export function isHeadless(svc: Service): boolean {
  const spec = isObj(svc.spec) ? svc.spec : {};
  return spec.clusterIP === 'None' || arr(spec.clusterIPs)[0] === 'None';
}

function srvRecord(port: number, target: string): ClusterRecord {
  return { type: 'SRV', data: { priority: 0, weight: 100, port, target } };
}

/** The ports of a Service or slice that can be named in SRV records: `[name, proto, port]`. */
function portsOf(list: unknown): [string | undefined, string, number][] {
  const out: [string | undefined, string, number][] = [];
  for (const p of arr(list)) {
    if (!isObj(p) || typeof p.port !== 'number' || !Number.isInteger(p.port)) continue;
    if (p.port < 0 || p.port > 65535) continue;
    const name = str(p.name)?.toLowerCase();
    out.push([name && PORT_NAME_RE.test(name) ? name : undefined, protoLabel(p.protocol), p.port]);
  }
  return out;
}

/** One ready endpoint address, with its name under the Service. */
interface EndpointAddr {
  ip: ParsedIp;
  /** `<hostname>.<base>` (the dashed address without a hostname). */
  hostName: string;
  hasHostname: boolean;
  /** The slice's ports. */
  ports: [string | undefined, string, number][];
}

function readyEndpoints(
  slices: Iterable<EndpointSlice>,
  base: string,
  publishNotReady: boolean,
): EndpointAddr[] {
  const out: EndpointAddr[] = [];
  for (const slice of slices) {
    if (!isObj(slice) || (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6')) continue;
    const ports = portsOf(slice.ports);
    for (const ep of arr(slice.endpoints)) {
      if (!isObj(ep)) continue;
      const ready = isObj(ep.conditions) ? ep.conditions.ready !== false : true;
      if (!ready && !publishNotReady) continue;
      const hostname = str(ep.hostname)?.toLowerCase();
      const named = hostname !== undefined && LABEL_RE.test(hostname);
      for (const a of arr(ep.addresses)) {
        const ip = typeof a === 'string' ? parseIp(a) : undefined;
        if (!ip || (ip.family === 4) !== (slice.addressType === 'IPv4')) continue;
        out.push({
          ip,
          hostName: `${named ? hostname : dashedIp(ip.text)}.${base}`,
          hasHostname: named,
          ports,
        });
      }
    }
  }
  return out;
}

/**
 * The records of `svc` in `zone` (lower case, no trailing dot), given the EndpointSlices that
 * name it. PTR records are keyed by their reverse name.
 */
export function serviceRecords(svc: Service, slices: Iterable<EndpointSlice>, zone: string): RecordSet {
  const set: RecordSet = new Map();
  if (!isObj(svc) || !isObj(svc.metadata)) return set;
  const name = str(svc.metadata.name)?.toLowerCase();
  const ns = str(svc.metadata.namespace)?.toLowerCase();
  if (!name || !ns || !LABEL_RE.test(name) || !LABEL_RE.test(ns)) return set;
  const spec = isObj(svc.spec) ? svc.spec : {};
  const base = `${name}.${ns}.svc.${zone}`;
  if (spec.type === 'ExternalName') {
    const target = externalTarget(spec.externalName);
    if (target) add(set, base, { type: 'CNAME', data: target });
    return set;
  }
  const headless = isHeadless(svc);
  const seen = new Set<string>();
  if (!headless) {
    const ipTexts = arr(spec.clusterIPs).length > 0 ? arr(spec.clusterIPs) : [spec.clusterIP];
    for (const t of ipTexts) {
      const ip = typeof t === 'string' ? parseIp(t) : undefined;
      if (!ip || seen.has(ip.text)) continue;
      seen.add(ip.text);
      add(set, base, addressRecord(ip));
      add(set, reverseName(ip), { type: 'PTR', data: base, rank: 0 });
    }
    // A Service that is neither headless nor has a cluster IP (yet) has no records.
    if (seen.size === 0) return set;
    for (const [portName, proto, port] of portsOf(spec.ports)) {
      add(set, base, srvRecord(port, base));
      if (portName) add(set, `_${portName}._${proto}.${base}`, srvRecord(port, base));
    }
  }
  const seenHosts = new Set<string>();
  const srvSeen = new Set<string>();
  for (const ep of readyEndpoints(slices, base, spec.publishNotReadyAddresses === true)) {
    if (headless && !seen.has(ep.ip.text)) {
      seen.add(ep.ip.text);
      add(set, base, addressRecord(ep.ip));
    }
    const hostKey = `${ep.hostName}|${ep.ip.text}`;
    if (!seenHosts.has(hostKey)) {
      seenHosts.add(hostKey);
      add(set, ep.hostName, addressRecord(ep.ip));
      add(set, reverseName(ep.ip), { type: 'PTR', data: ep.hostName, rank: ep.hasHostname ? 1 : 2 });
    }
    if (!headless) continue;
    for (const [portName, proto, port] of ep.ports) {
      const owners = portName ? [base, `_${portName}._${proto}.${base}`] : [base];
      for (const owner of owners) {
        const key = `${owner}|${ep.hostName}|${port}`;
        if (srvSeen.has(key)) continue;
        srvSeen.add(key);
        add(set, owner, srvRecord(port, ep.hostName));
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
