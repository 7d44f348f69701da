/**
 * Proxies an HTTP/1.1 Upgrade request (SPDY/3.1 or WebSocket) to the runtime's streaming server
 * byte for byte, as upstream's kubelet does with its upgrade-aware handler: the request goes out
 * with the streaming URL's path (the runtime's token names the session), the runtime's answer
 * comes back unchanged — a 101 and the stream, or its refusal (which is what tells kubectl ≥ 1.30
 * that the WebSocket protocol it tried is not spoken, so that it falls back to SPDY).
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** How to reach a streaming URL (TLS options for an https one). */
export interface UpgradeTarget {
  url: URL;
  tls?: tls.ConnectionOptions;
}

/**
 * Sends `req` (whose body starts with `head`) to `target` and pipes both connections until
 * either ends. A target that cannot be reached is answered `500` with the error as text.
 * Resolves once both sides are closed.
 */
export function proxyUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: UpgradeTarget,
): Promise<void> {
  return new Promise((resolve) => {
    const { url } = target;
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const port = Number(url.port) || (secure ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const backend: net.Socket = secure
      ? tls.connect({
          ...target.tls,
          host,
          port,
          servername: net.isIP(host) ? undefined : host,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host, port });
    let connected = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      client.destroy();
      backend.destroy();
      resolve();
    };
    backend.once(secure ? 'secureConnect' : 'connect', () => {
      connected = true;
      backend.setNoDelay(true);
      backend.write(requestHead(req, url));
      if (head.length) backend.write(head);
      client.pipe(backend);
      relayResponse(backend, client, finish);
    });
    backend.on('error', (err) => {
      if (!connected && client.writable) {
        const body = `error dialing backend: ${err.message}`;
        client.end(
          `HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        client.once('finish', finish);
        setTimeout(finish, 1000).unref();
        return;
      }
      finish();
    });
    client.on('error', finish);
    backend.on('close', finish);
    client.on('close', finish);
  });
}

/** The request line and headers for the backend: its path and query, its Host, the rest as sent. */
export function requestHead(req: IncomingMessage, url: URL): string {
  const lines = [`${req.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.toLowerCase() === 'host') continue;
    lines.push(`${name}: ${raw[i + 1]!}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Passes the backend's answer to the client: its response head as read, then, after a 101, the
 * stream both ways; after any other status the client connection is closed once the head (and
 * what came with it) is written, as upstream's upgrade-aware proxy does.
 */
function relayResponse(backend: net.Socket, client: Duplex, done: () => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0 && buffered.length < 64 * 1024) return;
    backend.off('data', onData);
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(buffered.toString('latin1', 0, 32))?.[1];
    if (status === '101') {
      client.write(buffered);
      backend.pipe(client);
      return;
    }
    client.end(buffered, done);
  };
  backend.on('data', onData);
}
