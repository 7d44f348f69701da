/**
 * The pod garbage collector (`podgc`), as upstream's: every period it force-deletes (grace 0)
 * the pods `pod_gc.ts` selects. A pod bound to a node missing from the cache is deleted only
 * once the node has stayed missing for the quarantine time and a GET confirms it is gone; pods
 * not yet terminal are first marked Failed with the DisruptionTarget condition.
 */
import { nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Node } from '../../api/types/node.js';
import type { Pod, PodCondition } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Result } from '../../controller/reconciler.js';
import { PODS_BY_NODE, withPodsByNode } from '../nodelifecycle/pods_by_node.js';
import {
  isPodTerminated,
  missingNodes,
  outOfServiceTerminatingPods,
  terminatedPodsToDelete,
  unscheduledTerminatingPods,
} from './pod_gc.js';

/** Upstream's `gcCheckPeriod`. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** Upstream's `quarantineTime` for nodes missing from the cache. */
export const QUARANTINE_MS = 40_000;
/** The single key the collector's work runs under. */
export const PODGC_KEY = 'podgc';

/** Options of the collector. */
export interface PodGCOptions {
  threshold: number;
  periodMs: number;
  quarantineMs: number;
  clock: Clock;
}

/** One collection pass per reconcile, re-run every period. */
export class PodGCReconciler implements Reconciler {
  /** Nodes missing from the cache, with when they were first found missing. */
  private readonly quarantine = new Map<string, number>();

  constructor(
    private readonly pods: Pick<ObjectCache<Pod>, 'list' | 'byIndex'>,
    private readonly nodes: Pick<ObjectCache<Node>, 'get' | 'has'>,
    private readonly podClient: Pick<ResourceClient<Pod>, 'delete' | 'patch'>,
    private readonly nodeClient: Pick<ResourceClient<Node>, 'get'>,
    private readonly opts: PodGCOptions,
  ) {}

  async reconcile(_req: unknown, signal?: AbortSignal): Promise<Result> {
    const pods = this.pods.list();
    const now = this.opts.clock.now();
    const work: Promise<void>[] = [];
    for (const p of terminatedPodsToDelete(pods, this.opts.threshold)) work.push(this.forceDelete(p));
    for (const p of unscheduledTerminatingPods(pods)) work.push(this.forceDelete(p));
    for (const p of outOfServiceTerminatingPods(pods, (n) => this.nodes.get(n)))
      work.push(this.failAndDelete(p, 'PodGC: node is out-of-service', now));

    const missing = missingNodes(pods, (n) => this.nodes.has(n));
    for (const n of this.quarantine.keys()) if (!missing.has(n)) this.quarantine.delete(n);
    for (const n of missing) {
      const since = this.quarantine.get(n);
      if (since === undefined) {
        this.quarantine.set(n, now);
        continue;
      }
      if (now - since < this.opts.quarantineMs) continue;
      work.push(this.collectOrphans(n, now, signal));
    }
    const results = await Promise.allSettled(work);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const waiting = [...this.quarantine.values()].map((since) => since + this.opts.quarantineMs - now);
    return { requeueAfterMs: Math.max(1, Math.min(this.opts.periodMs, ...waiting.filter((w) => w > 0))) };
  }

  /** Deletes the pods of node `name` once a GET confirms the node is gone. */
  private async collectOrphans(name: string, now: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.nodeClient.get('', name, signal);
      this.quarantine.delete(name); // it exists after all
      return;
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    this.quarantine.delete(name);
    await Promise.all(
      this.pods
        .byIndex(PODS_BY_NODE, name)
        .map((p) => this.failAndDelete(p, 'PodGC: node no longer exists', now)),
    );
  }

  /** Marks a running pod Failed with DisruptionTarget (`markFailedAndDeletePodWithCondition`), then force-deletes it. */
  private async failAndDelete(p: Pod, message: string, now: number): Promise<void> {
    if (!isPodTerminated(p)) {
      const cond: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message,
        lastTransitionTime: nowTimestamp(new Date(now)),
      };
      const conditions = [...(p.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), cond];
      try {
        // A patch, as upstream's apply of the status: its role may patch pods/status, not update it.
        await this.podClient.patch(
          p.metadata.namespace!,
          p.metadata.name!,
          'merge',
          { status: { phase: 'Failed', conditions } },
          { subresource: 'status' },
        );
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return;
        throw err;
      }
    }
    await this.forceDelete(p);
  }

  private async forceDelete(p: Pod): Promise<void> {
    try {
      await this.podClient.delete(p.metadata.namespace!, p.metadata.name!, { gracePeriodSeconds: 0 });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }
}

/** The `podgc` controller with `opts` overriding upstream's period and quarantine (for tests). */
export function podGCController(
  opts: { periodMs?: number; quarantineMs?: number } = {},
): ControllerDescriptor {
  return {
    name: 'podgc',
    serviceAccount: 'pod-garbage-collector',
    async run(ctx: ControllerContext, signal: AbortSignal) {
      const pods = withPodsByNode(ctx.informers.informer(Resources.pods));
      const nodes = ctx.informers.informer(Resources.nodes);
      const reconciler = new PodGCReconciler(
        pods.cache,
        nodes.cache,
        new ResourceClient(ctx.rest, Resources.pods),
        new ResourceClient(ctx.rest, Resources.nodes),
        {
          threshold: ctx.settings.terminatedPodGCThreshold,
          periodMs: opts.periodMs ?? GC_CHECK_PERIOD_MS,
          quarantineMs: opts.quarantineMs ?? QUARANTINE_MS,
          clock: ctx.clock,
        },
      );
      const c = new Controller({
        name: 'podgc',
        reconciler,
        log: ctx.log,
        clock: ctx.clock,
        metrics: ctx.metrics,
      });
      c.needs(pods as unknown as Informer<never>);
      c.needs(nodes as unknown as Informer<never>);
      c.enqueue(PODGC_KEY);
      await c.run(signal);
    },
  };
}

/** The `podgc` controller of the manager. */
export const podGCControllerDescriptor: ControllerDescriptor = podGCController();
