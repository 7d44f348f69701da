/**
 * The endpointslice controller, as upstream's: the EndpointSlices of every service with a
 * selector (named `<service>-<random>`, labelled with the service name and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the
 * service) hold its pods' endpoints, at most 100 per slice. Slices of deleted services go with
 * their owner (garbage collection) and are deleted here too.
 */
import type { KubeObject } from '../../api/object.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { EndpointSlice, Service } from '../../api/types/service.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { NAMESPACE_INDEX } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import type { Informer } from '../../client/informer.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { servicesOfPod } from '../endpoint/endpoints_controller.js';
import { hasSelectorEndpoints, lastChangeTriggerTime, selectedPods } from '../endpoint/pod_endpoint_util.js';
import {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  desiredGroups,
  sliceLabels,
} from './desired_slices.js';
import type { SlicePlan } from './slice_plan.js';
import { applySlicePlan, sliceFactory } from './slice_writes.js';
import { planSlices } from './slice_plan.js';

type Cache<T extends KubeObject> = Pick<ObjectCache<T>, 'get' | 'byIndex'>;

/** The index of slices by `namespace/<service-name label>`, for one managed-by value. */
export function sliceServiceIndex(managedBy: string): (s: EndpointSlice) => string[] {
  return (s) => {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    return svc && s.metadata.labels?.[LABEL_MANAGED_BY] === managedBy
      ? [`${s.metadata.namespace}/${svc}`]
      : [];
  };
}
/** The name of the index of the endpointslice controller's slices. */
export const SLICES_BY_SERVICE = 'endpointslice-controller/service';

/** Keeps one service's EndpointSlices equal to the pods it selects. */
export class EndpointSliceReconciler implements Reconciler {
  constructor(
    private readonly services: Cache<Service>,
    private readonly pods: Cache<Pod>,
    private readonly nodes: Pick<ObjectCache<Node>, 'get'>,
    private readonly slices: Cache<EndpointSlice>,
    private readonly client: Pick<ResourceClient<EndpointSlice>, 'create' | 'update' | 'delete'>,
  ) {}

  /** The writes that would make the service's slices right. */
  plan(req: Request): { plan: SlicePlan; triggerTime?: string } {
    const key = `${req.namespace}/${req.name}`;
    const existing = this.slices.byIndex(SLICES_BY_SERVICE, key);
    const svc = this.services.get(key);
    if (!svc || !hasSelectorEndpoints(svc)) return { plan: { create: [], update: [], delete: existing } };
    const pods = selectedPods(svc, this.pods.byIndex(NAMESPACE_INDEX, req.namespace));
    const groups = desiredGroups(svc, pods, (n) => this.nodes.get(n));
    const labels = sliceLabels(svc);
    const plan = planSlices(groups, existing, {
      labels,
      newSlice: sliceFactory(
        { kind: 'Service', name: req.name, uid: svc.metadata.uid! },
        req.namespace,
        labels,
      ),
    });
    return { plan, triggerTime: lastChangeTriggerTime(svc, pods) };
  }

  async reconcile(req: Request): Promise<void> {
    const { plan, triggerTime } = this.plan(req);
    await applySlicePlan(this.client, plan, triggerTime);
  }
}

/** The `endpointslice` controller of the manager. */
export const endpointSliceController: ControllerDescriptor = {
  name: 'endpointslice',
  serviceAccount: 'endpointslice-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const services = ctx.informers.informer(Resources.services);
    const pods = ctx.informers.informer(Resources.pods);
    const nodes = ctx.informers.informer(Resources.nodes);
    const slices = ctx.informers.informer(Resources.endpointslices);
    slices.addIndex(SLICES_BY_SERVICE, sliceServiceIndex(CONTROLLER_NAME));
    const reconciler = new EndpointSliceReconciler(
      services.cache,
      pods.cache,
      nodes.cache,
      slices.cache,
      new ResourceClient(ctx.rest, Resources.endpointslices),
    );
    const c = new Controller({
      name: 'endpointslice',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(services);
    c.watch(pods, (p) => servicesOfPod(services.cache, p));
    c.watch(slices, (s) => sliceServiceIndex(CONTROLLER_NAME)(s));
    c.needs(nodes as unknown as Informer<never>);
    await c.run(signal);
  },
};
