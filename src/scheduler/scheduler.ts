/**
 * The scheduler component: `startScheduler` starts informers, builds a framework per profile,
 * runs the scheduling loop while it leads (Lease kube-system/kube-scheduler when leader
 * election is on), and serves /metrics and /healthz. It talks to the cluster only through the
 * API. Resolves once the informers have synced; stops when `signal` aborts.
 */
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import type { Lease } from '../api/types/cluster.js';
import type { Pod } from '../api/types/pod.js';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import { EventRecorder } from '../client/event_recorder.js';
import { InformerFactory } from '../client/informer_factory.js';
import { runLeaderElection } from '../client/leader_election.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import type { ComponentServer } from '../component/component_server.js';
import { startComponentServer } from '../component/component_server.js';
import { SchedulerCache } from './cache/scheduler_cache.js';
import type { SchedulerConfig } from './framework/config.js';
import { normalizeConfig } from './framework/config.js';
import type { ClusterEvent } from './framework/events.js';
import type { Framework } from './framework/framework.js';
import type { Handle } from './framework/handle.js';
import { buildFramework } from './framework/profile.js';
import type { Registry } from './framework/registry.js';
import { inTreeRegistry } from './framework/registry.js';
import { SUCCESS } from './framework/status.js';
import { moveOnChange, nodeHandler, podHandler } from './event_handlers.js';
import { informerLister } from './listers.js';
import { podPriority } from './cache/pod_info.js';
import { SchedulerMetrics } from './metrics.js';
import { Nominator } from './queue/nominator.js';
import { SchedulingQueue } from './queue/scheduling_queue.js';
import { SchedulerCore } from './scheduler_core.js';

/** Options of `startScheduler`. */
export interface SchedulerOptions {
  rest: RestClient;
  log: Logger;
  signal: AbortSignal;
  /** Normalised configuration (defaults when absent). */
  config?: SchedulerConfig;
  clock?: Clock;
  /** Overrides `config.leaderElection.leaderElect`. */
  leaderElection?: boolean;
  /** Port of /metrics and /healthz (0: a free port; absent: not served). */
  metricsPort?: number;
  bindAddress?: string;
  /** This instance's identity in leader election (default hostname_uuid). */
  identity?: string;
  /** Plugin registry (default the in-tree plugins). */
  registry?: Registry;
}

/** A running scheduler. */
export interface RunningScheduler {
  identity: string;
  /** `http://host:port` of /metrics, when served. */
  metricsUrl?: string;
  metrics: SchedulerMetrics;
  /** Whether this instance is scheduling now. */
  isLeader(): boolean;
  /** The scheduling queue (for inspection). */
  queue: SchedulingQueue;
  /** Resolves when stopped (after `signal` aborted). */
  done: Promise<void>;
}

