/**
 * The REST client: JSON requests to API paths, answers decoded, and failures turned into the
 * `StatusError` the server sent (so callers branch on `reason` and `code`, as with client-go's
 * `errors.IsNotFound`). Transport failures stay plain errors and are retriable.
 */
import type { Status, StatusReason } from '../api/status_error.js';
import { StatusError } from '../api/status_error.js';
import type { ConnectionConfig } from './kubeconfig.js';
import { loadKubeconfig } from './kubeconfig.js';
import type { StreamingResponse } from './transport.js';
import { Http2Transport } from './transport.js';
import { sleep } from './clock.js';

/** How many times a request asked to come back later is retried (client-go's default). */
export const MAX_RETRIES = 10;

/**
 * How long to wait before retrying an answer, or undefined when it is not to be retried: as
 * client-go, a 429 or a 5xx that carries `Retry-After` seconds (waited for, up to 10 s).
 */
export function retryAfterMs(status: number, retryAfter: string | string[] | undefined): number | undefined {
  if (status !== 429 && (status < 500 || status > 599)) return undefined;
  const header = (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter)?.trim();
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Math.min(Number(header), 10) * 1000;
}

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One request to the API. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** Sent as JSON unless a string (then sent as is with `contentType`). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The `StatusError` for a failed response with `body`, as client-go reconstructs it. */
export function statusErrorFromResponse(code: number, body: Buffer | string): StatusError {
  let status: Partial<Status> | undefined;
  try {
    const parsed = JSON.parse(body.toString()) as Partial<Status>;
    if (parsed && parsed.kind === 'Status') status = parsed;
  } catch {
    status = undefined;
  }
  if (status) {
    const reason = (status.reason || REASON_BY_CODE[status.code ?? code] || 'InternalError') as StatusReason;
    return new StatusError(status.code ?? code, reason, status.message ?? '', status.details);
  }
  const text = body.toString().trim();
  const reason = REASON_BY_CODE[code] ?? 'InternalError';
  return new StatusError(code, reason, text || `the server responded with the status code ${code}`);
}

/** Builds `path?query`. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Supplies the bearer token of each request, e.g. a service account's, requested and refreshed
 * through the TokenRequest API (see `service_account_token_source.ts`).
 */
export interface TokenSource {
  /** A token valid now; may wait for a new one. */
  token(signal?: AbortSignal): Promise<string>;
  /** Tells the source its last token was refused (401): the next `token()` fetches a new one. */
  invalidate(): void;
}

/** How a client authenticates beyond its `ConnectionConfig`, and the connection it uses. */
export interface RestClientOptions {
  /** Sends `Authorization: Bearer <token>` from this source (a 401 is retried once with a fresh token). */
  tokenSource?: TokenSource;
  /**
   * A connection shared with other clients (it must carry no client certificate when a token
   * source is given, since the API server prefers the certificate); `close()` leaves it open.
   */
  transport?: Http2Transport;
}

/** A client of one API server. */
export class RestClient {
  private readonly transport: Http2Transport;
  private readonly ownsTransport: boolean;
  private readonly tokenSource: TokenSource | undefined;

  constructor(
    readonly config: ConnectionConfig,
    opts: RestClientOptions = {},
  ) {
    this.transport = opts.transport ?? new Http2Transport(config);
    this.ownsTransport = !opts.transport;
    this.tokenSource = opts.tokenSource;
  }

  /** A client from a kubeconfig file (its current context unless `context` is given). */
  static fromKubeconfig(file: string, opts: { context?: string; userAgent?: string } = {}): RestClient {
    return new RestClient({ ...loadKubeconfig(file, opts.context), userAgent: opts.userAgent });
  }

  private async wire(req: RestRequest) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.tokenSource) headers.authorization = `Bearer ${await this.tokenSource.token(req.signal)}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    return { method: req.method, path: withQuery(req.path, req.query), headers, body, signal: req.signal };
  }

  /**
   * Sends `req` and returns the decoded JSON answer; a non-2xx answer throws its `StatusError`.
   * An answer asking to come back later (429, or 5xx with `Retry-After`) is retried after the
   * delay it names, up to `MAX_RETRIES` times, as client-go does.
   */
  async request<T>(req: RestRequest): Promise<T> {
    let res = await this.transport.request(await this.wire(req));
    if (res.status === 401 && this.tokenSource) {
      this.tokenSource.invalidate();
      res = await this.transport.request(await this.wire(req));
    }
    for (let retries = 0; retries < MAX_RETRIES; retries++) {
      const wait = retryAfterMs(res.status, res.headers['retry-after']);
      if (wait === undefined) break;
      await sleep(wait, req.signal);
      res = await this.transport.request(await this.wire(req));
    }
    if (res.status < 200 || res.status > 299) throw statusErrorFromResponse(res.status, res.body);
    if (res.body.length === 0) return undefined as T;
    return JSON.parse(res.body.toString('utf8')) as T;
  }

  /** Sends `req` and returns the response as a stream (for watches and logs); non-2xx throws. */
  async stream(req: RestRequest): Promise<StreamingResponse> {
    const res = await this.transport.open(await this.wire(req));
    if (res.status >= 200 && res.status <= 299) return res;
    const chunks: Buffer[] = [];
    for await (const c of res.stream) chunks.push(c as Buffer);
    throw statusErrorFromResponse(res.status, Buffer.concat(chunks));
  }

  /** Closes the connection (unless it is a shared one). */
  close(): void {
    if (this.ownsTransport) this.transport.close();
  }
}
