/**
 * Answers questions about the cluster zone from a `ClusterIndex`, as CoreDNS's kubernetes
 * plugin with the default Corefile (`pods insecure`, reverse zones with fallthrough) does:
 * existing names with no record of the asked type are NOERROR/NODATA, unknown names NXDOMAIN,
 * both with the zone's SOA in the authority section; `<ns>.svc.<zone>` exists when the
 * namespace does; `dns-version.<zone>` is TXT "1.1.0"; `<a-b-c-d>.<ns>.pod.<zone>` is the
 * address it spells when the namespace exists; the apex has SOA and NS (`ns.dns.<zone>`, the DNS service's addresses).
 * PTR questions the index cannot answer, and names outside the zone, are not answered here.
 */
import type { ClusterIndex } from './cluster_index.js';
import type { ClusterRecord } from './cluster_records.js';
import { ipFromDashed, parseIp } from './dns_names.js';
import { QType, Rcode } from './wire.js';
import type { WireRecord } from './wire_writer.js';

/** The version of the Kubernetes DNS schema served. */
export const DNS_SCHEMA_VERSION = '1.1.0';

/** Settings of the cluster zone's answers. */
export interface ZoneSettings {
  /** TTL of every record (CoreDNS's kubernetes plugin: 5 s). */
  ttl: number;
  /** Addresses of the DNS service (`ns.dns.<zone>`). */
  nameserverIps: string[];
}

/** An answer from the cluster zone. */
export interface ZoneAnswer {
  rcode: number;
  answers: WireRecord[];
  authorities: WireRecord[];
  additionals: WireRecord[];
  /** A CNAME target outside the zone whose records of the asked type should be appended. */
  chase?: string;
}

const TYPE_NUMBER: Record<ClusterRecord['type'], number> = {
  A: QType.A,
  AAAA: QType.AAAA,
  CNAME: QType.CNAME,
  PTR: QType.PTR,
  SRV: QType.SRV,
  TXT: QType.TXT,
};

