/**
 * A set of equal-sized subnets carved out of a cluster CIDR, as upstream's `cidrset.CidrSet`:
 * subnets of prefix `maskSize` are handed out in order from a rotating candidate, marked when
 * occupied by an existing allocation, and released for reuse. IPv4 and IPv6.
 */
import { isIPv4Bytes, parseCIDRSloppy, parseIPSloppy } from '../../api/ip_address.js';

/** Upstream's limit on how many subnets a cluster CIDR is split into (2^16). */
export const MAX_SUBNET_BITS = 16;

/** Upstream's message when the range is exhausted. */
export const CIDR_RANGE_EXHAUSTED =
  'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/** A configuration error of the cluster CIDR or mask size. */
export class CidrSetError extends Error {
  override name = 'CidrSetError';
}

function bytesToBig(b: Uint8Array, bits: 32 | 128): bigint {
  let v = 0n;
  for (let i = 16 - bits / 8; i < 16; i++) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** Formats an address of `bits` (32 or 128) as Go does (dotted, or compressed IPv6). */
export function formatIP(v: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** Subnets of one cluster CIDR. */
export class CidrSet {
  readonly bits: 32 | 128;
  private readonly base: bigint;
  private readonly clusterPrefix: number;
  private readonly count: number;
  private readonly used: Uint8Array;
  private allocated = 0;
  private next = 0;

  constructor(
    clusterCIDR: string,
    readonly maskSize: number,
  ) {
    const c = parseCIDRSloppy(clusterCIDR);
    if (!c) throw new CidrSetError(`invalid CIDR address: ${clusterCIDR}`);
    this.bits = c.bits;
    this.clusterPrefix = c.prefixLength;
    if (maskSize < c.prefixLength || maskSize > c.bits)
      throw new CidrSetError(`mask size ${maskSize} does not fit the cluster CIDR ${clusterCIDR}`);
    if (maskSize - c.prefixLength > MAX_SUBNET_BITS)
      throw new CidrSetError(
        `CIDRSet max subnet bits exceeded: the difference between the cluster CIDR mask (${c.prefixLength}) and the node mask (${maskSize}) is greater than ${MAX_SUBNET_BITS}`,
      );
    const hostBits = BigInt(c.bits - c.prefixLength);
    this.base = (bytesToBig(c.ip, c.bits) >> hostBits) << hostBits;
    this.count = 2 ** (maskSize - c.prefixLength);
    this.used = new Uint8Array(this.count);
  }

  /** How many subnets are free. */
  get free(): number {
    return this.count - this.allocated;
  }

  private subnet(i: number): string {
    const v = this.base + (BigInt(i) << BigInt(this.bits - this.maskSize));
    return `${formatIP(v, this.bits)}/${this.maskSize}`;
  }

  /** The index of `cidr` in this set, or undefined when it is not one of its subnets. */
  private indexOf(cidr: string): number | undefined {
    const c = parseCIDRSloppy(cidr);
    if (!c || c.bits !== this.bits || c.prefixLength !== this.maskSize) return undefined;
    const v = bytesToBig(c.ip, c.bits);
    const offset = v - this.base;
    const shift = BigInt(this.bits - this.maskSize);
    if (offset < 0n || offset >> shift >= BigInt(this.count) || (offset & ((1n << shift) - 1n)) !== 0n)
      return undefined;
    return Number(offset >> shift);
  }

  /** Whether `cidr` belongs to this set's family. */
  matchesFamily(cidr: string): boolean {
    const ip = parseIPSloppy(cidr.split('/')[0] ?? '');
    return ip !== null && isIPv4Bytes(ip) === (this.bits === 32);
  }

  /** Hands out the next free subnet; undefined when exhausted. */
  allocateNext(): string | undefined {
    for (let k = 0; k < this.count; k++) {
      const i = (this.next + k) % this.count;
      if (this.used[i]) continue;
      this.used[i] = 1;
      this.allocated++;
      this.next = (i + 1) % this.count;
      return this.subnet(i);
    }
    return undefined;
  }

  /** Marks `cidr` as in use; false when it is not a subnet of this set. */
  occupy(cidr: string): boolean {
    const i = this.indexOf(cidr);
    if (i === undefined) return false;
    if (!this.used[i]) {
      this.used[i] = 1;
      this.allocated++;
    }
    return true;
  }

  /** Frees `cidr` (a no-op when it is not in use or not of this set). */
  release(cidr: string): void {
    const i = this.indexOf(cidr);
    if (i === undefined || !this.used[i]) return;
    this.used[i] = 0;
    this.allocated--;
  }

  /** The cluster CIDR as normalised. */
  toString(): string {
    return `${formatIP(this.base, this.bits)}/${this.clusterPrefix}`;
  }
}
