/**
 * The API server's half of exec, attach and port-forward (and proxy subresources that upgrade):
 * the upgrade request relayed to the kubelet or the pod without the caller's credentials. A
 * backend that cannot be reached is answered `503` with a JSON Status.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { relayUpgrade } from '../../api/proxy/upgrade_relay.js';

/** Headers not passed on (the caller's credentials are the API server's own business). */
const DROPPED: ReadonlySet<string> = new Set(['authorization', 'impersonate-user', 'impersonate-group']);

/** Relays `req` to `target` until either side ends; resolves once both are closed. */
export function proxyUpgradeRequest(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  target: URL,
  tlsOptions: tls.ConnectionOptions,
): Promise<void> {
  return relayUpgrade(req, client, head, {
    url: target,
    tls: tlsOptions,
    dropHeaders: DROPPED,
    dialErrorResponse: (err) => {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `error dialing backend: ${err.message}`,
        reason: 'ServiceUnavailable',
        code: 503,
      });
      return (
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      );
    },
  });
}
