/**
 * The node lifecycle controller, as upstream's: it watches each node's heartbeats (the Ready
 * condition's lastHeartbeatTime and the node's Lease in kube-node-lease); a node silent longer
 * than `nodeMonitorGracePeriodMs` gets its conditions set to Unknown. The node's taints follow
 * its conditions (NoExecute not-ready/unreachable, NoSchedule by condition and unschedulable),
 * and pods on a node that is not Ready are marked not Ready (`MarkPodsNotReady`).
 */
import { nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Lease } from '../../api/types/cluster.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { referenceTo } from '../../client/event_recorder.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';
import type { HealthRecord } from './node_health.js';
import { condition, desiredTaints, observe, unknownConditions } from './node_health.js';
import { PODS_BY_NODE, withPodsByNode } from './pods_by_node.js';

/** The namespace of node Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Options of the reconciler. */
export interface NodeLifecycleOptions {
  gracePeriodMs: number;
  monitorPeriodMs: number;
  clock: Clock;
  recorder?: EventRecorder;
}

/** Judges one node's health and keeps its conditions, taints and pods in line. */
export class NodeLifecycleReconciler implements Reconciler {
  private readonly health = new Map<string, HealthRecord>();

  constructor(
    private readonly nodes: Pick<ObjectCache<Node>, 'get'>,
    private readonly leases: Pick<ObjectCache<Lease>, 'get'>,
    private readonly pods: Pick<ObjectCache<Pod>, 'byIndex'>,
    private readonly nodeClient: Pick<ResourceClient<Node>, 'update' | 'updateStatus'>,
    private readonly podClient: Pick<ResourceClient<Pod>, 'updateStatus'>,
    private readonly opts: NodeLifecycleOptions,
  ) {}

  async reconcile(req: Request): Promise<Result | void> {
    let node = this.nodes.get(req.name);
    if (!node) {
      this.health.delete(req.name);
      return;
    }
    const now = this.opts.clock.now();
    const record = observe(
      this.health.get(req.name),
      node,
      this.leases.get(`${NODE_LEASE_NAMESPACE}/${req.name}`),
      now,
    );
    this.health.set(req.name, record);
    const silentFor = now - record.probeAt;
    try {
      if (silentFor >= this.opts.gracePeriodMs) {
        const conditions = unknownConditions(node, now);
        if (conditions)
          node = await this.nodeClient.updateStatus({ ...node, status: { ...node.status, conditions } });
      }
      const taints = desiredTaints(node, now);
      if (taints) node = await this.nodeClient.update({ ...node, spec: { ...node.spec, taints } });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err; // a conflict retries with the fresher cache
    }
    const ready = condition(node, 'Ready')?.status;
    if (ready !== undefined && ready !== 'True') {
      if (record.readyStatus === 'True')
        this.opts.recorder?.event(
          referenceTo(node, Resources.nodes),
          'Normal',
          'NodeNotReady',
          `Node ${req.name} status is now: NodeNotReady`,
        );
      await this.markPodsNotReady(req.name, now);
    }
    record.readyStatus = ready;
    if (silentFor < this.opts.gracePeriodMs)
      return { requeueAfterMs: Math.min(this.opts.gracePeriodMs - silentFor, this.opts.monitorPeriodMs) };
    return { requeueAfterMs: this.opts.monitorPeriodMs };
  }

  /** Sets the Ready condition of the node's pods to False (`MarkPodsNotReady`). */
  private async markPodsNotReady(nodeName: string, now: number): Promise<void> {
    const ts = nowTimestamp(new Date(now));
    const writes: Promise<unknown>[] = [];
    for (const pod of this.pods.byIndex(PODS_BY_NODE, nodeName)) {
      const conds = pod.status?.conditions ?? [];
      if (!conds.some((c) => c.type === 'Ready' && c.status !== 'False')) continue;
      const conditions = conds.map((c) =>
        c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: ts } : c,
      );
      writes.push(
        this.podClient
          .updateStatus({ ...pod, status: { ...pod.status, conditions } })
          .catch((err: unknown) => {
            if (!(err instanceof StatusError && err.code === 404)) throw err;
          }),
      );
    }
    await Promise.all(writes);
  }
}

/** The `nodelifecycle` controller of the manager. */
export const nodeLifecycleController: ControllerDescriptor = {
  name: 'nodelifecycle',
  serviceAccount: 'node-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const nodes = ctx.informers.informer(Resources.nodes);
    const leases = ctx.informers.informer(Resources.leases, { namespace: NODE_LEASE_NAMESPACE });
    const pods = withPodsByNode(ctx.informers.informer(Resources.pods));
    const reconciler = new NodeLifecycleReconciler(
      nodes.cache,
      leases.cache,
      pods.cache,
      new ResourceClient(ctx.rest, Resources.nodes),
      new ResourceClient(ctx.rest, Resources.pods),
      {
        gracePeriodMs: ctx.settings.nodeMonitorGracePeriodMs,
        monitorPeriodMs: ctx.settings.nodeMonitorPeriodMs,
        clock: ctx.clock,
        recorder: ctx.recorder('node-controller'),
      },
    );
    const c = new Controller({
      name: 'nodelifecycle',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(nodes);
    c.watch(leases, (l) => [l.metadata.name!]);
    // A pod turning Ready on a node that is not gets marked again.
    c.watch(pods, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    await c.run(signal);
  },
};
