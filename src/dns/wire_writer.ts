/**
 * Writes DNS messages (RFC 1035) with name compression: the records the server itself answers
 * with (A, AAAA, CNAME, PTR, NS, SRV, TXT, SOA), records taken whole from elsewhere (`RawRecord`,
 * uncompressed bytes) and the EDNS(0) OPT record. Owner and target names are compressed against
 * the question and every name written before, so a headless Service's answer repeats its name
 * in two bytes per record. A size limit keeps the records that fit, in order, setting TC when
 * an answer or authority record was left out; the OPT record always fits.
 */
import { parseIp } from './dns_names.js';

/** Class IN for every record written. */
const IN = 1;

/** A record the server answers with (class IN). */
export type WireRecord =
  | {
      name: string;
      type: 'A' | 'AAAA';
      ttl: number;
      data: string;
      /** The address in wire form, when known (saves parsing `data`). */
      bytes?: Uint8Array;
    }
  | { name: string; type: 'CNAME' | 'PTR' | 'NS'; ttl: number; data: string }
  | {
      name: string;
      type: 'SRV';
      ttl: number;
      data: { priority: number; weight: number; port: number; target: string };
    }
  | { name: string; type: 'TXT'; ttl: number; data: string[] }
  | {
      name: string;
      type: 'SOA';
      ttl: number;
      data: {
        mname: string;
        rname: string;
        serial: number;
        refresh: number;
        retry: number;
        expire: number;
        minimum: number;
      };
    }
  | RawRecord;

/** A whole resource record in wire form without compression pointers (copied as is). */
export interface RawRecord {
  type: 'raw';
  bytes: Buffer;
}

const TYPE_CODE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33 } as const;

/** The EDNS(0) OPT record to append. */
export interface OptSpec {
  udpPayloadSize: number;
  /** The upper 8 bits of the 12-bit rcode. */
  extendedRcode: number;
  dnssecOk: boolean;
}

/** The labels of a presentation-format name (`\DDD` and `\X` escapes decoded), root → []. */
export function nameLabels(name: string): Buffer[] {
  const n = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (n === '' || n === '.') return [];
  if (!n.includes('\\')) return n.split('.').map((l) => Buffer.from(l, 'latin1'));
  const labels: Buffer[] = [];
  let cur: number[] = [];
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 0x5c && i + 1 < n.length) {
      const d = /^\d{3}/.exec(n.slice(i + 1, i + 4));
      if (d) {
        cur.push(Number(d[0]) & 0xff);
        i += 3;
      } else cur.push(n.charCodeAt(++i) & 0xff);
    } else if (c === 0x2e) {
      labels.push(Buffer.from(cur));
      cur = [];
    } else cur.push(c & 0xff);
  }
  labels.push(Buffer.from(cur));
  return labels;
}

/** A message being written into one buffer. */
export class MessageWriter {
  private buf: Buffer;
  private len = 0;
  /**
   * Name suffixes written (labels joined by `.`, case kept: a pointer repeats the case it points
   * at, so only an exact match is reused) → their offset.
   */
  private readonly names = new Map<string, number>();

