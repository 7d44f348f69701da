/**
 * The parts of the DNS wire format (RFC 1035, RFC 6891) the server reads itself: a query's
 * header, its one question (kept as raw bytes so answers echo it exactly) and its EDNS(0) OPT
 * record; and, in upstream responses, where each record's TTL sits (so cached answers can age
 * without being decoded and encoded again). Records are built with `dns-packet`.
 */

/** DNS response codes (RFC 1035, RFC 6891). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  /** Extended (12 bits, upper 8 in the OPT record). */
  BADVERS: 16,
} as const;

/** Record types the server answers by number. */
export const QType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  AXFR: 252,
  IXFR: 251,
  ANY: 255,
} as const;

/** Class IN. */
export const CLASS_IN = 1;
/** Class ANY (QCLASS `*`). */
export const CLASS_ANY = 255;

/** Header flag bits. */
export const Flag = {
  QR: 0x8000,
  AA: 0x0400,
  TC: 0x0200,
  RD: 0x0100,
  RA: 0x0080,
  AD: 0x0020,
  CD: 0x0010,
} as const;

/** The EDNS(0) options of a query. */
export interface Edns {
  /** The requestor's UDP payload size (values under 512 count as 512). */
  udpPayloadSize: number;
  version: number;
  /** The DNSSEC OK bit. */
  dnssecOk: boolean;
}

/** A well-formed query. */
export interface Query {
  id: number;
  /** The 16 header flag bits as sent. */
  flags: number;
  opcode: number;
  /** The question name as sent (labels joined with `.`, no trailing dot; `''` is the root). */
  name: string;
  /** `name` in lower case: the lookup key. */
  lowerName: string;
  /**
   * False when a label holds bytes that cannot appear in a host name written as text (`.`,
   * `\`, spaces or non-ASCII): such names are escaped (`\DDD`) and never match a cluster name.
   */
  plainName: boolean;
  qtype: number;
  qclass: number;
  /** The raw question section (name, type and class). */
  question: Buffer;
  edns?: Edns;
}

/** What parsing a message gave. */
export type ParseResult =
  | { kind: 'query'; query: Query }
  /** Answer with this rcode and no question (a header-only reply). */
  | { kind: 'error'; id: number; flags: number; rcode: number }
  /** Send nothing: too short for a header, or a response rather than a query. */
  | { kind: 'drop' };

/** Thrown by the readers on malformed input. */
class WireError extends Error {}

const MAX_NAME = 255;

/**
 * Reads the name at `off`; returns its text and where it ends in the message (after the first
 * pointer, when compressed). Pointers must point backwards (no loops).
 */
function readName(buf: Buffer, off: number): { text: string; end: number; plain: boolean } {
  let text = '';
  let plain = true;
  let end = -1;
  let total = 1;
  let pos = off;
  let limit = off;
  for (;;) {
    if (pos >= buf.length) throw new WireError('name overflows the message');
    const len = buf[pos]!;
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) throw new WireError('pointer overflows the message');
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      if (target >= limit || target < 12)
        throw new WireError('pointer does not point backwards into the message');
      if (end < 0) end = pos + 2;
      pos = target;
      limit = target;
      continue;
    }
    if (kind !== 0) throw new WireError('unknown label type');
    if (pos + 1 + len > buf.length) throw new WireError('label overflows the message');
    total += len + 1;
    if (total > MAX_NAME) throw new WireError('name longer than 255 octets');
    let simple = true;
    for (let i = pos + 1; i <= pos + len; i++) {
      const c = buf[i]!;
      if (c <= 0x20 || c >= 0x7f || c === 0x2e || c === 0x5c) {
        simple = false;
        break;
      }
    }
    let label: string;
    if (simple) label = buf.toString('latin1', pos + 1, pos + 1 + len);
    else {
      plain = false;
      label = '';
      for (let i = pos + 1; i <= pos + len; i++) {
        const c = buf[i]!;
        if (c > 0x20 && c < 0x7f && c !== 0x2e && c !== 0x5c) label += String.fromCharCode(c);
        else label += '\\' + String(c).padStart(3, '0');
      }
    }
    text = text ? `${text}.${label}` : label;
    pos += len + 1;
  }
  return { text, end, plain };
}

/** Skips the name at `off`; returns the offset after it. */
function skipName(buf: Buffer, off: number): number {
  let pos = off;
  for (;;) {
    if (pos >= buf.length) throw new WireError('name overflows the message');
    const len = buf[pos]!;
    if (len === 0) return pos + 1;
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw new WireError('pointer overflows the message');
      return pos + 2;
    }
    if ((len & 0xc0) !== 0) throw new WireError('unknown label type');
    pos += len + 1;
  }
}

/** Lower-cases ASCII letters only (escapes stay as they are). */
function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/**
 * Parses a message received by the server. Header-only errors follow what DNS servers do:
 * a message shorter than a header or with QR set is dropped; an opcode other than QUERY gets
 * NOTIMP; anything else malformed (no or several questions, a bad name, a truncated record,
 * two OPT records) gets FORMERR.
 */
