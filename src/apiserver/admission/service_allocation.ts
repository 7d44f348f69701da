/**
 * Service address allocation, as upstream's service REST storage does it: a ClusterIP from the
 * service CIDR for every service that is not headless or ExternalName, and a NodePort from
 * 30000–32767 for each port of NodePort and LoadBalancer services. What is in use is read from
 * the services cache (plus allocations of writes still in flight), so a deleted service's
 * addresses are free again. Requested addresses are checked: outside the range or in use is
 * 422 Invalid with upstream's text.
 */
import type { FieldError } from '../../api/field_errors.js';
import { invalid, OMIT_VALUE } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { invalidError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { AdmissionPlugin } from './admission.js';

/** The default service CIDR, as k3s's. */
export const DEFAULT_SERVICE_CIDR = '10.43.0.0/16';
/** The default NodePort range. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 };

interface ServicePort {
  port?: number;
  nodePort?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

/** An IPv4 CIDR as a first address and a size. */
export interface Ipv4Range {
  base: number;
  size: number;
  text: string;
}

/** Parses an IPv4 CIDR such as `10.43.0.0/16`. */
export function parseIpv4Cidr(cidr: string): Ipv4Range {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid service CIDR ${cidr}`);
  const prefix = Number(m[5]);
  const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const size = 2 ** (32 - prefix);
  return { base: ip - (ip % size), size, text: cidr };
}

/** The dotted form of an IPv4 address number. */
export function ipv4ToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function ipv4ToNumber(ip: string): number | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m || m.slice(1).some((p) => Number(p) > 255)) return null;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** The service CIDR's first usable address: the `kubernetes` service's ClusterIP. */
export function kubernetesServiceIP(range: Ipv4Range): string {
  return ipv4ToString(range.base + 1);
}

/** The allocator and its admission hooks for services. */
export function serviceAllocation(
  servicesStore: () => ResourceStore | undefined,
  cidr = DEFAULT_SERVICE_CIDR,
): AdmissionPlugin {
  const range = parseIpv4Cidr(cidr);
  const pendingIPs = new Set<string>();
  const pendingPorts = new Set<number>();

  const inUse = async (self: KubeObject) => {
    const rs = servicesStore();
    const ips = new Set(pendingIPs);
    const ports = new Set(pendingPorts);
    if (!rs) return { ips, ports };
    await rs.cache.waitFresh();
    for (const e of rs.cache.list(rs.prefix)) {
      if (e.obj.metadata.uid === self.metadata.uid && self.metadata.uid) continue;
      const spec = (e.obj.spec ?? {}) as ServiceSpec;
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
      for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
    }
    return { ips, ports };
  };

  const allocate = async (ctx: RequestContext, obj: KubeObject, old: KubeObject | null) => {
    if (ctx.def.group !== '' || ctx.def.plural !== 'services' || ctx.info.subresource) return;
    const spec = (obj.spec ??= {}) as ServiceSpec;
    const oldSpec = (old?.spec ?? {}) as ServiceSpec;
    const errs: FieldError[] = [];
    const { ips, ports } = await inUse(obj);
    const type = spec.type ?? 'ClusterIP';
    const wantsIP = type !== 'ExternalName' && spec.clusterIP !== 'None';
    const claimed: { ip?: string; ports: number[] } = { ports: [] };

    if (wantsIP && !(old && oldSpec.clusterIP && oldSpec.clusterIP === spec.clusterIP)) {
      if (spec.clusterIP) {
        const n = ipv4ToNumber(spec.clusterIP);
        const path = 'spec.clusterIPs';
        const shown = `[]string{${JSON.stringify(spec.clusterIP)}}`;
        if (n === null || n < range.base || n >= range.base + range.size) {
          errs.push(
            invalid(
              path,
              OMIT_VALUE,
              `${shown}: failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${range.text}`,
            ),
          );
        } else if (ips.has(spec.clusterIP)) {
          errs.push(
            invalid(
              path,
              OMIT_VALUE,
              `${shown}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
            ),
          );
        } else {
          claimed.ip = spec.clusterIP;
        }
      } else {
        // Random start, then the next free address (network address, .1 and broadcast excluded).
        const usable = range.size - 3;
        const start = Math.floor(Math.random() * usable);
        for (let i = 0; i < usable; i++) {
          const ip = ipv4ToString(range.base + 2 + ((start + i) % usable));
          if (!ips.has(ip)) {
            claimed.ip = ip;
            break;
          }
        }
        if (!claimed.ip)
          errs.push(invalid('spec.clusterIPs', OMIT_VALUE, 'failed to allocate a serviceIP: range is full'));
      }
      if (claimed.ip) {
        spec.clusterIP = claimed.ip;
        spec.clusterIPs = [claimed.ip];
      }
    }

    if (type === 'NodePort' || type === 'LoadBalancer') {
      const oldPorts = new Set((oldSpec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
      (spec.ports ?? []).forEach((p, i) => {
        if (p.nodePort && oldPorts.has(p.nodePort)) return;
        const path = `spec.ports[${i}].nodePort`;
        if (p.nodePort) {
          if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
            errs.push(
              invalid(
                path,
                p.nodePort,
                `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
              ),
            );
          } else if (ports.has(p.nodePort) || claimed.ports.includes(p.nodePort)) {
            errs.push(invalid(path, p.nodePort, 'provided port is already allocated'));
          } else {
            claimed.ports.push(p.nodePort);
          }
          return;
        }
        const span = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
        const start = Math.floor(Math.random() * span);
        for (let k = 0; k < span; k++) {
          const candidate = NODE_PORT_RANGE.min + ((start + k) % span);
          if (!ports.has(candidate) && !claimed.ports.includes(candidate)) {
            p.nodePort = candidate;
            claimed.ports.push(candidate);
            return;
          }
        }
        errs.push(invalid(path, OMIT_VALUE, 'failed to allocate a nodePort: range is full'));
      });
    } else {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }

    if (errs.length) throw invalidError({ group: '', kind: 'Service' }, obj.metadata.name ?? '', errs);
    // Held until the write has landed in the cache (or failed): concurrent creates see them.
    if (claimed.ip) pendingIPs.add(claimed.ip);
    for (const p of claimed.ports) pendingPorts.add(p);
    const release = () => {
      if (claimed.ip) pendingIPs.delete(claimed.ip);
      for (const p of claimed.ports) pendingPorts.delete(p);
    };
    ctx.res.once('close', release);
    ctx.res.once('finish', release);
  };

  return {
    name: 'ServiceIPAndNodePortAllocation',
    validateCreate: (ctx, obj) => allocate(ctx, obj, null),
    validateUpdate: (ctx, obj, old) => allocate(ctx, obj, old),
  };
}
