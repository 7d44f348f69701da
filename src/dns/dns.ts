/**
 * The cluster DNS component (CoreDNS's place in a cluster): watches Services, EndpointSlices and
 * Namespaces through informers into a `ClusterIndex`, serves the cluster zone and forwards the
 * rest (with a cache) on UDP and TCP, serves `/metrics` and `/healthz` on the metrics port, and
 * keeps the `kube-system/kube-dns` Service and this instance's EndpointSlice in place.
 * `startDns` resolves once the caches are loaded and the listeners listen.
 */
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Namespace } from '../api/types/cluster.js';
import type { EndpointSlice, Service } from '../api/types/service.js';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import { InformerFactory } from '../client/informer_factory.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import type { ComponentServer } from '../component/component_server.js';
import { startComponentServer } from '../component/component_server.js';
import { ClusterIndex } from './cluster_index.js';
import type { DnsCacheOptions } from './dns_cache.js';
import { DnsCache } from './dns_cache.js';
import { DnsMetrics } from './dns_metrics.js';
import type { DnsServer } from './dns_server.js';
import { startDnsServer } from './dns_server.js';
import type { Upstream } from './forwarder.js';
import { Forwarder, upstreamText } from './forwarder.js';
import { DEFAULT_DNS_SERVICE_IP, KubeDnsRegistration } from './kube_dns_service.js';
import { QueryHandler } from './query_handler.js';
import { nodeUpstreams, readResolvConf, withoutSelf } from './resolv_conf.js';

/** Options of the DNS component. */
export interface DnsOptions {
  rest: RestClient;
  log: Logger;
  /** Stops everything when aborted (the slice is deregistered first). */
  signal: AbortSignal;
  /** Listen address (default `0.0.0.0`). */
  bindAddress?: string;
  /** DNS port, UDP and TCP (default 53; 0 picks a free one). */
  port?: number;
  /** The cluster domain (default `cluster.local`). */
  clusterDomain?: string;
  /** Upstream resolvers; default: the nameservers of `resolvConf`. */
  upstreams?: Upstream[];
  /**
   * Where the node's resolvers are read from (default `/etc/resolv.conf`, or systemd-resolved's
   * upstream list when that names only its stub).
   */
  resolvConf?: string;
  /** The kube-dns Service's ClusterIP (default 10.43.0.10). */
  serviceIp?: string;
  /** TTL of cluster records, seconds (default 5). */
  ttl?: number;
  cache?: DnsCacheOptions;
  /** Forward timeout per upstream, ms (default 2000). */
  forwardTimeoutMs?: number;
  /** `/metrics` port (default 9153; 0: a free one; -1: none). */
  metricsPort?: number;
  /** `/metrics` address (default: `bindAddress`). */
  metricsBindAddress?: string;
  /** Keep the kube-dns Service and this instance's slice (default true). */
  register?: boolean;
  /** The address put in the slice (default: `bindAddress` when specific, else the host's first non-internal IPv4). */
  advertiseAddress?: string;
  /** Names this instance's slice (default: `nodeName`, else the host name). */
  instanceName?: string;
  /** The node this instance runs on (the slice endpoint's nodeName). */
  nodeName?: string;
  clock?: Clock;
}

/** A running DNS component. */
export interface RunningDns {
  /** The address and port the DNS listeners are bound to. */
  address: string;
  port: number;
  /** `http://host:port` of /metrics, when served. */
  metricsUrl?: string;
  index: ClusterIndex;
  metrics: DnsMetrics;
  /** The upstreams in use. */
  upstreams: readonly Upstream[];
  /** Resolves once stopped (after `signal` aborted). */
  done: Promise<void>;
}

function firstHostAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** Starts the DNS component; see the file comment. */
export async function startDns(opts: DnsOptions): Promise<RunningDns> {
  const log = opts.log;
  const clock = opts.clock ?? realClock;
  const bindAddress = opts.bindAddress ?? '0.0.0.0';
  const serviceIp = opts.serviceIp ?? DEFAULT_DNS_SERVICE_IP;
  const zone = (opts.clusterDomain ?? 'cluster.local').toLowerCase().replace(/\.$/, '');
  const requestedPort = opts.port ?? 53;
  setMaxListeners(0, opts.signal);

  const index = new ClusterIndex(zone, () => clock.now());
  const factory = new InformerFactory(opts.rest, { log, clock });
  const services = factory.informer(Resources.services);
  const slices = factory.informer(Resources.endpointslices);
  const namespaces = factory.informer(Resources.namespaces);
  const ac = new AbortController();
  const stopInformers = () => ac.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', stopInformers, { once: true });

  let registration: KubeDnsRegistration | undefined;
  const touched = (o: Service | EndpointSlice) => {
    if (registration?.concerns(o)) registration.trigger();
  };
  services.addHandler({
    onAdd: (s) => (index.setService(s), touched(s)),
    onUpdate: (_, s) => (index.setService(s), touched(s)),
    onDelete: (s) => (index.deleteService(s), touched(s)),
  });
  slices.addHandler({
    onAdd: (s) => (index.setSlice(s), touched(s)),
    onUpdate: (_, s) => (index.setSlice(s), touched(s)),
    onDelete: (s) => (index.deleteSlice(s), touched(s)),
  });
  namespaces.addHandler({
    onAdd: (n: Namespace) => index.setNamespace(n.metadata.name!),
    onDelete: (n: Namespace) => index.deleteNamespace(n.metadata.name!),
  });
  factory.start(ac.signal);
  await factory.waitForSync(opts.signal);

  const upstreamsAll =
    opts.upstreams ?? (opts.resolvConf ? readResolvConf(opts.resolvConf) : nodeUpstreams());
  // Never forward to ourselves (the Service address, or this listener).
  const upstreams = withoutSelf(upstreamsAll, {
    bindAddress,
    port: requestedPort,
    serviceIp,
    localAddresses: Object.values(os.networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address)),
  });
  for (const u of upstreamsAll)
    if (!upstreams.includes(u))
      log.warn({ upstream: upstreamText(u) }, 'not forwarding to this DNS server itself');
  const metrics = new DnsMetrics(`dns://:${requestedPort}`);
  const cache = new DnsCache({ clock, ...opts.cache });
  metrics.setCacheCounts(() => cache.counts());
  const forwarder =
    upstreams.length > 0
      ? new Forwarder({
          upstreams,
          timeoutMs: opts.forwardTimeoutMs,
          log,
          onExchange: (u, rcode) => metrics.forwarded(upstreamText(u), rcode),
        })
      : undefined;
  if (!forwarder) log.warn('no upstream resolvers: names outside the cluster zone get SERVFAIL');
  const handler = new QueryHandler({
    index,
    zone: { ttl: opts.ttl ?? 5, nameserverIps: [serviceIp] },
    cache,
    forwarder,
    metrics,
    log,
  });

  let server: DnsServer | undefined;
  let component: ComponentServer | undefined;
  try {
    server = await startDnsServer({
      address: bindAddress,
      port: requestedPort,
      handler: (msg, transport, family) => handler.handle(msg, transport, family),
      log,
    });
    const mport = opts.metricsPort ?? 9153;
    if (mport >= 0)
      component = await startComponentServer({
        port: mport,
        bindAddress: opts.metricsBindAddress ?? bindAddress,
        metrics: metrics.registry,
        what: "the DNS server's /metrics and /healthz",
        portFlag: '--metrics-port',
        check: () => (services.hasSynced() && slices.hasSynced() ? undefined : 'informers have not synced'),
      });
  } catch (err) {
    await server?.close();
    forwarder?.close();
    stopInformers();
    throw err;
  }
  log.info(
    { address: bindAddress, port: server.port, zone, upstreams: upstreams.map(upstreamText) },
    'serving DNS',
  );

  let registered: Promise<void> = Promise.resolve();
  if (opts.register !== false) {
    const advertise =
      opts.advertiseAddress ??
      (bindAddress !== '0.0.0.0' && bindAddress !== '::' ? bindAddress : firstHostAddress());
    if (!advertise) log.warn('no address to advertise: not registering in kube-system/kube-dns');
    else {
      registration = new KubeDnsRegistration({
        rest: opts.rest,
        serviceIp,
        instanceName: opts.instanceName ?? opts.nodeName ?? os.hostname(),
        nodeName: opts.nodeName,
        address: advertise,
        dnsPort: server.port,
        metricsPort: component?.port ?? 0,
        log,
        clock,
      });
      registered = registration.run(opts.signal);
    }
  }

  const running = server;
  const done = new Promise<void>((resolve) => {
    const finish = async () => {
      await registered.catch(() => undefined);
      if (registration)
        await Promise.race([
          registration
            .deregister()
            .catch((err: unknown) => log.warn({ err }, 'could not remove the DNS slice')),
          new Promise((r) => setTimeout(r, 5000).unref()),
        ]);
      await running.close();
      await component?.close();
      forwarder?.close();
      resolve();
    };
    if (opts.signal.aborted) void finish();
    else opts.signal.addEventListener('abort', () => void finish(), { once: true });
  });

  return {
    address: bindAddress,
    port: server.port,
    metricsUrl: component?.url,
    index,
    metrics,
    upstreams,
    done,
  };
}