/** Starts the scheduler. */
export async function startScheduler(opts: SchedulerOptions): Promise<RunningScheduler> {
  const config = opts.config ?? normalizeConfig({});
  const clock = opts.clock ?? realClock;
  const log = opts.log;
  const identity = opts.identity ?? `${os.hostname()}_${randomUUID()}`;
  // Every informer and the loop listen on the signal.
  setMaxListeners(64, opts.signal);
  const factory = new InformerFactory(opts.rest, { log, clock });
  const inf = {
    pods: factory.informer(Resources.pods),
    nodes: factory.informer(Resources.nodes),
    namespaces: factory.informer(Resources.namespaces),
    pvcs: factory.informer(Resources.persistentvolumeclaims),
    pvs: factory.informer(Resources.persistentvolumes),
    storageClasses: factory.informer(Resources.storageclasses),
    services: factory.informer(Resources.services),
    rcs: factory.informer(Resources.replicationcontrollers),
    rss: factory.informer(Resources.replicasets),
    sss: factory.informer(Resources.statefulsets),
    pdbs: factory.informer(Resources.poddisruptionbudgets),
  };
  const listers = {
    namespaces: informerLister(inf.namespaces),
    persistentVolumeClaims: informerLister(inf.pvcs),
    persistentVolumes: informerLister(inf.pvs),
    storageClasses: informerLister(inf.storageClasses),
    services: informerLister(inf.services as never) as ReturnType<typeof informerLister<KubeObject>>,
    replicationControllers: informerLister(inf.rcs as never) as ReturnType<typeof informerLister<KubeObject>>,
    replicaSets: informerLister(inf.rss as never) as ReturnType<typeof informerLister<KubeObject>>,
    statefulSets: informerLister(inf.sss),
    podDisruptionBudgets: informerLister(inf.pdbs),
    pods: informerLister(inf.pods),
  };
  const pods = new ResourceClient<Pod>(opts.rest, Resources.pods);
  const clients = {
    pods,
    persistentVolumeClaims: new ResourceClient<KubeObject>(opts.rest, Resources.persistentvolumeclaims),
    persistentVolumes: new ResourceClient<KubeObject>(opts.rest, Resources.persistentvolumes),
  };
  const recorder = new EventRecorder(
    new ResourceClient(opts.rest, Resources.events),
    { component: config.profiles[0]!.schedulerName },
    { clock, log },
  );
  const cache = new SchedulerCache();
  const nominator = new Nominator();
  const core: { c?: SchedulerCore } = {};
  const frameworks = new Map<string, Framework>();
  for (const profile of config.profiles) {
    const handle: Handle = {
      snapshot: () => core.c!.snapshot,
      clients,
      listers,
      nominator,
      podPriority,
      recorder,
      log: log.child({ profile: profile.schedulerName }),
      clock,
    };
    frameworks.set(
      profile.schedulerName,
      buildFramework(profile, opts.registry ?? inTreeRegistry(), handle, config.percentageOfNodesToScore),
    );
  }
  const first = frameworks.values().next().value as Framework;
  const noEvents: readonly ClusterEvent[] = [];
  const queue = new SchedulingQueue({
    less: (a, b) => first.plugins.queueSort.less(a, b),
    clock,
    priority: podPriority,
    initialBackoffMs: config.podInitialBackoffSeconds * 1000,
    maxBackoffMs: config.podMaxBackoffSeconds * 1000,
    profiles: {
      preEnqueue: (pod) =>
        frameworks.get(pod.spec?.schedulerName ?? '')?.runPreEnqueuePlugins(pod) ?? SUCCESS,
      eventsOf: (pod, plugin) =>
        frameworks.get(pod.spec?.schedulerName ?? '')?.plugins.events.get(plugin) ?? noEvents,
    },
  });
  const metrics = new SchedulerMetrics();
  metrics.setQueueSizes(() => queue.sizes());
  core.c = new SchedulerCore({
    cache,
    queue,
    nominator,
    frameworks,
    pods,
    recorder,
    metrics,
    clock,
    log,
    percentageOfNodesToScore: config.percentageOfNodesToScore,
  });

  inf.pods.addHandler(
    podHandler(cache, queue, nominator, (p) => frameworks.has(p.spec?.schedulerName ?? '')),
  );
  inf.nodes.addHandler(nodeHandler(cache, queue));
  inf.pvcs.addHandler(moveOnChange(queue, 'PersistentVolumeClaim'));
  inf.pvs.addHandler(moveOnChange(queue, 'PersistentVolume'));
  inf.storageClasses.addHandler(moveOnChange(queue, 'StorageClass'));

  const signal = opts.signal;
  factory.start(signal);
  await factory.waitForSync(signal);
  queue.run();
  signal.addEventListener('abort', () => queue.close(), { once: true });

  let leading = false;
  const runLoop = (s: AbortSignal): Promise<void> => {
    leading = true;
    return core.c!.run(s).finally(() => {
      leading = false;
    });
  };

  let server: ComponentServer | undefined;
  if (opts.metricsPort !== undefined) {
    server = await startComponentServer({
      port: opts.metricsPort,
      bindAddress: opts.bindAddress,
      metrics: metrics.registry,
      what: "the scheduler's /metrics and /healthz",
      portFlag: '--secure-port',
    });
  }

  const elect = opts.leaderElection ?? config.leaderElection.leaderElect;
  let done: Promise<void>;
  if (elect) {
    const le = config.leaderElection;
    done = runLeaderElection(
      {
        leases: new ResourceClient<Lease>(opts.rest, Resources.leases),
        namespace: le.resourceNamespace,
        name: le.resourceName,
        identity,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        releaseOnCancel: true,
        onStartedLeading: (s) => void runLoop(s),
        log,
        clock,
      },
      signal,
    );
  } else {
    done = runLoop(signal);
  }
  log.info({ identity, profiles: [...frameworks.keys()], leaderElection: elect }, 'scheduler started');
  return {
    identity,
    metricsUrl: server?.url,
    metrics,
    queue,
    isLeader: () => leading,
    done: done.finally(async () => {
      await core.c!.whenIdle();
      await server?.close();
    }),
  };
}
