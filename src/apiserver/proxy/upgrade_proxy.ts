/**
 * The API server's half of exec, attach and port-forward: an HTTP/1.1 Upgrade request (SPDY/3.1
 * or WebSocket) sent on to the kubelet and piped byte for byte both ways, as upstream's
 * upgrade-aware proxy. The kubelet's answer reaches the client unchanged: a 101 and the stream,
 * or a refusal (for a WebSocket protocol the runtime does not speak that refusal is what makes
 * kubectl fall back to SPDY).
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** Headers not passed on to the kubelet (the caller's credentials are the API server's own business). */
const DROPPED = new Set(['host', 'authorization', 'impersonate-user', 'impersonate-group']);

/**
 * Connects to `target` (https/wss over TLS with `tlsOptions`), sends `req` with the target's path
 * and query, then pipes. An unreachable target is answered `503` with a JSON Status. Resolves
 * once both sides are closed.
 */
export function proxyUpgradeRequest(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: URL,
  tlsOptions: tls.ConnectionOptions,
): Promise<void> {
  return new Promise((resolve) => {
    const secure = target.protocol === 'https:' || target.protocol === 'wss:';
    const port = Number(target.port) || (secure ? 443 : 80);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const backend: net.Socket = secure
      ? tls.connect({
          ...tlsOptions,
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
      backend.write(upgradeRequestHead(req, target));
      if (head.length) backend.write(head);
      client.pipe(backend);
      relayResponse(backend, client, finish);
    });
    backend.on('error', (err) => {
      if (!connected && client.writable) {
        const body = JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `error dialing backend: ${err.message}`,
          reason: 'ServiceUnavailable',
          code: 503,
        });
        client.end(
          `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n` +
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

/** The request line and headers for the backend. */
export function upgradeRequestHead(req: IncomingMessage, target: URL): string {
  const lines = [
    `${req.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
  ];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (DROPPED.has(raw[i]!.toLowerCase())) continue;
    lines.push(`${raw[i]!}: ${raw[i + 1]!}`);
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
