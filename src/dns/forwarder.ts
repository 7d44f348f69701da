/**
 * Forwarding to upstream resolvers, as CoreDNS's forward plugin: the query goes out over UDP
 * with a fresh random ID from one socket per address family; a reply counts only when it comes
 * from the upstream asked, carries that ID and echoes the question. A truncated reply is asked
 * again over TCP. An upstream that does not answer within the timeout (or fails) gives way to
 * the next one, starting from a random one each time; when all fail the forward fails.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from 'pino';
import { Flag, sameQuestion, scanResponse } from './wire.js';

/** An upstream resolver. */
export interface Upstream {
  host: string;
  port: number;
}

/** Forwarder settings. */
export interface ForwarderOptions {
  upstreams: Upstream[];
  /** Wait for one upstream's answer, ms (default 2000). */
  timeoutMs?: number;
  log?: Logger;
  /** Told of every upstream exchange (for metrics). */
  onExchange?: (upstream: Upstream, rcode: number | 'error', seconds: number) => void;
}

interface Pending {
  upstream: Upstream;
  question: Buffer;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** `host:port`, brackets around IPv6. */
export function upstreamText(u: Upstream): string {
  return u.host.includes(':') ? `[${u.host}]:${u.port}` : `${u.host}:${u.port}`;
}

/** Sends queries to upstream resolvers. */
export class Forwarder {
  private readonly pending = new Map<number, Pending>();
  private readonly sockets = new Map<4 | 6, dgram.Socket>();
  private readonly timeoutMs: number;
  private closed = false;

  constructor(private readonly opts: ForwarderOptions) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
  }

  /** The upstreams, in configured order. */
  get upstreams(): readonly Upstream[] {
    return this.opts.upstreams;
  }

  /**
   * Forwards `query` (a whole query message; its question is `question`) and resolves with the
   * upstream's answer, its ID set back to the query's. Rejects when every upstream failed.
   */
  async forward(query: Buffer, question: Buffer): Promise<Buffer> {
    const ups = this.opts.upstreams;
    if (ups.length === 0) throw new Error('no upstream resolvers');
    const start = Math.floor(Math.random() * ups.length);
    let lastErr: Error | undefined;
    for (let i = 0; i < ups.length; i++) {
      if (this.closed) break;
      const up = ups[(start + i) % ups.length]!;
      const t0 = process.hrtime.bigint();
      try {
        let answer = await this.exchangeUdp(up, query, question);
        if (answer.readUInt16BE(2) & Flag.TC) answer = await this.exchangeTcp(up, query, question);
        const out = Buffer.from(answer);
        out.writeUInt16BE(query.readUInt16BE(0), 0);
        this.opts.onExchange?.(up, out.readUInt16BE(2) & 0xf, Number(process.hrtime.bigint() - t0) / 1e9);
        return out;
      } catch (err) {
        lastErr = err as Error;
        this.opts.onExchange?.(up, 'error', Number(process.hrtime.bigint() - t0) / 1e9);
        this.opts.log?.debug({ err, upstream: upstreamText(up) }, 'upstream failed');
      }
    }
    throw lastErr ?? new Error('forwarder closed');
  }

  /** Stops: pending forwards fail, the sockets close. */
  close(): void {
    this.closed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('forwarder closed'));
      this.pending.delete(id);
    }
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }

  private socket(family: 4 | 6): dgram.Socket {
    let s = this.sockets.get(family);
    if (s) return s;
    s = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
    s.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    s.on('error', (err) => this.opts.log?.warn({ err }, 'forwarder socket error'));
    s.unref();
    this.sockets.set(family, s);
    return s;
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < 12) return;
    const p = this.pending.get(msg.readUInt16BE(0));
    if (!p || rinfo.port !== p.upstream.port || !sameAddress(rinfo.address, p.upstream.host)) return;
    const scan = scanResponse(msg);
    if (!scan || !sameQuestion(scan.question, p.question)) return;
    this.pending.delete(msg.readUInt16BE(0));
    clearTimeout(p.timer);
    p.resolve(msg);
  }

  private freeId(): number {
    for (;;) {
      const id = (Math.random() * 0x10000) | 0;
      if (!this.pending.has(id)) return id;
    }
  }

  private exchangeUdp(up: Upstream, query: Buffer, question: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const id = this.freeId();
      const out = Buffer.from(query);
      out.writeUInt16BE(id, 0);
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`upstream ${upstreamText(up)} timed out`));
      }, this.timeoutMs);
      this.pending.set(id, { upstream: up, question, resolve, reject, timer });
      this.socket(net.isIPv6(up.host) ? 6 : 4).send(out, up.port, up.host, (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err);
      });
    });
  }

  private exchangeTcp(up: Upstream, query: Buffer, question: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const id = this.freeId();
      const frame = Buffer.alloc(query.length + 2);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      frame.writeUInt16BE(id, 2);
      const sock = net.connect({ host: up.host, port: up.port });
      let buf = Buffer.alloc(0);
      const done = (err: Error | undefined, answer?: Buffer) => {
        clearTimeout(timer);
        sock.destroy();
        if (err) reject(err);
        else resolve(answer!);
      };
      const timer = setTimeout(
        () => done(new Error(`upstream ${upstreamText(up)} timed out over TCP`)),
        this.timeoutMs,
      );
      sock.on('connect', () => sock.write(frame));
      sock.on('error', (err) => done(err));
      sock.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        if (buf.length < 2) return;
        const len = buf.readUInt16BE(0);
        if (buf.length < len + 2) return;
        const msg = buf.subarray(2, len + 2);
        const scan = scanResponse(msg);
        if (!scan || scan.id !== id || !sameQuestion(scan.question, question))
          return done(new Error(`upstream ${upstreamText(up)} sent a mismatched answer over TCP`));
        done(undefined, Buffer.from(msg));
      });
      sock.on('end', () => done(new Error(`upstream ${upstreamText(up)} closed the connection`)));
    });
  }
}

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (s: string) => (s.startsWith('::ffff:') ? s.slice(7) : s);
  return strip(a) === strip(b);
}