  constructor(initial = 512) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.len);
    this.len += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Overwrites a 16-bit field written earlier. */
  patch16(offset: number, v: number): void {
    this.buf.writeUInt16BE(v & 0xffff, offset);
  }

  /**
   * Registers `name` (presentation form, no trailing dot) as written uncompressed at `offset`
   * (a copied question), so later names can point into it.
   */
  learnName(name: string, offset: number): void {
    if (name === '' || name.includes('\\')) return;
    for (let i = 0; i >= 0 && offset + i < 0x4000;) {
      const key = i === 0 ? name : name.slice(i);
      if (!this.names.has(key)) this.names.set(key, offset + i);
      const dot = name.indexOf('.', i);
      i = dot < 0 ? -1 : dot + 1;
    }
  }

  /** Writes a name, compressed against the names written before. */
  name(name: string): void {
    if (name.endsWith('.') || name.includes('\\')) return this.escapedName(name);
    for (let i = 0; i < name.length;) {
      const key = i === 0 ? name : name.slice(i);
      const at = this.names.get(key);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.len < 0x4000) this.names.set(key, this.len);
      let dot = name.indexOf('.', i);
      if (dot < 0) dot = name.length;
      const n = Math.min(dot - i, 63);
      this.ensure(n + 1);
      this.buf[this.len] = n;
      this.buf.write(name.slice(i, i + n), this.len + 1, n, 'latin1');
      this.len += n + 1;
      i = dot + 1;
    }
    this.u8(0);
  }

  /** The general case of `name`: a trailing dot or escapes. */
  private escapedName(name: string): void {
    const labels = nameLabels(name);
    const texts = labels.map((l) => l.toString('latin1'));
    for (let i = 0; i < labels.length; i++) {
      const key = i === 0 ? texts.join('.') : texts.slice(i).join('.');
      const at = this.names.get(key);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.len < 0x4000) this.names.set(key, this.len);
      const l = labels[i]!;
      this.u8(Math.min(l.length, 63));
      this.bytes(l.length > 63 ? l.subarray(0, 63) : l);
    }
    this.u8(0);
  }

  /** Writes one record. */
  record(r: WireRecord): void {
    if (r.type === 'raw') {
      this.bytes(r.bytes);
      return;
    }
    this.name(r.name);
    this.u16(TYPE_CODE[r.type]);
    this.u16(IN);
    this.u32(r.ttl);
    const lenAt = this.len;
    this.u16(0);
    const start = this.len;
    switch (r.type) {
      case 'A':
      case 'AAAA': {
        const b = r.bytes ?? parseIp(r.data)?.bytes;
        if (b) this.bytes(b);
        break;
      }
      case 'CNAME':
      case 'PTR':
      case 'NS':
        this.name(r.data);
        break;
      case 'SRV':
        this.u16(r.data.priority);
        this.u16(r.data.weight);
        this.u16(r.data.port);
        // RFC 2782: the target is not compressed.
        for (const l of nameLabels(r.data.target)) {
          this.u8(Math.min(l.length, 63));
          this.bytes(l.subarray(0, 63));
        }
        this.u8(0);
        break;
      case 'TXT':
        for (const s of r.data) {
          const b = Buffer.from(s, 'utf8');
          for (let i = 0; i < b.length || i === 0; i += 255) {
            const part = b.subarray(i, i + 255);
            this.u8(part.length);
            this.bytes(part);
          }
        }
        break;
      case 'SOA':
        this.name(r.data.mname);
        this.name(r.data.rname);
        this.u32(r.data.serial);
        this.u32(r.data.refresh);
        this.u32(r.data.retry);
        this.u32(r.data.expire);
        this.u32(r.data.minimum);
        break;
    }
    this.patch16(lenAt, this.len - start);
  }

  /** Writes the OPT record. */
  opt(o: OptSpec): void {
    this.u8(0);
    this.u16(41);
    this.u16(o.udpPayloadSize);
    this.u8(o.extendedRcode);
    this.u8(0);
    this.u16(o.dnssecOk ? 0x8000 : 0);
    this.u16(0);
  }

  /** Forgets everything written from `offset` on (and the names registered there). */
  rollback(offset: number): void {
    if (offset >= this.len) return;
    this.len = offset;
    for (const [k, at] of this.names) if (at >= offset) this.names.delete(k);
  }

  /** The message written (a view of the writer's buffer). */
  finish(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** What a response holds. */
export interface MessageSpec {
  id: number;
  /** The 16 header flag bits (rcode included); TC is added when records are left out. */
  flags: number;
  /** The raw question section (one question, no compression pointers), or none. */
  question?: Buffer;
  /** The question's name in presentation form (a compression target for the records). */
  questionName?: string;
  answers: readonly WireRecord[];
  authorities: readonly WireRecord[];
  additionals: readonly WireRecord[];
  opt?: OptSpec;
  /** The largest message allowed (UDP); records past it are left out and TC set. */
  maxSize?: number;
}

/**
 * Encodes a response. When `maxSize` cuts it, the records that fit stay (in order: answers,
 * authorities, additionals) and TC is set when an answer or authority record was left out; the
 * OPT record is kept.
 */
export function encodeMessage(spec: MessageSpec): Buffer {
  const w = new MessageWriter(512);
  w.u16(spec.id);
  w.u16(spec.flags);
  w.u16(spec.question ? 1 : 0);
  w.u16(0);
  w.u16(0);
  w.u16(0);
  if (spec.question) {
    w.bytes(spec.question);
    if (spec.questionName !== undefined) w.learnName(spec.questionName, 12);
  }
  const optLen = spec.opt ? 11 : 0;
  const limit = spec.maxSize === undefined ? Infinity : spec.maxSize - optLen;
  const counts = [0, 0, 0];
  const sections = [spec.answers, spec.authorities, spec.additionals];
  let truncated = false;
  outer: for (let s = 0; s < 3; s++) {
    for (const r of sections[s]!) {
      const mark = w.length;
      w.record(r);
      if (w.length > limit) {
        w.rollback(mark);
        // As miekg/dns's Truncate: only a missing answer or authority record sets TC.
        truncated = s < 2;
        break outer;
      }
      counts[s]!++;
    }
  }
  let additionalCount = counts[2]!;
  if (spec.opt) {
    w.opt(spec.opt);
    additionalCount++;
  }
  w.patch16(2, spec.flags | (truncated ? 0x0200 : 0));
  w.patch16(6, counts[0]!);
  w.patch16(8, counts[1]!);
  w.patch16(10, additionalCount);
  return w.finish();
}
