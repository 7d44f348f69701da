/**
 * The kubelet's HTTPS server (upstream's port 10250): `/healthz`, `/pods`, `/containerLogs`,
 * `/exec`, `/attach`, `/portForward` (proxied to the runtime's streaming server), `/stats/summary`
 * and `/metrics`. Every request needs a client certificate signed by the client CA (else 401
 * Unauthorized, as upstream's kubelet with anonymous access off).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import { listenOrExplain } from '../../component/listen.js';
import { CriError, GrpcCode } from '../cri/api.js';
import { LogQueryError, parseLogQuery } from '../logs/log_options.js';
import { readContainerLog } from '../logs/log_reader.js';
import type { KubeletServerHost } from './host.js';
import { HostError } from './host.js';
import type { KubeletRoute } from './routes.js';
import { BadStreamQuery, parseCommand, parseKubeletPath, parsePorts, parseStreamOptions } from './routes.js';
import { SummaryProvider } from './stats_summary.js';
import { proxyUpgrade } from './upgrade_proxy.js';

/** Options of the kubelet server. */
export interface KubeletServerOptions {
  host: KubeletServerHost;
  /** Port (upstream 10250; 0 picks a free one). */
  port: number;
  /** Address to listen on (default all interfaces). */
  address?: string;
  /** The serving certificate and key (PEM). */
  certPem: string;
  keyPem: string;
  /** The CA that signs the clients' certificates (PEM). */
  clientCaPem: string;
  /** The kubelet's root directory (its filesystem is the node fs of /stats/summary). */
  rootDir: string;
  log: Logger;
  clock?: Clock;
  /** The registry `/metrics` serves (the kubelet's); the server adds its own metrics to it. */
  metrics?: Registry;
  /** How often a followed log looks for new lines (default 100 ms; tests go faster). */
  logPollMs?: number;
}

/** A running kubelet server. */
export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

type Answer = { code: number; text: string };

/** Starts the server; resolves once it listens. */
export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const handler = new KubeletHandler(opts);
  const server = https.createServer(
    {
      cert: opts.certPem,
      key: opts.keyPem,
      ca: [opts.clientCaPem],
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => handler.handle(req, res),
  );
  // Upgraded connections leave the HTTP server's bookkeeping: they are ended here on close.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    handler.upgrade(req, socket, head);
  });
  server.on('tlsClientError', (err) => opts.log.debug({ err: err.message }, 'kubelet server tls error'));
  await listenOrExplain(server, opts.port, opts.address ?? '0.0.0.0', 'the kubelet', '--kubelet-port');
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ port }, 'kubelet server listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        handler.abort();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of upgraded) s.destroy();
      }),
  };
}

/** The routing and handlers of the kubelet server (exported for tests). */
export class KubeletHandler {
  private readonly host: KubeletServerHost;
  private readonly clock: Clock;
  private readonly summary: SummaryProvider;
  private readonly ac = new AbortController();
  readonly metrics: Registry;
  private readonly requests: Counter;

  constructor(private readonly opts: KubeletServerOptions) {
    this.host = opts.host;
    this.clock = opts.clock ?? realClock;
    this.summary = new SummaryProvider(opts.host.runtime, opts.host.nodeName, { rootDir: opts.rootDir });
    this.metrics = opts.metrics ?? new Registry();
    collectDefaultMetrics({ register: this.metrics });
    this.requests = new Counter({
      name: 'kubelet_http_requests_total',
      help: 'Number of the http requests received since the server started',
      labelNames: ['method', 'path', 'server_type', 'long_running'],
      registers: [this.metrics],
    });
    const host = this.host;
    new Gauge({
      name: 'kubelet_running_pods',
      help: 'Number of pods that have a running pod sandbox',
      registers: [this.metrics],
      collect() {
        this.set(host.listPods().length);
      },
    });
  }

  /** Ends followed logs (the server is closing). */
  abort(): void {
    this.ac.abort();
  }

