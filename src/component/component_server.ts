/**
 * The small HTTP endpoint every component serves beside its work, as upstream's component-base:
 * `/metrics` (Prometheus text from a prom-client registry), `/healthz`, `/livez` and `/readyz`
 * (200 "ok" while the component's check passes, 500 with the reason otherwise).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { listenOrExplain } from './listen.js';

/** Options of the component endpoint. */
export interface ComponentServerOptions {
  /** Port (0: a free one). */
  port: number;
  /** Address to listen on (loopback by default). */
  bindAddress?: string;
  metrics: Registry;
  /** Returns an error text when unhealthy, undefined when healthy. */
  check?: () => string | undefined;
  /** Who serves it and the flag of its port, for a listen failure's message. */
  what?: string;
  portFlag?: string;
}

/** A running component endpoint. */
export interface ComponentServer {
  /** `http://host:port` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the endpoint; resolves once it listens. */
export async function startComponentServer(opts: ComponentServerOptions): Promise<ComponentServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      opts.metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': opts.metrics.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      const problem = opts.check?.();
      if (problem) res.writeHead(500, { 'content-type': 'text/plain' }).end(`${problem}\n`);
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  await listenOrExplain(
    server,
    opts.port,
    opts.bindAddress ?? '127.0.0.1',
    opts.what ?? 'the metrics endpoint',
    opts.portFlag ?? '--secure-port',
  );
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
