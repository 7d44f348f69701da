/**
 * The kubelet's half of exec, attach and port-forward: the upgrade request relayed to the
 * runtime's streaming server (the runtime's token in the URL names the session). A runtime that
 * cannot be reached is answered `500` with the error as text, as upstream's kubelet does.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { relayUpgrade } from '../../api/proxy/upgrade_relay.js';

/** How to reach a streaming URL (TLS options for an https one). */
export interface UpgradeTarget {
  url: URL;
  tls?: tls.ConnectionOptions;
}

/** Relays `req` to `target` until either side ends; resolves once both are closed. */
export function proxyUpgrade(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: UpgradeTarget,
): Promise<void> {
  return relayUpgrade(req, client, head, {
    ...target,
    dialErrorResponse: (err) => {
      const body = `error dialing backend: ${err.message}`;
      return (
        `HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      );
    },
  });
}
