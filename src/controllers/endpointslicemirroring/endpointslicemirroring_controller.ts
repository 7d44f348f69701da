/**
 * The endpointslicemirroring controller, as upstream's: the Endpoints of services without a
 * selector (custom endpoints) are mirrored into EndpointSlices labelled
 * `endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io` and owned
 * by the Endpoints; slices no longer backed by mirrorable Endpoints are deleted.
 */
import type { Endpoints, EndpointSlice, Service } from '../../api/types/service.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { sliceServiceIndex } from '../endpointslice/endpointslice_controller.js';
import { applySlicePlan, sliceFactory } from '../endpointslice/slice_writes.js';
import type { SlicePlan } from '../endpointslice/slice_plan.js';
import { planSlices } from '../endpointslice/slice_plan.js';
import {
  MIRRORING_CONTROLLER_NAME,
  mirroredAnnotations,
  mirroredGroups,
  mirroredLabels,
  shouldMirror,
} from './mirrored_slices.js';

/** The name of the index of mirrored slices by `namespace/service`. */
export const MIRRORED_BY_SERVICE = 'endpointslicemirroring-controller/service';

/** Keeps the slices mirroring one Endpoints object. */
export class EndpointSliceMirroringReconciler implements Reconciler {
  constructor(
    private readonly services: Pick<ObjectCache<Service>, 'get'>,
    private readonly endpoints: Pick<ObjectCache<Endpoints>, 'get'>,
    private readonly slices: Pick<ObjectCache<EndpointSlice>, 'byIndex'>,
    private readonly client: Pick<ResourceClient<EndpointSlice>, 'create' | 'update' | 'delete'>,
  ) {}

  /** The writes that would make the mirrored slices right. */
  plan(req: Request): SlicePlan {
    const key = `${req.namespace}/${req.name}`;
    const existing = this.slices.byIndex(MIRRORED_BY_SERVICE, key);
    const ep = this.endpoints.get(key);
    if (!ep || !shouldMirror(ep, this.services.get(key))) return { create: [], update: [], delete: existing };
    const labels = mirroredLabels(ep);
    return planSlices(mirroredGroups(ep), existing, {
      labels,
      placeholder: false,
      newSlice: sliceFactory(
        { kind: 'Endpoints', name: req.name, uid: ep.metadata.uid! },
        req.namespace,
        labels,
        mirroredAnnotations(ep),
      ),
    });
  }

  async reconcile(req: Request): Promise<void> {
    await applySlicePlan(this.client, this.plan(req), undefined);
  }
}

/** The `endpointslicemirroring` controller of the manager. */
export const endpointSliceMirroringController: ControllerDescriptor = {
  name: 'endpointslicemirroring',
  serviceAccount: 'endpointslicemirroring-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const services = ctx.informers.informer(Resources.services);
    const endpoints = ctx.informers.informer(Resources.endpoints);
    const slices = ctx.informers.informer(Resources.endpointslices);
    const index = sliceServiceIndex(MIRRORING_CONTROLLER_NAME);
    slices.addIndex(MIRRORED_BY_SERVICE, index);
    const reconciler = new EndpointSliceMirroringReconciler(
      services.cache,
      endpoints.cache,
      slices.cache,
      new ResourceClient(ctx.rest, Resources.endpointslices),
    );
    const c = new Controller({
      name: 'endpointslicemirroring',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(services);
    c.watch(endpoints);
    c.watch(slices, index);
    await c.run(signal);
  },
};
