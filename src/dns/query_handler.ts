/**
 * What the server does with one message: parse it (FORMERR for malformed queries, NOTIMP for
 * opcodes other than QUERY, BADVERS for EDNS versions other than 0), answer the cluster zone from
 * the index (authoritative; never REFUSED), and forward everything else to the upstream
 * resolvers through the cache (SERVFAIL when they fail or none is configured). Concurrent misses
 * for one question share one upstream exchange. Never throws: an unexpected failure answers
 * SERVFAIL.
 */
import dnsPacket from 'dns-packet';
import type { Logger } from 'pino';
import type { ZoneAnswer, ZoneSettings } from './cluster_answer.js';
import { answerClusterQuestion } from './cluster_answer.js';
import type { ClusterIndex } from './cluster_index.js';
import type { DnsCache } from './dns_cache.js';
import { cacheKey } from './dns_cache.js';
import type { AnsweringPlugin, DnsMetrics } from './dns_metrics.js';
import type { Forwarder } from './forwarder.js';
import { encodeRcode, encodeResponse, udpLimit } from './response.js';
import type { Query } from './wire.js';
import { CLASS_ANY, CLASS_IN, Flag, QType, Rcode, errorReply, parseQuery, scanResponse } from './wire.js';
import type { WireRecord } from './wire_writer.js';

/** The transport a message came over. */
export type Transport = 'udp' | 'tcp';

/** What the handler needs. */
export interface QueryHandlerOptions {
  index: ClusterIndex;
  zone: ZoneSettings;
  cache: DnsCache;
  /** Absent: names outside the cluster zone are answered SERVFAIL. */
  forwarder?: Forwarder;
  metrics?: DnsMetrics;
  log?: Logger;
}

interface Upstreamed {
  bytes: Buffer;
  rcode: number;
}

/** Answers DNS messages. */
export class QueryHandler {
  private readonly inflight = new Map<string, Promise<Upstreamed>>();

  constructor(private readonly opts: QueryHandlerOptions) {}

  /**
   * The reply to `msg` (undefined: send nothing). Cluster answers come synchronously, forwarded
   * ones as a promise that always resolves.
   */
  handle(msg: Buffer, transport: Transport, family: 4 | 6): Buffer | Promise<Buffer | undefined> | undefined {
    const t0 = process.hrtime.bigint();
    const parsed = parseQuery(msg);
    if (parsed.kind === 'drop') return undefined;
    if (parsed.kind === 'error') {
      this.count(transport, family, 0, parsed.rcode, '', t0);
      return errorReply(parsed.id, parsed.flags, parsed.rcode);
    }
    const q = parsed.query;
    try {
      const limit = transport === 'udp' ? udpLimit(q) : undefined;
      if (q.edns && q.edns.version !== 0) {
        this.count(transport, family, q.qtype, Rcode.BADVERS, '', t0);
        return encodeRcode(q, Rcode.BADVERS);
      }
      if (q.qclass === CLASS_IN || q.qclass === CLASS_ANY) {
        const zone = answerClusterQuestion(this.opts.index, this.opts.zone, q.name, q.lowerName, q.qtype);
        if (zone) {
          if (q.qtype === QType.AXFR || q.qtype === QType.IXFR) {
            this.count(transport, family, q.qtype, Rcode.NOTIMP, 'kubernetes', t0);
            return encodeRcode(q, Rcode.NOTIMP);
          }
          if (zone.chase && this.opts.forwarder) return this.chase(q, zone, limit, transport, family, t0);
          this.count(transport, family, q.qtype, zone.rcode, 'kubernetes', t0);
          return encodeResponse(q, { ...zone, authoritative: true }, limit);
        }
      } else if (this.inZone(q.lowerName)) {
        this.count(transport, family, q.qtype, Rcode.NOTIMP, 'kubernetes', t0);
        return encodeRcode(q, Rcode.NOTIMP);
      }
      return this.forward(msg, q, limit, transport, family, t0);
    } catch (err) {
      this.opts.log?.error({ err }, 'answering a DNS query failed');
      this.count(transport, family, q.qtype, Rcode.SERVFAIL, '', t0);
      return encodeRcode(q, Rcode.SERVFAIL);
    }
  }

  private inZone(lowerName: string): boolean {
    const z = this.opts.index.zone;
    return lowerName === z || lowerName.endsWith(`.${z}`);
  }

  private count(
    transport: Transport,
    family: 4 | 6,
    qtype: number,
    rcode: number,
    plugin: AnsweringPlugin,
    t0: bigint,
  ) {
    this.opts.metrics?.request(
      transport,
      family,
      qtype,
      rcode,
      plugin,
      Number(process.hrtime.bigint() - t0) / 1e9,
    );
  }

