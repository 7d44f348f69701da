/**
 * The `deployment` controller of the manager: Deployments, their ReplicaSets (routed to the
 * Deployment named by the controller reference; an orphan wakes every Deployment of its
 * namespace whose selector matches) and pod deletions (a Recreate rollout waits for them).
 */
import { labelSelectorAsSelector } from '../../api/label_selector.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import type { Informer } from '../../client/informer.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import { controllerRefOf, ensureControllerIndex } from '../replicaset/controller_ref.js';
import { labelsEqual } from '../replicaset/labels_equal.js';
import { DeploymentReconciler } from './deployment_reconciler.js';

/** upstream's `--concurrent-deployment-syncs` default. */
const WORKERS = 5;

function route(
  deployments: Informer<Deployment>,
  rss: Informer<ReplicaSet>,
  pods: Informer<Pod>,
  c: Controller,
): void {
  const ownerKey = (rs: ReplicaSet): string | undefined => {
    const ref = controllerRefOf(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const key = `${rs.metadata.namespace}/${ref.name}`;
    return deployments.cache.get(key)?.metadata.uid === ref.uid ? key : undefined;
  };
  const wake = (rs: ReplicaSet) => {
    const key = ownerKey(rs);
    if (key) return c.enqueue(key);
    if (controllerRefOf(rs)) return;
    const ns = rs.metadata.namespace ?? '';
    for (const d of deployments.cache.byIndex('namespace', ns)) {
      try {
        const sel = labelSelectorAsSelector(d.spec.selector);
        if (!sel.isEmpty() && sel.matches(rs.metadata.labels ?? {})) c.enqueue(`${ns}/${d.metadata.name}`);
      } catch {
        // An invalid selector matches nothing.
      }
    }
  };
  rss.addHandler({
    onAdd: wake,
    onUpdate(old, cur) {
      if (
        controllerRefOf(old)?.uid !== controllerRefOf(cur)?.uid ||
        !labelsEqual(old.metadata.labels, cur.metadata.labels)
      )
        wake(old);
      wake(cur);
    },
    onDelete: wake,
  });
  pods.addHandler({
    onDelete(pod) {
      const ref = controllerRefOf(pod);
      if (!ref || ref.kind !== 'ReplicaSet') return;
      const rs = rss.cache.get(`${pod.metadata.namespace}/${ref.name}`);
      const key = rs && ownerKey(rs);
      if (key && deployments.cache.get(key)?.spec.strategy?.type === 'Recreate') c.enqueue(key);
    },
  });
}

/** The `deployment` controller. */
export const deploymentController: ControllerDescriptor = {
  name: 'deployment',
  serviceAccount: 'deployment-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const deployments = ctx.informers.informer(Resources.deployments);
    const rss = ctx.informers.informer(Resources.replicasets);
    const pods = ctx.informers.informer(Resources.pods);
    ensureControllerIndex(rss);
    ensureControllerIndex(pods);
    const reconciler = new DeploymentReconciler({
      deployments: deployments.cache,
      replicaSets: rss.cache,
      pods: pods.cache,
      deploymentClient: new ResourceClient(ctx.rest, Resources.deployments),
      replicaSetClient: new ResourceClient(ctx.rest, Resources.replicasets),
      recorder: ctx.recorder('deployment-controller'),
      clock: ctx.clock,
    });
    const c = new Controller({
      name: 'deployment',
      reconciler,
      workers: WORKERS,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(deployments);
    c.needs(rss as unknown as Informer<never>).needs(pods as unknown as Informer<never>);
    route(deployments, rss, pods, c);
    await c.run(signal);
  },
};
