/**
 * The `garbagecollector` controller of the manager: it watches every resource discovery lists
 * as listable, watchable and deletable (custom resources included; re-discovered every 30 s,
 * stopping the watches of resources that went away, and at once when a
 * CustomResourceDefinition changes), feeds every change into the owner graph,
 * and runs the attempt-to-delete and attempt-to-orphan workers (20 each, as upstream's
 * --concurrent-gc-syncs) once the initial lists are loaded.
 */
import type { KubeObject } from '../../api/object.js';
import { sleep } from '../../client/clock.js';
import { Informer } from '../../client/informer.js';
import { ResourceClient } from '../../client/resource_client.js';
import type { ResourceType } from '../../client/resource_type.js';
import { Resources, apiVersionOf } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { Collector } from './garbage_collector.js';
import type { Identity } from './owner_graph.js';
import { OwnerGraph } from './owner_graph.js';
import type { DiscoveredResources } from './resource_discovery.js';
import { discoverResources, kindKey } from './resource_discovery.js';

/** upstream's --concurrent-gc-syncs. */
const WORKERS = 20;
/** How often discovery is read again. */
const RESYNC_MS = 30_000;

interface Monitor {
  informer: Informer<KubeObject>;
  /** Stops a monitor of our own (undefined for a shared informer). */
  stop?: AbortController;
}

const gvrKey = (t: ResourceType) => `${t.group}/${t.version}/${t.resource}`;

/** The garbage collector: graph, monitors and workers. */
export class GarbageCollector {
  readonly graph: OwnerGraph;
  private readonly collector: Collector;
  private readonly deleter: Controller;
  private readonly orphaner: Controller;
  private readonly monitors = new Map<string, Monitor>();
  private resources: DiscoveredResources = { monitored: [], byKind: new Map() };

  constructor(private readonly ctx: ControllerContext) {
    const metrics = ctx.metrics;
    const reconcilerOf = (fn: (uid: string) => Promise<void>): Reconciler => ({
      reconcile: (req: Request) => fn(req.name),
    });
    this.deleter = new Controller({
      name: 'garbagecollector',
      reconciler: reconcilerOf((uid) => this.collector.attemptToDelete(uid)),
      workers: WORKERS,
      log: ctx.log,
      clock: ctx.clock,
      metrics,
    });
    this.orphaner = new Controller({
      name: 'garbagecollector-orphan',
      reconciler: reconcilerOf((uid) => this.collector.attemptToOrphan(uid)),
      workers: WORKERS,
      log: ctx.log,
      clock: ctx.clock,
      metrics,
    });
    this.graph = new OwnerGraph({
      attemptToDelete: (n) => this.deleter.enqueue(n.identity.uid),
      attemptToOrphan: (n) => this.orphaner.enqueue(n.identity.uid),
    });
    this.collector = new Collector({
      rest: ctx.rest,
      graph: this.graph,
      resourceFor: (apiVersion, kind) => this.resources.byKind.get(kindKey(apiVersion, kind)),
      enqueueDelete: (n) => this.deleter.enqueue(n.identity.uid),
      recorder: ctx.recorder('garbage-collector-controller'),
    });
  }

  /** Reads discovery and starts or stops monitors to match it. */
  async syncMonitors(signal: AbortSignal): Promise<void> {
    const found = await discoverResources(this.ctx.rest, signal);
    this.resources = found;
    const wanted = new Set(found.monitored.map(gvrKey));
    for (const type of found.monitored) if (!this.monitors.has(gvrKey(type))) this.startMonitor(type, signal);
    for (const [key, m] of this.monitors) {
      if (wanted.has(key) || !m.stop) continue;
      m.stop.abort();
      this.monitors.delete(key);
    }
  }

  private startMonitor(type: ResourceType, signal: AbortSignal): void {
    const shared = Object.values(Resources).find((r) => gvrKey(r) === gvrKey(type));
    let monitor: Monitor;
    if (shared) monitor = { informer: this.ctx.informers.informer(shared as ResourceType) };
    else {
      const stop = new AbortController();
      signal.addEventListener('abort', () => stop.abort(), { once: true });
      const informer = new Informer(new ResourceClient(this.ctx.rest, type), {
        log: this.ctx.log,
        clock: this.ctx.clock,
      });
      informer.start(stop.signal);
      monitor = { informer, stop };
    }
    const apiVersion = apiVersionOf(type);
    const identity = (o: KubeObject): Identity => ({
      apiVersion,
      kind: type.kind,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name ?? '',
      uid: o.metadata.uid ?? '',
    });
    monitor.informer.addHandler({
      onAdd: (o) => this.graph.observe(identity(o), o),
      onUpdate: (old, o) => this.graph.observe(identity(o), o, old),
      onDelete: (o) => this.graph.remove(o.metadata.uid ?? ''),
    });
    this.monitors.set(gvrKey(type), monitor);
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      try {
        await this.syncMonitors(signal);
        break;
      } catch (err) {
        if (signal.aborted) return;
        this.ctx.log.warn({ err }, 'garbage collector discovery failed; retrying');
        await sleep(5000, signal, this.ctx.clock).catch(() => undefined);
      }
    }
    try {
      await Promise.all([...this.monitors.values()].map((m) => m.informer.waitForSync(signal)));
    } catch {
      return;
    }
    void this.resyncLoop(signal);
    this.ctx.informers.informer(Resources.customresourcedefinitions).addHandler({
      onAdd: () => this.resyncSoon(signal),
      onUpdate: () => this.resyncSoon(signal),
      onDelete: () => this.resyncSoon(signal),
    });
    await Promise.all([this.deleter.run(signal), this.orphaner.run(signal)]);
  }

  private pendingResync = false;

  /** Reads discovery again shortly (a CRD changed: its resource may have appeared or gone). */
  private resyncSoon(signal: AbortSignal): void {
    if (this.pendingResync) return;
    this.pendingResync = true;
    this.ctx.clock.setTimer(() => {
      this.pendingResync = false;
      if (signal.aborted) return;
      this.syncMonitors(signal).catch((err: unknown) => {
        if (!signal.aborted) this.ctx.log.warn({ err }, 'garbage collector rediscovery failed');
      });
    }, 200);
  }

  private async resyncLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await sleep(RESYNC_MS, signal, this.ctx.clock);
        await this.syncMonitors(signal);
      } catch (err) {
        if (!signal.aborted) this.ctx.log.warn({ err }, 'garbage collector rediscovery failed');
      }
    }
  }
}

/** The `garbagecollector` controller. */
export const garbageCollectorController: ControllerDescriptor = {
  name: 'garbagecollector',
  serviceAccount: 'generic-garbage-collector',
  run: (ctx, signal) => new GarbageCollector(ctx).run(signal),
};
