/**
 * For integration tests: an API server with every built-in resource on an in-memory SQLite
 * store, served over plain HTTP on a free local port to a fixed admin user, a small JSON
 * client for it, and `eventually` to wait for the asynchronous CRD controller.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SqliteStore } from '../../storage/sqlite/sqlite_store.js';
import type { Store } from '../../storage/store.js';
import { ApiServer } from '../api_server.js';
import { builtinResources } from '../registry/builtin/index.js';
import { Registry } from '../registry/registry.js';

/** A response: status code, parsed JSON body (`{text}` when not JSON) and headers. */
export interface ApiResponse {
  code: number;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/** Sends a request; a non-string body is sent as JSON. */
export type RequestFn = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse>;

/** A running test API server. */
export interface TestApi {
  readonly api: ApiServer;
  request: RequestFn;
  /** Stops the API server and starts a new one on the same datastore. */
  restart(): Promise<TestApi>;
  close(): Promise<void>;
}

interface Serving {
  api: ApiServer;
  request: RequestFn;
  stop(): Promise<void>;
}

async function serve(store: Store): Promise<Serving> {
  const registry = new Registry();
  for (const def of builtinResources()) registry.add(def);
  const api = new ApiServer({
    store,
    registry,
    log: pino({ level: 'silent' }),
    authenticate: () => ({ name: 'admin', groups: ['system:masters', 'system:authenticated'] }),
    serverAddress: () => '127.0.0.1:0',
  });
  await api.start();
  const server = http.createServer(api.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true });
  const request: RequestFn = (method, path, body, headers = {}) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              parsed = { text };
            }
            resolve({ code: res.statusCode ?? 0, body: parsed, headers: res.headers });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    api,
    request,
    stop: async () => {
      api.stop();
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the server; resolves once it serves. */
export async function startTestApi(): Promise<TestApi> {
  const store = await SqliteStore.open({ path: ':memory:' });
  let current = await serve(store);
  const t: TestApi = {
    get api() {
      return current.api;
    },
    request: (...args) => current.request(...args),
    restart: async () => {
      await current.stop();
      current = await serve(store);
      return t;
    },
    close: async () => {
      await current.stop();
      await store.close();
    },
  };
  return t;
}

/** Polls `get` until `ok` holds for its answer (the CRD controller works asynchronously). */
export async function eventually(
  get: () => Promise<ApiResponse>,
  ok: (r: ApiResponse) => boolean,
): Promise<ApiResponse> {
  for (let i = 0; ; i++) {
    const r = await get();
    if (ok(r)) return r;
    if (i > 1000) assert.fail(`condition never held; last answer ${JSON.stringify(r.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
