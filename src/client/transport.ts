/**
 * The wire under the REST client: one multiplexed HTTP/2 connection to the API server (TLS with
 * the cluster CA and, when configured, a client certificate), reopened on demand after it fails
 * or the server goes away. Every request and watch is a stream on it, as kubectl and client-go do.
 */
import http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import type { ConnectionConfig } from './kubeconfig.js';

/** One request on the wire. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/pods?limit=5`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/** A response whose body is still streaming. */
export interface StreamingResponse {
  status: number;
  headers: IncomingHttpHeaders;
  stream: ClientHttp2Stream;
}

/** A complete response. */
export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An HTTP/2 connection to one API server. */
export class Http2Transport {
  private session: ClientHttp2Session | undefined;
  private closed = false;

  constructor(private readonly config: ConnectionConfig) {}

  private connect(): ClientHttp2Session {
    if (this.closed) throw new Error('transport closed');
    const s = this.session;
    if (s && !s.closed && !s.destroyed) return s;
    const c = this.config;
    const session = http2.connect(c.server, {
      ca: c.ca,
      cert: c.cert,
      key: c.key,
      rejectUnauthorized: !c.insecureSkipTLSVerify,
      settings: { enablePush: false },
      maxSessionMemory: 64,
    });
    // Errors surface on the streams; a failed session is simply replaced by the next request.
    session.on('error', () => {});
    const drop = () => {
      if (this.session === session) this.session = undefined;
    };
    session.on('close', drop);
    session.on('goaway', drop);
    this.session = session;
    return session;
  }

  /** Sends a request; resolves once the response headers arrived, with the body as a stream. */
  open(req: WireRequest): Promise<StreamingResponse> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream;
      let session: ClientHttp2Session;
      try {
        const headers: http2.OutgoingHttpHeaders = {
          ':method': req.method,
          ':path': req.path,
          ...req.headers,
        };
        if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
        if (this.config.userAgent) headers['user-agent'] = this.config.userAgent;
        session = this.connect();
        stream = session.request(headers, { signal: req.signal, endStream: req.body === undefined });
      } catch (err) {
        reject(err as Error);
        return;
      }
      // A late error (after the response) is seen by whoever reads the body.
      stream.on('error', (err: Error) => {
        // The session refuses streams once over its memory bound: replace it.
        if (/ENHANCE_YOUR_CALM/.test(err.message)) this.discard(session);
      });
      stream.once('error', reject);
      stream.once('response', (headers) => {
        stream.off('error', reject);
        resolve({ status: Number(headers[':status']), headers, stream });
      });
      if (req.body !== undefined) stream.end(req.body);
    });
  }

  /** Sends a request and reads the whole response body. */
  async request(req: WireRequest): Promise<WireResponse> {
    const res = await this.open(req);
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      res.stream.on('data', (c: Buffer) => chunks.push(c));
      res.stream.once('end', resolve);
      res.stream.once('error', reject);
    });
    return { status: res.status, headers: res.headers, body: Buffer.concat(chunks) };
  }

  private discard(session: ClientHttp2Session): void {
    if (this.session === session) this.session = undefined;
    session.destroy();
  }

  /** Closes the connection; later requests fail. */
  close(): void {
    this.closed = true;
    this.session?.close();
    this.session = undefined;
  }
}
