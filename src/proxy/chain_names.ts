/**
 * Chain names of kube-proxy's iptables mode, exactly as upstream's pkg/proxy/iptables: the fixed
 * chains, and the per-service-port and per-endpoint chains named by a prefix and the first 16
 * characters of the base32 (RFC 4648, upper case) SHA-256 of the service port name
 * (`ns/name:port`, or `ns/name` for an unnamed port) and the lower-case protocol — and, for an
 * endpoint chain, the endpoint `ip:port` too. Same inputs, same names as a real kube-proxy.
 */
import { createHash } from 'node:crypto';

/** nat: the entry from PREROUTING/OUTPUT; filter: REJECT/DROP for services without endpoints. */
export const KUBE_SERVICES = 'KUBE-SERVICES';
/** nat: node ports (jumped to for local destinations); filter: health check ports. */
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
/** nat: masquerades packets marked by KUBE-MARK-MASQ. */
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
/** nat: sets the masquerade mark. */
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
/** filter: REJECT/DROP of external destinations (node ports, external and load balancer IPs). */
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
/** filter: accepts forwarded service traffic. */
export const KUBE_FORWARD = 'KUBE-FORWARD';
/** filter: drops load balancer traffic outside loadBalancerSourceRanges. */
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';

/** The masquerade mark, upstream's default (`--iptables-masquerade-bit` 14). */
export const MASQ_MARK = '0x4000';

/** Prefixes of the chains kube-proxy creates per service port and per endpoint (nat table). */
export const SERVICE_CHAIN_PREFIXES = [
  'KUBE-SVC-',
  'KUBE-SVL-',
  'KUBE-EXT-',
  'KUBE-FW-',
  'KUBE-SEP-',
] as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Names are asked for again at every sync: remember them (bounded; cleared when full).
const cache = new Map<string, string>();
const CACHE_MAX = 500_000;

/** The first 16 characters of the base32 encoding of the SHA-256 of `text` (80 bits). */
export function hash16(text: string): string {
  let h = cache.get(text);
  if (h === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(text, (h = computeHash16(text)));
  }
  return h;
}

function computeHash16(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 16) break;
  }
  return out;
}

/** Upstream's `portProtoHash`: the hash naming a service port's chains. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol.toLowerCase());
}

/** `KUBE-SVC-…`: the service port's chain over all usable endpoints (Cluster policy). */
export function serviceClusterChain(servicePortName: string, protocol: string): string {
  return 'KUBE-SVC-' + portProtoHash(servicePortName, protocol);
}

/** `KUBE-SVL-…`: the service port's chain over this node's endpoints (Local policy). */
export function serviceLocalChain(servicePortName: string, protocol: string): string {
  return 'KUBE-SVL-' + portProtoHash(servicePortName, protocol);
}

/** `KUBE-EXT-…`: where external traffic (node port, external IP, load balancer) enters. */
export function serviceExternalChain(servicePortName: string, protocol: string): string {
  return 'KUBE-EXT-' + portProtoHash(servicePortName, protocol);
}

/** `KUBE-FW-…`: the load balancer source range check. */
export function serviceFirewallChain(servicePortName: string, protocol: string): string {
  return 'KUBE-FW-' + portProtoHash(servicePortName, protocol);
}

/** `KUBE-SEP-…`: one endpoint (`ip:port`) of a service port. */
export function endpointChain(servicePortName: string, protocol: string, endpoint: string): string {
  return 'KUBE-SEP-' + hash16(servicePortName + protocol.toLowerCase() + endpoint);
}

/** Whether `chain` is one kube-proxy creates per service port or endpoint. */
export function isServiceChain(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}