  /** The upstream answer to `q` (from the cache when there), or undefined when upstreams failed. */
  private async upstream(
    msg: Buffer,
    q: Query,
  ): Promise<{ bytes: Buffer; plugin: AnsweringPlugin } | undefined> {
    const key = cacheKey(q);
    const hit = this.opts.cache.get(key, q);
    this.opts.metrics?.cacheLookup(hit?.kind);
    if (hit) return { bytes: hit.bytes, plugin: 'cache' };
    if (!this.opts.forwarder) return undefined;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.exchange(key, msg, q);
      this.inflight.set(key, p);
      void p.then(
        () => this.inflight.delete(key),
        () => this.inflight.delete(key),
      );
    }
    try {
      const got = await p;
      const out = Buffer.from(got.bytes);
      out.writeUInt16BE(q.id, 0);
      if (out.length >= 12 + q.question.length) q.question.copy(out, 12);
      return { bytes: out, plugin: 'forward' };
    } catch {
      return undefined;
    }
  }

  private async exchange(key: string, msg: Buffer, q: Query): Promise<Upstreamed> {
    const bytes = await this.opts.forwarder!.forward(msg, q.question);
    const scan = scanResponse(bytes);
    if (!scan) throw new Error('malformed upstream answer');
    return { bytes: this.opts.cache.put(key, bytes, scan), rcode: scan.rcode };
  }

  private async forward(
    msg: Buffer,
    q: Query,
    limit: number | undefined,
    transport: Transport,
    family: 4 | 6,
    t0: bigint,
  ): Promise<Buffer> {
    try {
      const got = await this.upstream(msg, q);
      if (!got) {
        this.count(transport, family, q.qtype, Rcode.SERVFAIL, 'forward', t0);
        return encodeRcode(q, Rcode.SERVFAIL);
      }
      let bytes = got.bytes;
      if (limit !== undefined && bytes.length > limit) bytes = truncatedReply(bytes, q);
      this.count(transport, family, q.qtype, bytes.readUInt16BE(2) & 0xf, got.plugin, t0);
      return bytes;
    } catch (err) {
      this.opts.log?.error({ err }, 'forwarding a DNS query failed');
      this.count(transport, family, q.qtype, Rcode.SERVFAIL, 'forward', t0);
      return encodeRcode(q, Rcode.SERVFAIL);
    }
  }

  /** A cluster CNAME to a name outside the zone: the alias, then the target's records. */
  private async chase(
    q: Query,
    zone: ZoneAnswer,
    limit: number | undefined,
    transport: Transport,
    family: 4 | 6,
    t0: bigint,
  ): Promise<Buffer> {
    const answers: WireRecord[] = [...zone.answers];
    const type = typeName(q.qtype);
    try {
      const sub = dnsPacket.encode({
        type: 'query',
        id: 0,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ name: zone.chase!, type: type ?? 'A', class: 'IN' }],
      });
      const parsed = parseQuery(sub);
      if (type && parsed.kind === 'query') {
        const got = await this.upstream(sub, parsed.query);
        if (got) {
          const decoded = dnsPacket.decode(got.bytes);
          if (((decoded.flags ?? 0) & 0xf) === Rcode.NOERROR)
            for (const a of decoded.answers ?? [])
              // dns-packet writes names uncompressed: each record's bytes stand alone.
              answers.push({
                type: 'raw',
                bytes: Buffer.from(dnsPacket.encode({ answers: [a] }).subarray(12)),
              });
        }
      }
    } catch (err) {
      this.opts.log?.debug({ err, target: zone.chase }, 'resolving an ExternalName target failed');
    }
    this.count(transport, family, q.qtype, zone.rcode, 'kubernetes', t0);
    return encodeResponse(q, { ...zone, answers, authoritative: true }, limit);
  }
}

function typeName(qtype: number): 'A' | 'AAAA' | 'TXT' | 'MX' | 'SRV' | 'PTR' | undefined {
  switch (qtype) {
    case QType.A:
      return 'A';
    case QType.AAAA:
      return 'AAAA';
    case QType.TXT:
      return 'TXT';
    case QType.MX:
      return 'MX';
    case QType.SRV:
      return 'SRV';
    case QType.PTR:
      return 'PTR';
    default:
      return undefined;
  }
}

/** The header and question of `bytes` with TC set and no records (the client retries over TCP). */
function truncatedReply(bytes: Buffer, q: Query): Buffer {
  const out = Buffer.alloc(12 + q.question.length);
  bytes.copy(out, 0, 0, 4);
  out.writeUInt16BE(out.readUInt16BE(2) | Flag.TC, 2);
  out.writeUInt16BE(1, 4);
  q.question.copy(out, 12);
  return out;
}
