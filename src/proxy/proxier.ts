/**
 * kube-proxy in iptables mode, the component: informers on Services and EndpointSlices (and on
 * Nodes, for this node's addresses when none are given, and for the service load balancer), a
 * `SyncRunner` that coalesces changes (at most one sync per `minSyncMs`, a resync every
 * `syncPeriodMs`), and per sync: the service ports from the caches (odd objects logged and
 * skipped), the rules computed, applied through the backend only when they differ from the last
 * applied ones — partially (the chains that changed), or fully once per `fullSyncPeriodMs` —
 * then stale UDP conntrack flows deleted. Metrics and
 * `/healthz` on the metrics port. Stopping (the signal) leaves the rules in place, as upstream.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { Node } from '../api/types/node.js';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import { InformerFactory } from '../client/informer_factory.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import type { ComponentServer } from '../component/component_server.js';
import { startComponentServer } from '../component/component_server.js';
import { Conntrack, staleUdpFlows } from './conntrack_cleanup.js';
import type { ProxyBackend } from './iptables_backend.js';
import { IptablesBackend } from './iptables_backend.js';
import type { ProxyRules } from './iptables_rules.js';
import { computeRules, renderRestore, ruleCounts } from './iptables_rules.js';
import { ProxyMetrics } from './proxy_metrics.js';
import { ServiceLB, nodeInternalIPs } from './service_lb.js';
import type { ServicePortInfo } from './service_ports.js';
import { servicePorts } from './service_ports.js';
import { SyncRunner } from './sync_runner.js';

/** Options of the proxy. */
export interface ProxyOptions {
  rest: RestClient;
  log: Logger;
  /** Stops the proxy when aborted (the rules stay). */
  signal: AbortSignal;
  /** This node's name (which endpoints are local). */
  nodeName: string;
  /** This node's addresses; empty or absent: its Node's InternalIPs. */
  nodeIPs?: string[];
  /** The pods' network (traffic from outside it to a ClusterIP is masqueraded). */
  clusterCidr?: string;
  /** Where rules go (default: the machine's iptables). */
  backend?: ProxyBackend;
  /** Deletes stale UDP flows (default: the conntrack tool; null: none). */
  conntrack?: Pick<Conntrack, 'deleteAll'> | null;
  /** Minimum time between syncs, ms (default 1000, upstream's minSyncPeriod). */
  minSyncMs?: number;
  /** Resync period, ms (default 30000, upstream's syncPeriod). */
  syncPeriodMs?: number;
  /**
   * Full sync period, ms (default one hour, upstream's FullSyncPeriod): everything rewritten and
   * read back; the syncs between write only the chains that changed.
   */
  fullSyncPeriodMs?: number;
  /** `/metrics` and `/healthz` port (default 10249; 0: a free one; -1: none). */
  metricsPort?: number;
  /** `/metrics` address (default 127.0.0.1). */
  metricsBindAddress?: string;
  /** Run the built-in service load balancer (default true). */
  serviceLoadBalancer?: boolean;
  clock?: Clock;
}

/** A running proxy. */
export interface RunningProxy {
  /** Resolves once stopped (after the signal aborted and the sync in progress finished). */
  done: Promise<void>;
  /** Completed syncs (applied or found unchanged). */
  syncs(): number;
  /** Syncs that wrote rules. */
  applies(): number;
  /** The rules last applied. */
  lastRules(): ProxyRules | undefined;
  /** Resolves after the next sync that completes from now on (requesting one). */
  synced(): Promise<void>;
  metrics: ProxyMetrics;
  /** `http://host:port` of /metrics and /healthz, when served. */
  metricsUrl?: string;
}

