/**
 * The DNS listeners: UDP and TCP on one address and port (port 0 picks a free port that both
 * get). UDP datagrams are answered one to one; TCP connections carry length-prefixed messages
 * (RFC 1035 4.2.2, RFC 7766), several in flight per connection, answers in completion order,
 * closed after `idleTimeoutMs` without a query. A failure in one message never touches the
 * others or the server.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from 'pino';
import type { Transport } from './query_handler.js';

/** Handles one message; undefined sends nothing. */
export type MessageHandler = (
  msg: Buffer,
  transport: Transport,
  family: 4 | 6,
) => Buffer | Promise<Buffer | undefined> | undefined;

/** Listener settings. */
export interface DnsServerOptions {
  /** The address to listen on (`0.0.0.0`, `::`, or one address). */
  address: string;
  /** 0: a free port. */
  port: number;
  handler: MessageHandler;
  /** Close a TCP connection idle this long, ms (default 10000). */
  idleTimeoutMs?: number;
  log?: Logger;
}

/** Running listeners. */
export interface DnsServer {
  address: string;
  port: number;
  close(): Promise<void>;
}

function familyOf(address: string): 4 | 6 {
  return address.includes(':') && !address.startsWith('::ffff:') ? 6 : 4;
}

async function bindUdp(address: string, port: number, opts: DnsServerOptions): Promise<dgram.Socket> {
  const udp = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4', reuseAddr: false });
  udp.on('message', (msg, rinfo) => {
    let reply: ReturnType<MessageHandler>;
    try {
      reply = opts.handler(msg, 'udp', familyOf(rinfo.address));
    } catch (err) {
      opts.log?.error({ err }, 'DNS handler failed');
      return;
    }
    if (reply === undefined) return;
    // A reply to a source that cannot be answered (port 0, a closed socket) is dropped, never thrown.
    const send = (r: Buffer | undefined) => {
      if (!r) return;
      try {
        udp.send(r, rinfo.port, rinfo.address);
      } catch (err) {
        opts.log?.debug({ err, to: rinfo.address, port: rinfo.port }, 'could not send a DNS reply');
      }
    };
    if (reply instanceof Promise)
      reply.then(send, (err: unknown) => opts.log?.error({ err }, 'DNS handler failed'));
    else send(reply);
  });
  udp.on('error', (err) => opts.log?.warn({ err }, 'DNS UDP socket error'));
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, address, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  try {
    udp.setRecvBufferSize(4 << 20);
    udp.setSendBufferSize(4 << 20);
  } catch {
    // The system's limits apply.
  }
  return udp;
}

function serveTcpConnection(sock: net.Socket, opts: DnsServerOptions): void {
  const family = familyOf(sock.remoteAddress ?? '');
  let buf: Buffer = Buffer.alloc(0);
  sock.setNoDelay(true);
  sock.setTimeout(opts.idleTimeoutMs ?? 10_000, () => sock.destroy());
  sock.on('error', () => sock.destroy());
  const send = (r: Buffer | undefined) => {
    if (!r || sock.destroyed) return;
    const frame = Buffer.allocUnsafe(r.length + 2);
    frame.writeUInt16BE(r.length, 0);
    r.copy(frame, 2);
    sock.write(frame);
  };
  sock.on('data', (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < len + 2) break;
      const msg = Buffer.from(buf.subarray(2, len + 2));
      buf = buf.subarray(len + 2);
      try {
        const reply = opts.handler(msg, 'tcp', family);
        if (reply instanceof Promise)
          reply.then(send, (err: unknown) => opts.log?.error({ err }, 'DNS handler failed'));
        else send(reply);
      } catch (err) {
        opts.log?.error({ err }, 'DNS handler failed');
      }
    }
  });
}

async function bindTcp(address: string, port: number, opts: DnsServerOptions): Promise<net.Server> {
  const tcp = net.createServer((sock) => serveTcpConnection(sock, opts));
  tcp.on('error', (err) => opts.log?.warn({ err }, 'DNS TCP listener error'));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ port, host: address, exclusive: true }, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  return tcp;
}

/** Starts the listeners; resolves once both listen. */
export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  let lastErr: unknown;
  for (let attempt = 0; attempt < (opts.port === 0 ? 20 : 1); attempt++) {
    const udp = await bindUdp(opts.address, opts.port, opts);
    const port = udp.address().port;
    let tcp: net.Server;
    try {
      tcp = await bindTcp(opts.address, port, opts);
    } catch (err) {
      lastErr = err;
      udp.close();
      continue;
    }
    const sockets = new Set<net.Socket>();
    tcp.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return {
      address: opts.address,
      port,
      async close() {
        for (const s of sockets) s.destroy();
        await Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => tcp.close(() => resolve())),
        ]);
      },
    };
  }
  throw lastErr as Error;
}
