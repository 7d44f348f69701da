/**
 * Encodes the server's own answers: the header (QR, AA, RD and CD echoed, RA, the rcode), the
 * question exactly as asked, the records (compressed, `wire_writer.ts`) and, when the query had
 * EDNS(0), an OPT record with the server's payload size, the DO bit echoed and the upper rcode
 * bits. Over UDP an answer larger than the client's limit (512 octets, or its EDNS payload
 * size) keeps the records that fit and sets TC so the client retries over TCP.
 */
import type { Query } from './wire.js';
import { Flag } from './wire.js';
import type { WireRecord } from './wire_writer.js';
import { encodeMessage } from './wire_writer.js';

/** The UDP payload size the server advertises (the DNS flag day 2020 value). */
export const SERVER_UDP_PAYLOAD = 1232;

/** What to answer. */
export interface ResponseContent {
  rcode: number;
  authoritative: boolean;
  answers: readonly WireRecord[];
  authorities: readonly WireRecord[];
  additionals: readonly WireRecord[];
}

/** The largest UDP response `q`'s sender accepts. */
export function udpLimit(q: Query): number {
  return q.edns ? Math.max(512, q.edns.udpPayloadSize) : 512;
}

/**
 * Encodes `content` as the answer to `q`; with `maxSize` (UDP), truncates to fit as described
 * above.
 */
export function encodeResponse(q: Query, content: ResponseContent, maxSize?: number): Buffer {
  let flags = Flag.QR | (q.flags & (Flag.RD | Flag.CD)) | Flag.RA | (content.rcode & 0xf);
  if (content.authoritative) flags |= Flag.AA;
  return encodeMessage({
    id: q.id,
    flags,
    question: q.question,
    questionName: q.plainName ? q.name : undefined,
    answers: content.answers,
    authorities: content.authorities,
    additionals: content.additionals,
    opt: q.edns
      ? { udpPayloadSize: SERVER_UDP_PAYLOAD, extendedRcode: content.rcode >> 4, dnssecOk: q.edns.dnssecOk }
      : undefined,
    maxSize,
  });
}

/** A reply with `rcode` that echoes the question (SERVFAIL, NOTIMP, BADVERS…). */
export function encodeRcode(q: Query, rcode: number): Buffer {
  return encodeResponse(q, { rcode, authoritative: false, answers: [], authorities: [], additionals: [] });
}
