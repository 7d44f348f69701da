/**
 * Encodes the server's own answers: the header (QR, AA, RD and CD echoed, RA, the rcode), the
 * question exactly as asked, the records (encoded with `dns-packet`) and, when the query had
 * EDNS(0), an OPT record with the server's payload size, the DO bit echoed and the upper rcode
 * bits. Over UDP an answer larger than the client's limit (512 octets, or its EDNS payload
 * size) keeps the answers that fit, drops the rest and sets TC so the client retries over TCP.
 */
import type { Answer as WireRecord, OptAnswer } from 'dns-packet';
import dnsPacket from 'dns-packet';
import type { Query } from './wire.js';
import { Flag } from './wire.js';

/** The UDP payload size the server advertises (the DNS flag day 2020 value). */
export const SERVER_UDP_PAYLOAD = 1232;

/** What to answer. */
export interface ResponseContent {
  rcode: number;
  authoritative: boolean;
  answers: WireRecord[];
  authorities: WireRecord[];
  additionals: WireRecord[];
}

function optRecord(q: Query, rcode: number): OptAnswer {
  return {
    name: '.',
    type: 'OPT',
    udpPayloadSize: SERVER_UDP_PAYLOAD,
    extendedRcode: rcode >> 4,
    ednsVersion: 0,
    flags: q.edns!.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
    flag_do: q.edns!.dnssecOk,
    options: [],
  };
}

/** The largest UDP response `q`'s sender accepts. */
export function udpLimit(q: Query): number {
  return q.edns ? Math.max(512, q.edns.udpPayloadSize) : 512;
}

function encodeWith(
  q: Query,
  flags: number,
  answers: WireRecord[],
  authorities: WireRecord[],
  additionals: WireRecord[],
): Buffer {
  const body = dnsPacket.encode({
    type: 'response',
    id: q.id,
    flags,
    questions: [],
    answers,
    authorities,
    additionals,
  });
  const out = Buffer.allocUnsafe(body.length + q.question.length);
  body.copy(out, 0, 0, 12);
  out.writeUInt16BE(1, 4);
  q.question.copy(out, 12);
  body.copy(out, 12 + q.question.length, 12);
  return out;
}

/**
 * Encodes `content` as the answer to `q`; with `maxSize` (UDP), truncates to fit as described
 * above.
 */
export function encodeResponse(q: Query, content: ResponseContent, maxSize?: number): Buffer {
  let flags = (q.flags & (Flag.RD | Flag.CD)) | Flag.RA | (content.rcode & 0xf);
  if (content.authoritative) flags |= Flag.AA;
  const opt = q.edns ? [optRecord(q, content.rcode)] : [];
  const full = encodeWith(q, flags, content.answers, content.authorities, [...content.additionals, ...opt]);
  if (maxSize === undefined || full.length <= maxSize) return full;
  // Keep as many answers as fit, in order; drop the other sections but the OPT record.
  flags |= Flag.TC;
  let lo = 0;
  let hi = content.answers.length;
  let best = encodeWith(q, flags, [], [], opt);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const b = encodeWith(q, flags, content.answers.slice(0, mid), [], opt);
    if (b.length <= maxSize) {
      best = b;
      lo = mid;
    } else hi = mid - 1;
  }
  return best;
}

/** A reply with `rcode` that echoes the question (SERVFAIL, NOTIMP, BADVERS…). */
export function encodeRcode(q: Query, rcode: number): Buffer {
  return encodeResponse(q, { rcode, authoritative: false, answers: [], authorities: [], additionals: [] });
}
