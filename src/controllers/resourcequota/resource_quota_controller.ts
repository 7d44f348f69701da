/**
 * The resourcequota controller, as upstream's: every ResourceQuota's status carries `hard`
 * (its spec's) and `used` (what its namespace's objects use of each resource named there),
 * recomputed whenever an object of a counted kind changes in the namespace and every five
 * minutes (upstream's `--resource-quota-sync-period`) for counts of other kinds.
 */
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import type { Service } from '../../api/types/service.js';
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
import type { PersistentVolumeClaim, ResourceQuota } from './quota_types.js';
import { LEGACY_COUNTS, quotaUsed } from './usage.js';

/** Upstream's default `--resource-quota-sync-period`. */
export const QUOTA_SYNC_PERIOD_MS = 5 * 60_000;

/** Kinds counted from typed usage (their `count/` names come with it). */
const TYPED = new Set(['pods', 'services', 'persistentvolumeclaims']);

/** Counts the objects of a `count/` resource name in a namespace. */
export type ObjectCounter = (resource: string, namespace: string, signal?: AbortSignal) => Promise<number>;

/** The `count/` resource names (or legacy names) in `hard` that need counting, as resource names. */
export function countedResources(hard: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const name of Object.keys(hard)) {
    if (LEGACY_COUNTS[name]) out.add(name);
    else if (name.startsWith('count/')) {
      const r = name.slice('count/'.length);
      if (!TYPED.has(r)) out.add(r);
    }
  }
  return [...out];
}

/** Keeps one quota's status current. */
export class ResourceQuotaReconciler implements Reconciler {
  constructor(
    private readonly quotas: Pick<ObjectCache<ResourceQuota>, 'get'>,
    private readonly caches: {
      pods: Pick<ObjectCache<Pod>, 'byIndex'>;
      services: Pick<ObjectCache<Service>, 'byIndex'>;
      persistentvolumeclaims: Pick<ObjectCache<PersistentVolumeClaim>, 'byIndex'>;
    },
    private readonly count: ObjectCounter,
    private readonly client: Pick<ResourceClient<ResourceQuota>, 'updateStatus'>,
    private readonly clock: Clock,
  ) {}

  async reconcile(req: Request, signal?: AbortSignal): Promise<Result> {
    const q = this.quotas.get(`${req.namespace}/${req.name}`);
    if (!q) return {};
    const hard = q.spec?.hard ?? {};
    const counts = new Map<string, number>();
    await Promise.all(
      countedResources(hard).map(async (r) => counts.set(r, await this.count(r, req.namespace, signal))),
    );
    const ns = req.namespace;
    const used = quotaUsed(
      q,
      {
        pods: this.caches.pods.byIndex(NAMESPACE_INDEX, ns),
        services: this.caches.services.byIndex(NAMESPACE_INDEX, ns),
        persistentvolumeclaims: this.caches.persistentvolumeclaims.byIndex(NAMESPACE_INDEX, ns),
        counts,
      },
      this.clock.now(),
    );
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
 * An `ObjectCounter` reading informer caches for the kinds it has and listing the others
 * through the API (the group's preferred version from discovery). Unknown kinds count 0.
 */
export function objectCounter(
  rest: RestClient,
  caches: Record<string, Pick<ObjectCache<KubeObject>, 'byIndex'>>,
): ObjectCounter {
  const versions = new Map<string, string>();
  return async (resource, namespace, signal) => {
    const cache = caches[resource];
    if (cache) return cache.byIndex(NAMESPACE_INDEX, namespace).length;
    const dot = resource.indexOf('.');
    const plural = dot < 0 ? resource : resource.slice(0, dot);
    const group = dot < 0 ? '' : resource.slice(dot + 1);
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
      const t: ResourceType = { group, version, resource: plural, kind: '', namespaced: true };
      return (await new ResourceClient(rest, t).list(namespace, { signal })).items.length;
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return 0;
      throw err;
    }
  };
}

/** The `resourcequota` controller of the manager. */
export const resourceQuotaController: ControllerDescriptor = {
  name: 'resourcequota',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const quotas = ctx.informers.informer(Resources.resourcequotas as ResourceType<ResourceQuota>);
    const pods = ctx.informers.informer(Resources.pods);
    const services = ctx.informers.informer(Resources.services);
    const pvcs = ctx.informers.informer(
      Resources.persistentvolumeclaims as ResourceType<PersistentVolumeClaim>,
    );
    const counted: Record<string, Informer<KubeObject>> = {
      configmaps: ctx.informers.informer(Resources.configmaps) as unknown as Informer<KubeObject>,
      secrets: ctx.informers.informer(Resources.secrets) as unknown as Informer<KubeObject>,
      replicationcontrollers: ctx.informers.informer(
        Resources.replicationcontrollers,
      ) as unknown as Informer<KubeObject>,
      resourcequotas: quotas as unknown as Informer<KubeObject>,
    };
    const reconciler = new ResourceQuotaReconciler(
      quotas.cache,
      { pods: pods.cache, services: services.cache, persistentvolumeclaims: pvcs.cache },
      objectCounter(ctx.rest, Object.fromEntries(Object.entries(counted).map(([k, v]) => [k, v.cache]))),
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
    for (const inf of [pods, services, pvcs, ...Object.values(counted)] as Informer<KubeObject>[])
      c.watch(inf, quotasOf);
    await c.run(signal);
  },
};