  /** Serves one ordinary request. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    void this.serve(req, res).catch((err: unknown) => {
      const a = answerFor(err);
      if (a.code >= 500)
        this.opts.log.warn({ err: (err as Error).message, url: req.url }, 'kubelet request failed');
      if (!res.headersSent)
        res.writeHead(a.code, { 'content-type': 'text/plain; charset=utf-8' }).end(a.text);
      else res.end();
    });
  }

  /** Serves one HTTP/1.1 Upgrade request (exec, attach, port-forward). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    void this.serveUpgrade(req, socket, head).catch((err: unknown) => {
      const a = answerFor(err);
      writeRaw(socket, a.code, a.text);
    });
  }

  /** Refuses a caller without a verified client certificate, then routes and counts the request. */
  private admit(req: IncomingMessage, longRunning: boolean) {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    if ((req.socket as TLSSocket).authorized !== true) throw new HostError(401, 'Unauthorized');
    const route = parseKubeletPath(url.pathname);
    this.requests.inc({
      method: req.method,
      path: metricPath(route),
      server_type: 'readwrite',
      long_running: String(longRunning),
    });
    return { url, route };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { url, route } = this.admit(req, false);
    if (!route) throw new HostError(404, '404 page not found');
    switch (route.kind) {
      case 'healthz':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
        return;
      case 'pods': {
        const body = JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: {},
          items: this.host.listPods(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      case 'metrics': {
        const text = await this.metrics.metrics();
        res.writeHead(200, { 'content-type': this.metrics.contentType }).end(text);
        return;
      }
      case 'summary': {
        const s = await this.summary.summary(this.host.listPods(), this.clock.now());
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(s));
        return;
      }
      case 'containerLogs':
        return this.containerLogs(route, url.searchParams, res);
      case 'exec':
      case 'attach':
      case 'portForward':
        // Streaming needs an upgrade: upstream's streaming handlers refuse a plain request.
        throw new HostError(400, 'Upgrade request required');
    }
  }

  private async containerLogs(
    route: Extract<KubeletRoute, { kind: 'containerLogs' }>,
    query: URLSearchParams,
    res: ServerResponse,
  ): Promise<void> {
    const opts = parseLogQuery(query, this.clock.now());
    const pod = this.host.findPod(route.namespace, route.pod);
    if (!pod) throw new HostError(404, `pod ${JSON.stringify(route.pod)} does not exist`);
    if (!hasContainer(pod, route.container))
      throw new HostError(
        404,
        `container ${JSON.stringify(route.container)} not found in pod ${JSON.stringify(route.pod)}`,
      );
    const src = await this.host.containerLog(pod, route.container, opts.previous);
    const ac = new AbortController();
    const stop = () => ac.abort();
    res.on('close', stop);
    this.ac.signal.addEventListener('abort', stop, { once: true });
    try {
      await fs.access(src.logPath);
    } catch (err) {
      throw new HostError(
        400,
        `failed to open log file ${JSON.stringify(src.logPath)}: ${(err as Error).message}`,
      );
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.flushHeaders();
    try {
      await readContainerLog(src.logPath, opts, res, {
        signal: ac.signal,
        clock: this.clock,
        pollMs: this.opts.logPollMs,
        isRunning: src.running ? () => this.isRunning(src.containerId) : async () => false,
      });
    } finally {
      this.ac.signal.removeEventListener('abort', stop);
    }
    res.end();
  }

  private async isRunning(containerId: string): Promise<boolean> {
    try {
      return (await this.host.runtime.containerStatus(containerId)).state === 'CONTAINER_RUNNING';
    } catch {
      return false;
    }
  }

  private async serveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { url, route } = this.admit(req, true);
    if (!route || (route.kind !== 'exec' && route.kind !== 'attach' && route.kind !== 'portForward'))
      throw new HostError(404, '404 page not found');
    const q = url.searchParams;
    let streamUrl: string;
    if (route.kind === 'portForward') {
      const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
      const ports = parsePorts(q, websocket);
      const pod = this.host.findPod(route.namespace, route.pod);
      if (!pod) throw new HostError(404, 'pod does not exist');
      if (route.uid && pod.metadata.uid !== route.uid) throw new HostError(404, 'pod not found');
      const sandbox = await this.host.sandboxId(pod);
      if (!sandbox) throw new HostError(404, `failed to find sandbox for pod ${JSON.stringify(route.pod)}`);
      streamUrl = await this.host.runtime.portForward({ podSandboxId: sandbox, port: ports });
    } else {
      const streams = parseStreamOptions(q);
      const pod = this.host.findPod(route.namespace, route.pod, route.uid);
      if (!pod) throw new HostError(404, 'pod does not exist');
      const id = await this.host.runningContainerId(pod, route.container);
      if (!id) throw new HostError(404, `container not found (${JSON.stringify(route.container)})`);
      streamUrl =
        route.kind === 'exec'
          ? await this.host.runtime.exec({ containerId: id, cmd: parseCommand(q), ...streams })
          : await this.host.runtime.attach({ containerId: id, ...streams });
    }
    await proxyUpgrade(req, socket, head, { url: new URL(streamUrl) });
  }
}

function hasContainer(pod: Pod, name: string): boolean {
  const spec = pod.spec;
  return [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some(
    (c) => c.name === name,
  );
}

/** The status and text for an error, as upstream's kubelet writes them. */
function answerFor(err: unknown): Answer {
  if (err instanceof HostError) return { code: err.code, text: err.message };
  if (err instanceof LogQueryError) return { code: err.code, text: err.message };
  if (err instanceof BadStreamQuery) return { code: 400, text: err.message };
  if (err instanceof CriError) {
    // upstream's streaming.WriteError: the gRPC code's HTTP status.
    const code =
      err.code === GrpcCode.NOT_FOUND
        ? 404
        : err.code === GrpcCode.UNAVAILABLE
          ? 503
          : err.code === 3
            ? 400
            : 500;
    return { code, text: err.message };
  }
  return { code: 500, text: err instanceof Error ? err.message : String(err) };
}

/** An HTTP/1.1 answer on a socket that was not upgraded. */
function writeRaw(socket: Duplex, code: number, text: string): void {
  if (!socket.writable) return void socket.destroy();
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[code] ??
    'Error';
  socket.end(
    `HTTP/1.1 ${code} ${code === 500 ? 'Internal Server Error' : reason}\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `Connection: close\r\n\r\n${text}`,
  );
}

function metricPath(route: KubeletRoute | undefined): string {
  if (!route) return 'other';
  return route.kind === 'summary' ? 'stats' : route.kind;
}
