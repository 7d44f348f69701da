/** IPv4 addresses and CIDRs as kube-proxy reads them from API objects: strict, never throwing. */

/** The 32-bit value of a dotted-quad IPv4 address, or undefined when `text` is not one. */
export function parseIPv4(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

/** Whether `text` is an IPv4 address in canonical dotted-quad form. */
export function isIPv4(text: unknown): text is string {
  return parseIPv4(text) !== undefined;
}

/** An IPv4 CIDR: network base and prefix length. */
export interface Cidr {
  base: number;
  bits: number;
  text: string;
}

/** Parses `a.b.c.d/n` (surrounding spaces allowed, as upstream tolerates); undefined if invalid. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPv4(t.slice(0, slash));
  const bitsText = t.slice(slash + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const base = (ip & mask) >>> 0;
  return { base, bits, text: `${formatIPv4(base)}/${bits}` };
}

/** Whether the IPv4 address `ip` (32-bit value) lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: number): boolean {
  const mask = cidr.bits === 0 ? 0 : (0xffffffff << (32 - cidr.bits)) >>> 0;
  return (ip & mask) >>> 0 === cidr.base;
}

/** Dotted-quad text of a 32-bit value. */
export function formatIPv4(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}
