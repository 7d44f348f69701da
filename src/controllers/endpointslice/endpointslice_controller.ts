/**
 * The endpointslice controller, as upstream's: the EndpointSlices of every service with a
 * selector (named `<service>-<random>`, labelled with the service name and
 * `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, owned by the
 * service) hold its pods' endpoints, at most 100 per slice. Slices of deleted services go with
 * their owner (garbage collection) and are deleted here too.
 */
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
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
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  hasSelectorEndpoints,
  lastChangeTriggerTime,
  selectedPods,
} from '../endpoint/pod_endpoint_util.js';
import {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  desiredGroups,
  sliceLabels,
} from './desired_slices.js';
import { generateName } from './generated_name.js';
import type { SlicePlan } from './slice_plan.js';
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

/** Applies a plan: creates, updates and deletes concurrently; the first failure is thrown. */
export async function applySlicePlan(
  client: Pick<ResourceClient<EndpointSlice>, 'create' | 'update' | 'delete'>,
  plan: SlicePlan,
  triggerTime: string | undefined,
): Promise<void> {
  const annotate = (s: EndpointSlice): EndpointSlice => {
    const annotations = { ...s.metadata.annotations };
    if (triggerTime) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = triggerTime;
    return { ...s, metadata: { ...s.metadata, annotations } };
  };
  const ignore404 = (err: unknown) => {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
  };
  await Promise.all([
    ...plan.delete.map((s) => client.delete(s.metadata.namespace!, s.metadata.name!).catch(ignore404)),
    ...plan.update.map((s) => client.update(annotate(s))),
    ...plan.create.map((s) => createNamed(client, annotate(s))),
  ]);
}

/** Creates `slice`, naming it from its generateName; a name already taken is drawn again. */
async function createNamed(
  client: Pick<ResourceClient<EndpointSlice>, 'create'>,
  slice: EndpointSlice,
): Promise<void> {
  const prefix = slice.metadata.generateName;
  for (let attempt = 0; ; attempt++) {
    const name = prefix ? generateName(prefix) : slice.metadata.name;
    try {
      await client.create({ ...slice, metadata: { ...slice.metadata, name } });
      return;
    } catch (err) {
      if (!(prefix && attempt < 5 && err instanceof StatusError && err.code === 409)) throw err;
    }
  }
}

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
      newSlice: (addressType, ports) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${svc.metadata.name}-`,
          namespace: req.namespace,
          labels,
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name: svc.metadata.name!,
              uid: svc.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType,
        endpoints: [],
        ports,
      }),
    });
    return { plan, triggerTime: lastChangeTriggerTime(svc, pods) };
  }

  async reconcile(req: Request): Promise<void> {
    const { plan, triggerTime } = this.plan(req);
    try {
      await applySlicePlan(this.client, plan, triggerTime);
    } catch (err) {
      // The namespace is terminating: nothing to keep.
      if (err instanceof StatusError && err.code === 403 && plan.update.length === 0) return;
      throw err;
    }
  }
}

/** The `endpointslice` controller of the manager. */
export const endpointSliceController: ControllerDescriptor = {
  name: 'endpointslice',
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
