/**
 * Ordinary (non-upgrade) requests the API server passes on: `nodes/proxy`, `pods/proxy` and
 * `services/proxy` forward the request and stream the answer back whatever its status;
 * `pods/log` streams a kubelet answer and turns a refusal into a Status as upstream's
 * `GenericHttpResponseChecker`.
 */
import http from 'node:http';
import https from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import type { GroupResource } from '../../api/status_error.js';
import {
  badRequestError,
  internalError,
  StatusError,
  serviceUnavailableError,
} from '../../api/status_error.js';
import type { AnyRequest } from '../http/body.js';
import type { AnyResponse } from '../http/respond.js';

/** Hop-by-hop headers (and HTTP/2 pseudo headers) that are not forwarded either way. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'authorization',
  'http2-settings',
]);

/** Headers of `h` fit to forward. */
export function forwardableHeaders(h: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || k.startsWith(':') || HOP.has(k)) continue;
    out[k] = v;
  }
  return out;
}

function request(target: URL, method: string, headers: http.OutgoingHttpHeaders, tls: ConnectionOptions) {
  const opts = {
    method,
    headers,
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port,
    path: `${target.pathname}${target.search}`,
  };
  return target.protocol === 'https:' ? https.request({ ...opts, ...tls, agent: false }) : http.request(opts);
}

/**
 * Sends `req` to `target` with its method, body and headers, and answers `res` with the
 * target's status, headers and body. An unreachable target is 503 `error trying to reach …`.
 */
export function forwardRequest(
  req: AnyRequest,
  res: AnyResponse,
  target: URL,
  tls: ConnectionOptions,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = request(target, req.method ?? 'GET', forwardableHeaders(req.headers), tls);
    out.on('response', (up) => {
      const headers = forwardableHeaders(up.headers);
      if (!res.headersSent) (res as http.ServerResponse).writeHead(up.statusCode ?? 502, headers);
      up.pipe(res as http.ServerResponse);
      up.on('end', () => resolve());
      up.on('error', () => {
        res.end();
        resolve();
      });
    });
    out.on('error', (err) =>
      reject(serviceUnavailableError(`error trying to reach service: ${err.message}`)),
    );
    res.on('close', () => out.destroy());
    (req as NodeJS.ReadableStream).pipe(out);
  });
}

/**
 * GETs `target` and streams a 2xx body to `res` as `text/plain` (flushed as it comes, for
 * `follow`); a non-2xx answer becomes the StatusError upstream's response checker makes of it.
 */
export function streamFrom(
  target: URL,
  res: AnyResponse,
  tls: ConnectionOptions,
  gr: GroupResource,
  name: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = request(target, 'GET', {}, tls);
    out.on('response', (up) => {
      const code = up.statusCode ?? 500;
      if (code < 200 || code > 206) {
        const chunks: Buffer[] = [];
        let size = 0;
        up.on('data', (c: Buffer) => {
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        up.on('end', () =>
          reject(checkerError(code, Buffer.concat(chunks).subarray(0, 4096).toString(), gr, name)),
        );
        up.on('error', (err) => reject(internalError(err.message)));
        return;
      }
      res.writeHead(200, {
        'content-type': up.headers['content-type'] ?? 'text/plain',
        'cache-control': 'no-cache, private',
      });
      (res as { flushHeaders?: () => void }).flushHeaders?.();
      up.pipe(res as http.ServerResponse);
      const done = () => {
        res.end();
        resolve();
      };
      up.on('end', () => resolve());
      up.on('error', done);
      up.on('aborted', done);
    });
    out.on('error', (err) =>
      reject(serviceUnavailableError(`error trying to reach service: ${err.message}`)),
    );
    res.on('close', () => out.destroy());
    out.end();
  });
}

/** Upstream's `GenericHttpResponseChecker` (and `NewGenericServerResponse`) for a kubelet refusal. */
export function checkerError(code: number, body: string, gr: GroupResource, name: string): StatusError {
  if (code === 500) return internalError(body);
  if (code === 400) return badRequestError(body);
  const table: Record<number, [StatusError['reason'], string]> = {
    401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
    403: ['Forbidden', body],
    404: ['NotFound', 'the server could not find the requested resource'],
    409: ['Conflict', 'the server reported a conflict'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: [
      'Timeout',
      'the server was unable to return a response in the time allotted, but may still be processing the request',
    ],
  };
  const [reason, base] = table[code] ?? [
    'InternalError',
    `the server responded with the status code ${code} but did not return more information`,
  ];
  const resource = gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
  const message = name ? `${base} ( ${resource} ${name})` : base;
  return new StatusError(code, reason, message, {
    name,
    group: gr.group,
    kind: gr.resource,
    causes: body ? [{ reason: 'UnexpectedServerResponse', message: body }] : undefined,
  });
}
