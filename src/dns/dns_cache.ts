/**
 * The cache of forwarded answers, as CoreDNS's cache plugin: positive answers live for their
 * smallest answer TTL, negative ones (NXDOMAIN, or NOERROR without answers) for RFC 2308's
 * min(SOA TTL, SOA MINIMUM); both are capped (`cache 30` in the default Corefile) and floored at
 * `minTtl`. Answers without TTL information (negative without SOA), truncated answers and other
 * rcodes are not cached. A hit is the stored wire message with the asker's ID and question, and
 * every TTL set to what remains, as CoreDNS does. The oldest entries go first when full.
 */
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import type { Query, ResponseScan } from './wire.js';
import { Rcode } from './wire.js';

/** Cache settings. */
export interface DnsCacheOptions {
  /** Most entries kept (default 9984, CoreDNS's per-kind default). */
  capacity?: number;
  /** Cap of a positive answer's TTL, seconds (default 30). */
  maxTtl?: number;
  /** Cap of a negative answer's TTL, seconds (default 30). */
  maxNegativeTtl?: number;
  /** Floor of both, seconds (default 5, as CoreDNS). */
  minTtl?: number;
  clock?: Clock;
}

/** Whether a hit was a positive or a negative answer (CoreDNS's `success`/`denial`). */
export type CacheKind = 'success' | 'denial';

interface Entry {
  bytes: Buffer;
  ttlOffsets: number[];
  storedMs: number;
  ttl: number;
  kind: CacheKind;
}

/** The key of a question: name, type, class and the EDNS/DO/CD bits that change answers. */
export function cacheKey(q: Query): string {
  const bits = (q.edns ? 1 : 0) | (q.edns?.dnssecOk ? 2 : 0) | (q.flags & 0x10 ? 4 : 0);
  return `${q.lowerName}|${q.qtype}|${q.qclass}|${bits}`;
}

function setTtls(buf: Buffer, offsets: number[], ttl: number): void {
  for (const off of offsets) buf.writeUInt32BE(ttl, off);
}

/** A bounded TTL cache of wire-format answers. */
export class DnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly maxTtl: number;
  private readonly maxNegativeTtl: number;
  private readonly minTtl: number;
  private readonly clock: Clock;

  constructor(opts: DnsCacheOptions = {}) {
    this.capacity = opts.capacity ?? 9984;
    this.maxTtl = opts.maxTtl ?? 30;
    this.maxNegativeTtl = opts.maxNegativeTtl ?? 30;
    this.minTtl = opts.minTtl ?? 5;
    this.clock = opts.clock ?? realClock;
  }

  /** The number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /** Entries by kind (for the `coredns_cache_entries` gauge). */
  counts(): Record<CacheKind, number> {
    const c = { success: 0, denial: 0 };
    for (const e of this.entries.values()) c[e.kind]++;
    return c;
  }

  /**
   * The cached answer to `q` under `key` (with `q`'s ID and question and aged TTLs), or
   * undefined on a miss.
   */
  get(key: string, q: Query): { bytes: Buffer; kind: CacheKind } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const elapsed = Math.floor((this.clock.now() - e.storedMs) / 1000);
    const remaining = e.ttl - elapsed;
    if (remaining <= 0) {
      this.entries.delete(key);
      return undefined;
    }
    const out = Buffer.from(e.bytes);
    out.writeUInt16BE(q.id, 0);
    // RD as the asker sent it; the rest of the header as the upstream answered.
    out[2] = (out[2]! & ~0x01) | ((q.flags >> 8) & 0x01);
    if (out.length >= 12 + q.question.length) q.question.copy(out, 12);
    setTtls(out, e.ttlOffsets, remaining);
    return { bytes: out, kind: e.kind };
  }

  /**
   * Stores an upstream answer when it is cacheable; returns the message to send (its TTLs set
   * to the cached TTL when stored, unchanged otherwise).
   */
  put(key: string, bytes: Buffer, scan: ResponseScan): Buffer {
    const ttl = this.ttlOf(scan);
    if (ttl === undefined) return bytes;
    const stored = Buffer.from(bytes);
    const entry: Entry = {
      bytes: stored,
      ttlOffsets: scan.ttlOffsets,
      storedMs: this.clock.now(),
      ttl,
      kind: scan.rcode === Rcode.NOERROR && scan.answerCount > 0 ? 'success' : 'denial',
    };
    setTtls(stored, scan.ttlOffsets, ttl);
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return Buffer.from(stored);
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }

  private ttlOf(scan: ResponseScan): number | undefined {
    if (scan.truncated) return undefined;
    let ttl: number | undefined;
    let cap: number;
    if (scan.rcode === Rcode.NOERROR && scan.answerCount > 0) {
      ttl = scan.minAnswerTtl;
      cap = this.maxTtl;
    } else if (scan.rcode === Rcode.NXDOMAIN || scan.rcode === Rcode.NOERROR) {
      ttl = scan.negativeTtl;
      cap = this.maxNegativeTtl;
    } else return undefined;
    if (ttl === undefined) return undefined;
    return Math.max(this.minTtl, Math.min(ttl, cap));
  }
}
