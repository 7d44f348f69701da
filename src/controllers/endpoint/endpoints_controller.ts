/**
 * The endpoints controller, as upstream's: every service with a selector has an Endpoints object
 * of the same name listing the pods it selects; it is deleted with the service. Services without
 * a selector (their Endpoints are the user's, or the API server's for `default/kubernetes`) and
 * ExternalName services are left alone.
 */
import type { KubeObject } from '../../api/object.js';
import type { Pod } from '../../api/types/pod.js';
import type { Endpoints, Service } from '../../api/types/service.js';
import { StatusError } from '../../api/status_error.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { NAMESPACE_INDEX, objectKey } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { endpointsToWrite } from './desired_endpoints.js';
import { hasSelectorEndpoints, lastChangeTriggerTime, selectedPods } from './pod_endpoint_util.js';

type Cache<T extends KubeObject> = Pick<ObjectCache<T>, 'get' | 'byIndex'>;

/** Whether the controller leaves the service's endpoints alone (the API server's own). */
export function isAPIServerService(ns: string, name: string): boolean {
  return ns === 'default' && name === 'kubernetes';
}

/** Keeps one service's Endpoints equal to the pods it selects. */
export class EndpointsReconciler implements Reconciler {
  constructor(
    private readonly services: Cache<Service>,
    private readonly pods: Cache<Pod>,
    private readonly endpoints: Cache<Endpoints>,
    private readonly client: Pick<ResourceClient<Endpoints>, 'create' | 'update' | 'delete'>,
  ) {}

  async reconcile(req: Request): Promise<void> {
    if (isAPIServerService(req.namespace, req.name)) return;
    const key = `${req.namespace}/${req.name}`;
    const svc = this.services.get(key);
    const current = this.endpoints.get(key);
    try {
      if (!svc) {
        if (current) await this.client.delete(req.namespace, req.name);
        return;
      }
      if (!hasSelectorEndpoints(svc)) return;
      const pods = selectedPods(svc, this.pods.byIndex(NAMESPACE_INDEX, req.namespace));
      const want = endpointsToWrite(svc, pods, current, lastChangeTriggerTime(svc, pods));
      if (!want) return;
      if (current) await this.client.update(want);
      else await this.client.create(want);
    } catch (err) {
      // Gone meanwhile, or the namespace is terminating: nothing to keep.
      if (err instanceof StatusError && (err.code === 404 || (err.code === 403 && !current))) return;
      throw err; // conflicts retry with a fresher cache
    }
  }
}

/** The keys of the services (in `services`) whose selector matches `pod`. */
export function servicesOfPod(services: Cache<Service>, pod: Pod): string[] {
  return services
    .byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')
    .filter((s) => hasSelectorEndpoints(s) && selectedPods(s, [pod]).length > 0)
    .map(objectKey);
}

/** The `endpoint` controller of the manager. */
export const endpointsController: ControllerDescriptor = {
  name: 'endpoint',
  serviceAccount: 'endpoint-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const services = ctx.informers.informer(Resources.services);
    const pods = ctx.informers.informer(Resources.pods);
    const endpoints = ctx.informers.informer(Resources.endpoints);
    const reconciler = new EndpointsReconciler(
      services.cache,
      pods.cache,
      endpoints.cache,
      new ResourceClient(ctx.rest, Resources.endpoints),
    );
    const c = new Controller({
      name: 'endpoint',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(services);
    c.watch(pods, (p) => servicesOfPod(services.cache, p));
    c.watch(endpoints);
    await c.run(signal);
  },
};
