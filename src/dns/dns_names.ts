/**
 * Names derived from addresses, as the Kubernetes DNS specification and CoreDNS write them: the
 * reverse (PTR) names of IPv4 and IPv6 addresses, the dashed form of an address used as a
 * hostname (`10-244-0-5`), and the address a dashed pod name stands for.
 */
import { isIPv4Bytes, parseIPSloppy } from '../api/ip_address.js';

/** An address in canonical form, with its family; undefined when the text is not an IP. */
export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 IPv6. */
  text: string;
  family: 4 | 6;
  bytes: Uint8Array;
}

function ipv6Text(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // The longest run of two or more zero groups becomes `::` (the first of equal runs).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parses an IPv4 or IPv6 address. */
export function parseIp(text: string): ParsedIp | undefined {
  const b = parseIPSloppy(text);
  if (!b) return undefined;
  if (isIPv4Bytes(b) && !text.includes(':')) {
    const v4 = b.subarray(12);
    return { text: Array.from(v4).join('.'), family: 4, bytes: v4 };
  }
  return { text: ipv6Text(b), family: 6, bytes: b };
}

/** The PTR name of an address (`5.0.244.10.in-addr.arpa`, nibbles under `ip6.arpa`). */
export function reverseName(ip: ParsedIp): string {
  if (ip.family === 4) return `${Array.from(ip.bytes).reverse().join('.')}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = 15; i >= 0; i--) {
    const b = ip.bytes[i]!;
    nibbles.push((b & 0xf).toString(16), (b >> 4).toString(16));
  }
  return `${nibbles.join('.')}.ip6.arpa`;
}

/** The dashed form of an address, CoreDNS's hostname for endpoints without one. */
export function dashedIp(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

/**
 * The address a pod name's first label stands for (`10-244-0-5` → 10.244.0.5; IPv6 with `-`
 * for `:`); undefined when it is not one.
 */
export function ipFromDashed(label: string): ParsedIp | undefined {
  if (!/^[0-9a-f-]+$/.test(label)) return undefined;
  const parts = label.split('-');
  if (parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p))) {
    const ip = parseIp(parts.join('.'));
    return ip?.family === 4 ? ip : undefined;
  }
  const ip = parseIp(label.replace(/-/g, ':'));
  return ip?.family === 6 ? ip : undefined;
}
