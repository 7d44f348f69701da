/**
 * The resourcequota controller, as upstream's: every ResourceQuota's status carries `hard`
 * (its spec's) and `used` (what its namespace's objects use of each resource named there, as
 * the quota evaluators of src/api/quota compute it), recomputed whenever an object of a watched
 * kind changes in the namespace and every five minutes (upstream's
 * `--resource-quota-sync-period`) for objects of other kinds.
 */
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import type { ListedObjects } from '../../api/quota/namespace_usage.js';
import { calculateUsage, quotaEvaluators, quotaStatusUsed } from '../../api/quota/namespace_usage.js';
import { resourceListJSON, resourceListOf } from '../../api/quota/resource_list.js';
import { quotaScopeRequirements } from '../../api/quota/scopes.js';
import { StatusError } from '../../api/status_error.js';
import type { ResourceQuota } from '../../api/types/resource_quota.js';
import type { Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { NAMESPACE_INDEX, objectKey } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import type { ResourceType } from '../../client/resource_type.js';
import { Resources } from '../../client/resource_type.js';
import type { RestClient } from '../../client/rest_client.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';

/** Upstream's default `--resource-quota-sync-period`. */
export const QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

/** The objects of a resource in a namespace, or null when the resource is not served. */
export type ObjectLister = (
  group: string,
  resource: string,
  namespace: string,
  signal?: AbortSignal,
) => Promise<readonly KubeObject[] | null>;

/** Keeps one quota's status current. */
export class ResourceQuotaReconciler implements Reconciler {
  constructor(
    private readonly quotas: Pick<ObjectCache<ResourceQuota>, 'get'>,
    private readonly list: ObjectLister,
    private readonly client: Pick<ResourceClient<ResourceQuota>, 'updateStatus'>,
    private readonly clock: Clock,
  ) {}

  async reconcile(req: Request, signal?: AbortSignal): Promise<Result> {
    const q = this.quotas.get(`${req.namespace}/${req.name}`);
    if (!q) return {};
    const hard = q.spec?.hard ?? {};
    const hardNames = Object.keys(hard);
    const listings = await Promise.all(
      quotaEvaluators(hardNames).map(async (evaluator) => {
        const objects = await this.list(evaluator.group, evaluator.resource, req.namespace, signal);
        return objects ? { evaluator, objects } : null;
      }),
    );
    const listed = listings.filter((l): l is ListedObjects => l !== null);
    const computed = calculateUsage(hardNames, quotaScopeRequirements(q), listed, new Date(this.clock.now()));
    const used = resourceListJSON(quotaStatusUsed(resourceListOf(q.status?.used), computed, hardNames));
    if (!deepEqual(q.status?.hard ?? {}, hard) || !deepEqual(q.status?.used ?? {}, used)) {
      try {
        await this.client.updateStatus({ ...q, status: { hard, used } });
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return {};
        throw err;
      }
    }
    return { requeueAfterMs: QUOTA_SYNC_PERIOD_MS };
  }
}

/**
 * An `ObjectLister` reading informer caches for the kinds it has (keyed `<resource>` for core,
 * `<resource>.<group>` otherwise) and listing the others through the API (the group's
 * preferred version from discovery). A resource the server does not serve lists as null.
 */
export function objectLister(
  rest: RestClient,
  caches: Record<string, Pick<ObjectCache<KubeObject>, 'byIndex'>>,
): ObjectLister {
  const versions = new Map<string, string>();
  return async (group, resource, namespace, signal) => {
    const cache = caches[group === '' ? resource : `${resource}.${group}`];
    if (cache) return cache.byIndex(NAMESPACE_INDEX, namespace);
    let version = group === '' ? 'v1' : versions.get(group);
    try {
      if (!version) {
        const g = await rest.request<{ preferredVersion?: { version?: string } }>({
          method: 'GET',
          path: `/apis/${group}`,
          signal,
        });
        version = g.preferredVersion?.version ?? 'v1';
        versions.set(group, version);
      }
      const t: ResourceType = { group, version, resource, kind: '', namespaced: true };
      return (await new ResourceClient(rest, t).list(namespace, { signal })).items;
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return null;
      throw err;
    }
  };
}

/** The `resourcequota` controller of the manager. */
export const resourceQuotaController: ControllerDescriptor = {
  name: 'resourcequota',
  serviceAccount: 'resourcequota-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const quotas = ctx.informers.informer(Resources.resourcequotas as ResourceType<ResourceQuota>);
    const pods = ctx.informers.informer(Resources.pods);
    const services = ctx.informers.informer(Resources.services);
    const pvcs = ctx.informers.informer(Resources.persistentvolumeclaims);
    const cached: Record<string, Informer<KubeObject>> = {
      pods: pods as unknown as Informer<KubeObject>,
      services: services as unknown as Informer<KubeObject>,
      persistentvolumeclaims: pvcs,
      configmaps: ctx.informers.informer(Resources.configmaps) as unknown as Informer<KubeObject>,
      secrets: ctx.informers.informer(Resources.secrets) as unknown as Informer<KubeObject>,
      replicationcontrollers: ctx.informers.informer(
        Resources.replicationcontrollers,
      ) as unknown as Informer<KubeObject>,
      resourcequotas: quotas as unknown as Informer<KubeObject>,
    };
    const reconciler = new ResourceQuotaReconciler(
      quotas.cache,
      objectLister(ctx.rest, Object.fromEntries(Object.entries(cached).map(([k, v]) => [k, v.cache]))),
      new ResourceClient(ctx.rest, Resources.resourcequotas as ResourceType<ResourceQuota>),
      ctx.clock,
    );
    const c = new Controller({
      name: 'resourcequota',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    const quotasOf = (o: KubeObject) =>
      quotas.cache.byIndex(NAMESPACE_INDEX, o.metadata.namespace ?? '').map(objectKey);
    c.watch(quotas);
    for (const inf of Object.values(cached)) c.watch(inf, quotasOf);
    await c.run(signal);
  },
};
