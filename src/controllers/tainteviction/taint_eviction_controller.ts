/**
 * The taint eviction controller, as upstream's `taint-eviction-controller`: a pod on a node
 * with NoExecute taints it does not tolerate is deleted, at once or after its tolerationSeconds,
 * with the DisruptionTarget condition and the TaintManagerEviction event "Marking for deletion
 * Pod ns/name". This is how pods leave unreachable nodes so their controllers replace them.
 */
import { deepEqual, nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { referenceTo } from '../../client/event_recorder.js';
import type { Informer } from '../../client/informer.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { objectKey } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';
import { PODS_BY_NODE, withPodsByNode } from '../nodelifecycle/pods_by_node.js';
import { evictionDecision } from './tolerations.js';

/** Evicts one pod when its node's NoExecute taints say so. */
export class TaintEvictionReconciler implements Reconciler {
  /** When taints without timeAdded were first seen, per node. */
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly pods: Pick<ObjectCache<Pod>, 'get'>,
    private readonly nodes: Pick<ObjectCache<Node>, 'get'>,
    private readonly client: Pick<ResourceClient<Pod>, 'delete' | 'updateStatus'>,
    private readonly clock: Clock,
    private readonly recorder?: EventRecorder,
  ) {}

  async reconcile(req: Request): Promise<Result | void> {
    const pod = this.pods.get(`${req.namespace}/${req.name}`);
    if (!pod || !pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const node = this.nodes.get(pod.spec.nodeName);
    const taints = node?.spec?.taints ?? [];
    const now = this.clock.now();
    if (!taints.some((t) => t.effect === 'NoExecute')) {
      this.firstSeen.delete(pod.spec.nodeName);
      return;
    }
    if (!this.firstSeen.has(pod.spec.nodeName)) this.firstSeen.set(pod.spec.nodeName, now);
    const decision = evictionDecision(
      pod.spec.tolerations ?? [],
      taints,
      this.firstSeen.get(pod.spec.nodeName)!,
    );
    if (decision.kind === 'none') return;
    if (decision.kind === 'at' && decision.at > now) return { requeueAfterMs: decision.at - now };
    this.recorder?.event(
      referenceTo(pod, Resources.pods),
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${req.namespace}/${req.name}`,
    );
    try {
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: nowTimestamp(new Date(now)),
      });
      await this.client.updateStatus({ ...pod, status: { ...pod.status, conditions } });
      await this.client.delete(req.namespace, req.name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
  }
}

/** The `taint-eviction-controller` of the manager. */
export const taintEvictionController: ControllerDescriptor = {
  name: 'taint-eviction-controller',
  serviceAccount: 'node-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const nodes = ctx.informers.informer(Resources.nodes);
    const pods = withPodsByNode(ctx.informers.informer(Resources.pods));
    const reconciler = new TaintEvictionReconciler(
      pods.cache,
      nodes.cache,
      new ResourceClient(ctx.rest, Resources.pods),
      ctx.clock,
      ctx.recorder('taint-eviction-controller'),
    );
    const c = new Controller({
      name: 'taint-eviction-controller',
      reconciler,
      workers: 8,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(pods);
    // Only a change of a node's taints concerns its pods (not its heartbeats).
    const enqueuePods = (n: Node) => {
      for (const p of pods.cache.byIndex(PODS_BY_NODE, n.metadata.name!)) c.enqueue(objectKey(p));
    };
    nodes.addHandler({
      onAdd: enqueuePods,
      onUpdate: (a, b) => {
        if (!deepEqual(a.spec?.taints ?? [], b.spec?.taints ?? [])) enqueuePods(b);
      },
    });
    c.needs(nodes as unknown as Informer<never>);
    await c.run(signal);
  },
};