/** Starts the proxy; resolves once its caches are loaded (the first sync is under way). */
export async function startProxy(opts: ProxyOptions): Promise<RunningProxy> {
  const { log } = opts;
  const clock = opts.clock ?? realClock;
  const backend = opts.backend ?? new IptablesBackend();
  const conntrack = opts.conntrack === undefined ? new Conntrack({ log }) : opts.conntrack;
  const metrics = new ProxyMetrics();
  setMaxListeners(0, opts.signal);

  const factory = new InformerFactory(opts.rest, { log, clock });
  const services = factory.informer(Resources.services);
  const slices = factory.informer(Resources.endpointslices);
  const givenIPs = (opts.nodeIPs ?? []).filter((ip) => ip);
  const ownNode =
    givenIPs.length === 0
      ? factory.informer(Resources.nodes, { fieldSelector: `metadata.name=${opts.nodeName}` })
      : undefined;
  const lb = opts.serviceLoadBalancer !== false;
  const nodes = lb ? factory.informer<Node>(Resources.nodes) : undefined;

  let syncCount = 0;
  let applyCount = 0;
  let lastText: string | undefined;
  let lastRules: ProxyRules | undefined;
  let lastPorts: ServicePortInfo[] = [];
  let lastError: string | undefined;
  let lastSkipped = new Set<string>();
  let lastFull = -Infinity;
  const fullSyncPeriodMs = opts.fullSyncPeriodMs ?? 3_600_000;
  const waiters: (() => void)[] = [];

  const sync = async (periodic: boolean) => {
    const started = clock.now();
    const { ports, skipped } = servicePorts(services.cache.list(), slices.cache.list());
    const skippedNow = new Set(skipped.map((s) => `${s.object}: ${s.reason}`));
    for (const s of skipped)
      if (!lastSkipped.has(`${s.object}: ${s.reason}`))
        log.warn({ object: s.object, reason: s.reason }, 'skipping');
    lastSkipped = skippedNow;
    const nodeIPs = givenIPs.length > 0 ? givenIPs : nodeInternalIPs(ownNode!.cache.list());
    const rules = computeRules(ports, { nodeName: opts.nodeName, nodeIPs, clusterCidr: opts.clusterCidr });
    const text = renderRestore(rules);
    // A periodic sync also checks that nobody flushed the rules (upstream's canary).
    let full = clock.now() - lastFull >= fullSyncPeriodMs;
    if (!full && periodic && backend.intact && !(await backend.intact())) {
      log.warn('kube-proxy rules were flushed from outside; doing a full sync');
      full = true;
    }
    if (text === lastText && !full) {
      metrics.unchanged.inc();
    } else {
      try {
        await backend.apply(rules, { full });
      } catch (err) {
        metrics.restoreFailures.inc();
        lastError = (err as Error).message;
        throw err;
      }
      lastError = undefined;
      if (full) lastFull = started;
      applyCount++;
      lastText = text;
      lastRules = rules;
      const counts = ruleCounts(rules);
      metrics.rulesTotal.set({ table: 'filter' }, counts.filter);
      metrics.rulesTotal.set({ table: 'nat' }, counts.nat);
      log.debug({ services: ports.length, ...counts, ms: clock.now() - started }, 'rules applied');
      if (conntrack) await conntrack.deleteAll(staleUdpFlows(lastPorts, ports, opts.nodeName));
    }
    lastPorts = ports;
    syncCount++;
    metrics.syncDuration.observe((clock.now() - started) / 1000);
    metrics.lastSync.set(clock.now() / 1000);
    for (const w of waiters.splice(0)) w();
  };

  const runner = new SyncRunner(sync, {
    minIntervalMs: opts.minSyncMs ?? 1000,
    maxIntervalMs: opts.syncPeriodMs ?? 30_000,
    // A failed apply (iptables busy, a bad rule) is retried after a second at the soonest.
    retryMs: Math.max(opts.minSyncMs ?? 1000, 1000),
    clock,
    log,
  });
  const changed = {
    onAdd: () => runner.request(),
    onUpdate: () => runner.request(),
    onDelete: () => runner.request(),
  };
  services.addHandler(changed);
  slices.addHandler(changed);
  ownNode?.addHandler(changed);

  const ac = new AbortController();
  const stopAll = () => ac.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', stopAll, { once: true });
  factory.start(ac.signal);
  try {
    await factory.waitForSync(opts.signal);
  } catch (err) {
    stopAll();
    throw err;
  }
  if (nodes) new ServiceLB({ rest: opts.rest, log, services, nodes, signal: ac.signal });

  let component: ComponentServer | undefined;
  const mport = opts.metricsPort ?? 10249;
  if (mport >= 0) {
    try {
      component = await startComponentServer({
        port: mport,
        bindAddress: opts.metricsBindAddress ?? '127.0.0.1',
        metrics: metrics.registry,
        what: "kube-proxy's /metrics and /healthz",
        portFlag: '--metrics-port',
        check: () =>
          syncCount === 0
            ? 'rules have not been synced yet'
            : lastError
              ? `last sync failed: ${lastError}`
              : undefined,
      });
    } catch (err) {
      stopAll();
      throw err;
    }
  }
  runner.start(ac.signal);
  log.info(
    { node: opts.nodeName, clusterCidr: opts.clusterCidr, metrics: component?.url },
    'kube-proxy started',
  );

  const done = new Promise<void>((resolve) => {
    const finish = async () => {
      await runner.idle();
      await component?.close();
      for (const w of waiters.splice(0)) w();
      resolve();
    };
    if (ac.signal.aborted) void finish();
    else ac.signal.addEventListener('abort', () => void finish(), { once: true });
  });

  return {
    done,
    syncs: () => syncCount,
    applies: () => applyCount,
    lastRules: () => lastRules,
    synced: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        runner.request();
      }),
    metrics,
    metricsUrl: component?.url,
  };
}
