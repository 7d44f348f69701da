/**
 * IP address and CIDR parsing with the rules Kubernetes validates against: `k8s.io/utils/net`'s
 * `ParseIPSloppy` and `ParseCIDRSloppy`, which keep the behaviour of Go's `net` package before
 * Go 1.17. IPv4 octets may carry leading zeros (read as decimal, `010` is ten), an IPv4 tail is
 * allowed in IPv6 (`::ffff:1.2.3.4`), zones (`%eth0`) are not.
 */

/** A parsed address: always 16 bytes, IPv4 stored as IPv4-mapped IPv6 (`::ffff:a.b.c.d`). */
export type IPBytes = Uint8Array;

/** A parsed CIDR: the address as written, the prefix length and the address family's bit size. */
export interface ParsedCIDR {
  readonly ip: IPBytes;
  readonly prefixLength: number;
  /** 32 for an IPv4 CIDR, 128 for IPv6. */
  readonly bits: 32 | 128;
}

const BIG = 0xffffff;

/** Go's `dtoi`: leading decimal digits of `s` → [value, digits consumed], or null. */
function dtoi(s: string): [number, number] | null {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return null;
  }
  return i === 0 ? null : [n, i];
}

/** Go's `xtoi`: leading hex digits of `s` → [value, digits consumed], or null. */
function xtoi(s: string): [number, number] | null {
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16);
    if (Number.isNaN(d)) break;
    n = n * 16 + d;
    if (n >= BIG) return null;
  }
  return i === 0 ? null : [n, i];
}

function v4Mapped(a: number, b: number, c: number, d: number): IPBytes {
  return Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d);
}

function parseIPv4(s: string): IPBytes | null {
  const p: number[] = [];
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return null;
    if (i > 0) {
      if (s[0] !== '.') return null;
      s = s.slice(1);
    }
    const r = dtoi(s);
    if (!r || r[0] > 0xff) return null;
    p.push(r[0]);
    s = s.slice(r[1]);
  }
  if (s.length !== 0) return null;
  return v4Mapped(p[0]!, p[1]!, p[2]!, p[3]!);
}

function parseIPv6(s: string): IPBytes | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const r = xtoi(s);
    if (!r || r[0] > 0xffff) return null;
    const [n, c] = r;
    if (c < s.length && s[c] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const ip4 = parseIPv4(s);
      if (!ip4) return null;
      ip.set(ip4.subarray(12), i);
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

/**
 * Parses an IPv4 or IPv6 address as `ParseIPSloppy` does; null when it is not one. The family is
 * chosen by the first `.` or `:` in the text.
 */
export function parseIPSloppy(s: string): IPBytes | null {
  for (const ch of s) {
    if (ch === '.') return parseIPv4(s);
    if (ch === ':') return parseIPv6(s);
  }
  return null;
}

/** True when the 16-byte address is an IPv4 (IPv4-mapped) address, as Go's `To4() != nil`. */
export function isIPv4Bytes(ip: IPBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/**
 * Parses `address/prefix` as `ParseCIDRSloppy` does; null when invalid. The prefix is decimal
 * (leading zeros allowed) and at most 32 for IPv4 and 128 for IPv6; an IPv4 CIDR must be written
 * in dotted form.
 */
export function parseCIDRSloppy(s: string): ParsedCIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let bits: 32 | 128 = 32;
  let ip = parseIPv4(addr);
  if (!ip) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  const m = dtoi(mask);
  if (!ip || !m || m[1] !== mask.length || m[0] > bits) return null;
  return { ip, prefixLength: m[0], bits };
}