/** The zone's SOA record, as CoreDNS writes it. */
export function soaRecord(zone: string, serial: number, ttl: number): WireRecord {
  return {
    name: zone,
    type: 'SOA',

    ttl,
    data: {
      mname: `ns.dns.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: serial >>> 0,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: ttl,
    },
  };
}

function wire(owner: string, r: ClusterRecord, ttl: number): WireRecord {
  switch (r.type) {
    case 'SRV':
      return { name: owner, type: 'SRV', ttl, data: r.data };
    case 'TXT':
      return { name: owner, type: 'TXT', ttl, data: r.data };
    case 'A':
    case 'AAAA':
      return { name: owner, type: r.type, ttl, data: r.data, bytes: r.bytes };
    default:
      return { name: owner, type: r.type, ttl, data: r.data };
  }
}

type AliasRecord = Extract<ClusterRecord, { type: 'CNAME' }>;

function isAlias(r: ClusterRecord): r is AliasRecord {
  return r.type === 'CNAME';
}

type PtrRecord = Extract<ClusterRecord, { type: 'PTR' }>;

/** The PTR records that answer, as CoreDNS picks them (see `PtrRank`). */
function ptrAnswers(recs: readonly ClusterRecord[] | undefined): PtrRecord[] {
  let best: PtrRecord[] = [];
  for (const r of recs ?? []) {
    if (r.type !== 'PTR') continue;
    if (best.length === 0 || r.rank < best[0]!.rank) best = [r];
    else if (r.rank === best[0]!.rank && r.rank !== 0) best.push(r);
  }
  return best;
}

function matches(r: ClusterRecord, qtype: number): boolean {
  return qtype === QType.ANY || TYPE_NUMBER[r.type] === qtype;
}

function address(owner: string, ip: string, ttl: number): WireRecord | undefined {
  const p = parseIp(ip);
  if (!p) return undefined;
  return { name: owner, type: p.family === 4 ? 'A' : 'AAAA', ttl, data: p.text };
}

function isReverse(name: string): 'in-addr.arpa' | 'ip6.arpa' | undefined {
  if (name === 'in-addr.arpa' || name.endsWith('.in-addr.arpa')) return 'in-addr.arpa';
  if (name === 'ip6.arpa' || name.endsWith('.ip6.arpa')) return 'ip6.arpa';
  return undefined;
}

/**
 * Answers `qtype` for `name` (as asked; `lowerName` is its lower-case form). Returns undefined
 * when the question is not the cluster zone's to answer (forward it).
 */
export function answerClusterQuestion(
  index: ClusterIndex,
  settings: ZoneSettings,
  name: string,
  lowerName: string,
  qtype: number,
): ZoneAnswer | undefined {
  const zone = index.zone;
  const ttl = settings.ttl;
  const out: ZoneAnswer = { rcode: Rcode.NOERROR, answers: [], authorities: [], additionals: [] };
  const negative = (rcode: number, soaZone = zone): ZoneAnswer => {
    out.rcode = rcode;
    out.answers = [];
    out.authorities = [soaRecord(soaZone, index.serial, ttl)];
    return out;
  };

  const reverse = isReverse(lowerName);
  if (reverse) {
    const recs = ptrAnswers(index.lookup(lowerName));
    if (!recs.length) return undefined;
    if (qtype !== QType.PTR && qtype !== QType.ANY) return negative(Rcode.NOERROR, reverse);
    out.answers = recs.map((r) => wire(name, r, ttl));
    return out;
  }

  if (lowerName !== zone && !lowerName.endsWith(`.${zone}`)) return undefined;
  const rel = lowerName === zone ? '' : lowerName.slice(0, -zone.length - 1);
  const labels = rel === '' ? [] : rel.split('.');
  const last = labels[labels.length - 1];

  if (labels.length === 0) {
    if (qtype === QType.SOA || qtype === QType.ANY) out.answers.push(soaRecord(name, index.serial, ttl));
    if (qtype === QType.NS || qtype === QType.ANY) {
      const ns = `ns.dns.${zone}`;
      out.answers.push({ name, type: 'NS', ttl, data: ns });
      for (const ip of settings.nameserverIps) {
        const a = address(ns, ip, ttl);
        if (a) out.additionals.push(a);
      }
    }
    return out.answers.length ? out : negative(Rcode.NOERROR);
  }
  if (rel === 'dns-version') {
    if (qtype !== QType.TXT && qtype !== QType.ANY) return negative(Rcode.NOERROR);
    out.answers.push({ name, type: 'TXT', ttl, data: [DNS_SCHEMA_VERSION] });
    return out;
  }
  if (rel === 'dns') return negative(Rcode.NOERROR);
  if (rel === 'ns.dns') {
    for (const ip of settings.nameserverIps) {
      const a = address(name, ip, ttl);
      if (a && (qtype === QType.ANY || (a.type === 'A' ? QType.A : QType.AAAA) === qtype))
        out.answers.push(a);
    }
    return out.answers.length ? out : negative(Rcode.NOERROR);
  }
  if (last === 'pod') {
    if (labels.length === 1) return negative(Rcode.NOERROR);
    if (labels.length === 2)
      return negative(index.namespaceExists(labels[0]!) ? Rcode.NOERROR : Rcode.NXDOMAIN);
    if (labels.length !== 3) return negative(Rcode.NXDOMAIN);
    const ip = ipFromDashed(labels[0]!);
    if (!ip || !index.namespaceExists(labels[1]!)) return negative(Rcode.NXDOMAIN);
    const want = ip.family === 4 ? QType.A : QType.AAAA;
    if (qtype !== want && qtype !== QType.ANY) return negative(Rcode.NOERROR);
    out.answers.push({ name, type: ip.family === 4 ? 'A' : 'AAAA', ttl, data: ip.text });
    return out;
  }
  if (last !== 'svc') return negative(Rcode.NXDOMAIN);
  if (labels.length === 1) return negative(Rcode.NOERROR);
  if (labels.length === 2)
    return negative(index.namespaceExists(labels[0]!) ? Rcode.NOERROR : Rcode.NXDOMAIN);

  const recs = index.lookup(lowerName);
  if (!recs) return negative(index.exists(lowerName) ? Rcode.NOERROR : Rcode.NXDOMAIN);
  const cname = recs.find(isAlias);
  if (cname && qtype !== QType.CNAME && qtype !== QType.ANY) {
    // Follow the alias: within the zone from the index, outside it through the forwarder.
    out.answers.push(wire(name, cname, ttl));
    let target = cname.data;
    for (let hops = 0; hops < 8; hops++) {
      if (target !== zone && !target.endsWith(`.${zone}`)) {
        out.chase = target;
        return out;
      }
      const next = index.lookup(target);
      if (!next) return out;
      const alias = next.find(isAlias);
      if (!alias) {
        for (const r of next) if (matches(r, qtype)) out.answers.push(wire(target, r, ttl));
        return out;
      }
      out.answers.push(wire(target, alias, ttl));
      target = alias.data;
    }
    return out;
  }
  for (const r of recs) if (matches(r, qtype)) out.answers.push(wire(name, r, ttl));
  if (out.answers.length === 0) return negative(Rcode.NOERROR);
  const targets = new Set<string>();
  for (const r of recs) if (r.type === 'SRV' && matches(r, qtype)) targets.add(r.data.target);
  for (const t of targets)
    for (const r of index.lookup(t) ?? [])
      if (r.type === 'A' || r.type === 'AAAA') out.additionals.push(wire(t, r, ttl));
  return out;
}
