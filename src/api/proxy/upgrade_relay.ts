/**
 * An HTTP/1.1 Upgrade request (SPDY/3.1 or WebSocket) relayed byte for byte to a backend, as
 * upstream's upgrade-aware proxy (apimachinery's util/proxy) does for the API server and the
 * kubelet: the request goes out with the target's path and query, the backend's answer comes
 * back unchanged — a 101 and the stream both ways, or its refusal (which is what tells
 * kubectl ≥ 1.30 that the WebSocket protocol it tried is not spoken, so that it falls back to
 * SPDY).
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** Where and how to relay an upgrade request. */
export interface UpgradeRelayTarget {
  /** The backend URL (http/ws, or https/wss over TLS with `tls`). */
  url: URL;
  tls?: tls.ConnectionOptions;
  /** Lower-case names of request headers not passed on (`host` is always replaced). */
  dropHeaders?: ReadonlySet<string>;
  /** The whole raw HTTP response sent to the client when the backend cannot be reached. */
  dialErrorResponse: (err: Error) => string;
}

/**
 * Connects to `target.url`, sends `req` (whose body starts with `head`) and pipes both
 * connections until either ends. Resolves once both sides are closed.
 */
export function relayUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: UpgradeRelayTarget,
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
      backend.write(upgradeRequestHead(req, url, target.dropHeaders));
      if (head.length) backend.write(head);
      client.pipe(backend);
      relayResponse(backend, client, finish);
    });
    backend.on('error', (err) => {
      if (!connected && client.writable) {
        client.end(target.dialErrorResponse(err));
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

/**
 * The request line and headers for the backend: the target's path and query, its Host, the
 * other headers as sent except those in `drop`.
 */
export function upgradeRequestHead(req: IncomingMessage, url: URL, drop?: ReadonlySet<string>): string {
  const lines = [`${req.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'host' || drop?.has(name)) continue;
    lines.push(`${raw[i]!}: ${raw[i + 1]!}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Passes the backend's answer to the client: its response head as read, then, after a 101, the
 * stream both ways; after any other status the client connection is closed once the head (and
 * what came with it) is written.
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