export function parseQuery(buf: Buffer): ParseResult {
  if (buf.length < 12) return { kind: 'drop' };
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if (flags & Flag.QR) return { kind: 'drop' };
  const opcode = (flags >> 11) & 0xf;
  if (opcode !== 0) return { kind: 'error', id, flags, rcode: Rcode.NOTIMP };
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  if (qd !== 1) return { kind: 'error', id, flags, rcode: Rcode.FORMERR };
  try {
    const name = readName(buf, 12);
    let pos = name.end;
    if (pos + 4 > buf.length) throw new WireError('question overflows the message');
    const qtype = buf.readUInt16BE(pos);
    const qclass = buf.readUInt16BE(pos + 2);
    pos += 4;
    const question = buf.subarray(12, pos);
    let edns: Edns | undefined;
    for (let i = 0; i < an + ns + ar; i++) {
      const owner = pos;
      pos = skipName(buf, pos);
      if (pos + 10 > buf.length) throw new WireError('record overflows the message');
      const type = buf.readUInt16BE(pos);
      const rdlen = buf.readUInt16BE(pos + 8);
      if (pos + 10 + rdlen > buf.length) throw new WireError('rdata overflows the message');
      if (type === QType.OPT) {
        if (i < an + ns || edns || buf[owner] !== 0) throw new WireError('misplaced OPT record');
        edns = {
          udpPayloadSize: Math.max(512, buf.readUInt16BE(pos + 2)),
          version: buf[pos + 5]!,
          dnssecOk: (buf.readUInt16BE(pos + 6) & 0x8000) !== 0,
        };
      }
      pos += 10 + rdlen;
    }
    return {
      kind: 'query',
      query: {
        id,
        flags,
        opcode,
        name: name.text,
        lowerName: asciiLower(name.text),
        plainName: name.plain,
        qtype,
        qclass,
        question: Buffer.from(question),
        edns,
      },
    };
  } catch (err) {
    if (err instanceof WireError) return { kind: 'error', id, flags, rcode: Rcode.FORMERR };
    throw err;
  }
}

/** A header-only reply to `id`/`flags` with `rcode` (RD and the opcode copied). */
export function errorReply(id: number, flags: number, rcode: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(Flag.QR | (flags & 0x7800) | (flags & Flag.RD) | Flag.RA | (rcode & 0xf), 2);
  return out;
}

/** What the cache needs to know of an upstream response. */
export interface ResponseScan {
  id: number;
  rcode: number;
  truncated: boolean;
  answerCount: number;
  /** The raw question section. */
  question: Buffer;
  /** Offsets of the TTL fields of every record but OPT. */
  ttlOffsets: number[];
  /** The smallest TTL among answer records (undefined when there are none). */
  minAnswerTtl?: number;
  /** RFC 2308's negative TTL: min(SOA TTL, SOA MINIMUM) of an authority SOA, if any. */
  negativeTtl?: number;
}

/** Scans a response; returns undefined when it is malformed or is not a response. */
export function scanResponse(buf: Buffer): ResponseScan | undefined {
  if (buf.length < 12) return undefined;
  const flags = buf.readUInt16BE(2);
  if (!(flags & Flag.QR)) return undefined;
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  const ns = buf.readUInt16BE(8);
  const ar = buf.readUInt16BE(10);
  try {
    let pos = 12;
    for (let i = 0; i < qd; i++) {
      pos = skipName(buf, pos) + 4;
      if (pos > buf.length) throw new WireError('question overflows the message');
    }
    const question = buf.subarray(12, pos);
    const ttlOffsets: number[] = [];
    let minAnswerTtl: number | undefined;
    let negativeTtl: number | undefined;
    let rcode = flags & 0xf;
    for (let i = 0; i < an + ns + ar; i++) {
      pos = skipName(buf, pos);
      if (pos + 10 > buf.length) throw new WireError('record overflows the message');
      const type = buf.readUInt16BE(pos);
      const ttl = buf.readUInt32BE(pos + 4);
      const rdlen = buf.readUInt16BE(pos + 8);
      const rdata = pos + 10;
      if (rdata + rdlen > buf.length) throw new WireError('rdata overflows the message');
      if (type === QType.OPT) rcode |= buf[pos + 4]! << 4;
      else {
        ttlOffsets.push(pos + 4);
        if (i < an) minAnswerTtl = minAnswerTtl === undefined ? ttl : Math.min(minAnswerTtl, ttl);
        else if (i < an + ns && type === QType.SOA) {
          const after = skipName(buf, skipName(buf, rdata));
          if (after + 20 > rdata + rdlen) throw new WireError('short SOA record');
          negativeTtl = Math.min(ttl, buf.readUInt32BE(after + 16));
        }
      }
      pos = rdata + rdlen;
    }
    return {
      id: buf.readUInt16BE(0),
      rcode,
      truncated: (flags & Flag.TC) !== 0,
      answerCount: an,
      question,
      ttlOffsets,
      minAnswerTtl,
      negativeTtl,
    };
  } catch (err) {
    if (err instanceof WireError) return undefined;
    throw err;
  }
}

/** Whether two raw questions ask the same (names compared case-insensitively, as DNS does). */
export function sameQuestion(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length || a.length < 5) return false;
  const nameEnd = a.length - 4;
  for (let i = nameEnd; i < a.length; i++) if (a[i] !== b[i]) return false;
  for (let i = 0; i < nameEnd; i++) {
    let x = a[i]!;
    let y = b[i]!;
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}
