import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import { internalError, StatusError } from '../../api/status_error.js';

/** A response as both the HTTP/1.1 and the HTTP/2 compatibility APIs give it. */
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Sends a JSON body (already serialized) with a status code. */
export function sendJson(
  res: AnyResponse,
  code: number,
  json: string,
  contentType = 'application/json',
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = Buffer.from(json);
  res.writeHead(code, {
    'content-type': contentType,
    'content-length': body.length,
    'cache-control': 'no-cache, private',
  });
  res.end(body);
}

/** Sends an object as JSON. */
export function sendObject(res: AnyResponse, code: number, obj: unknown, contentType?: string): void {
  sendJson(res, code, JSON.stringify(obj), contentType);
}

/** The StatusError an arbitrary failure is answered with (500 for anything unexpected). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}

/** Answers with the `Status` of an error. */
export function sendError(res: AnyResponse, err: unknown): void {
  const se = toStatusError(err);
  if (se.code === 429 || se.code === 503 || se.code === 504) {
    const retry = se.details?.retryAfterSeconds;
    if (retry && !res.headersSent) res.setHeader('retry-after', String(retry));
  }
  sendObject(res, se.code, se.toStatus());
}
