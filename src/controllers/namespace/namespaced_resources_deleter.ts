/**
 * Emptying a namespace, as upstream's `namespacedResourcesDeleter.deleteAllContent`: every
 * namespaced resource found by discovery is deleted with DELETE on the collection (or object by
 * object when the resource does not support `deletecollection`), then listed again to count
 * what remains and which finalizers hold it. Pods give an estimate of how long they take to go
 * (their grace period); objects held by finalizers give upstream's 15 s estimate.
 */
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import type { RestClient } from '../../client/rest_client.js';
import type { DiscoveredResource, DiscoveryResult } from './api_discovery.js';
import { discoverDeletableResources, discoveryFailureMessage } from './api_discovery.js';
import type { DeletionOutcome } from './namespace_conditions.js';

/** Seconds assumed for finalizers to finish (upstream's `finalizerEstimateSeconds`). */
export const FINALIZER_ESTIMATE_SECONDS = 15;
const DEFAULT_POD_GRACE_SECONDS = 30;

/** The API operations the deleter needs (the REST client in production, a fake in tests). */
export interface NamespaceContentApi {
  discover(signal?: AbortSignal): Promise<DiscoveryResult>;
  list(type: DiscoveredResource, namespace: string, signal?: AbortSignal): Promise<KubeObject[]>;
  deleteCollection(type: DiscoveredResource, namespace: string, signal?: AbortSignal): Promise<void>;
  delete(type: DiscoveredResource, namespace: string, name: string, signal?: AbortSignal): Promise<void>;
}

/** The result of one pass: the outcome for the conditions and when to look again. */
export interface DeletionPass extends DeletionOutcome {
  /** Seconds until the remaining content is expected to be gone (0: nothing remains). */
  estimateSeconds: number;
}

/** `pods.` or `widgets.example.com`: the resource as upstream names it in messages. */
export function resourceLabel(t: Pick<DiscoveredResource, 'resource' | 'group'>): string {
  return `${t.resource}.${t.group}`;
}

/** The grace period pods still running take to terminate (upstream's pod estimate). */
export function estimatePodTermination(pods: readonly Pod[]): number {
  let estimate = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const grace = p.spec?.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
    if (grace > estimate) estimate = grace;
  }
  return estimate;
}

/** Deletes everything in a namespace through `api`. */
export async function deleteAllContent(
  api: NamespaceContentApi,
  namespace: string,
  signal?: AbortSignal,
): Promise<DeletionPass> {
  const pass: DeletionPass = {
    contentErrors: [],
    remaining: new Map(),
    finalizersRemaining: new Map(),
    estimateSeconds: 0,
  };
  const found = await api.discover(signal);
  if (found.failed.size > 0) pass.discoveryError = discoveryFailureMessage(found.failed);
  if (found.unparsable.length > 0)
    pass.groupVersionError = found.unparsable.map((gv) => `unexpected GroupVersion string: ${gv}`).join(', ');
  await Promise.all(
    found.resources.map(async (type) => {
      try {
        const estimate = await deleteResource(api, type, namespace, pass, signal);
        if (estimate > pass.estimateSeconds) pass.estimateSeconds = estimate;
      } catch (err) {
        if (signal?.aborted) throw err;
        pass.contentErrors.push(
          err instanceof StatusError ? err.message : `${resourceLabel(type)}: ${(err as Error).message}`,
        );
      }
    }),
  );
  return pass;
}

async function deleteResource(
  api: NamespaceContentApi,
  type: DiscoveredResource,
  namespace: string,
  pass: DeletionPass,
  signal?: AbortSignal,
): Promise<number> {
  let estimate = 0;
  if (type.group === '' && type.resource === 'pods')
    estimate = estimatePodTermination((await api.list(type, namespace, signal)) as Pod[]);
  if (type.verbs.includes('deletecollection')) {
    await api.deleteCollection(type, namespace, signal);
  } else {
    for (const obj of await api.list(type, namespace, signal)) {
      if (obj.metadata.deletionTimestamp) continue;
      try {
        await api.delete(type, namespace, obj.metadata.name!, signal);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
  }
  if (!type.verbs.includes('list')) return estimate;
  const left = await api.list(type, namespace, signal);
  if (left.length === 0) return 0;
  pass.remaining.set(resourceLabel(type), left.length);
  let finalizers = 0;
  for (const obj of left)
    for (const f of obj.metadata.finalizers ?? []) {
      pass.finalizersRemaining.set(f, (pass.finalizersRemaining.get(f) ?? 0) + 1);
      finalizers++;
    }
  if (estimate > 0) return estimate;
  if (finalizers > 0) return FINALIZER_ESTIMATE_SECONDS;
  throw new Error(
    `unexpected items still remain in namespace: ${namespace} for gvr: ${resourceLabel(type)}/${type.version}`,
  );
}

/** The deleter's API over a REST client (background propagation, as upstream). */
export function restContentApi(rest: RestClient): NamespaceContentApi {
  const client = (t: DiscoveredResource) => new ResourceClient(rest, t);
  const ignoreNotFound = (err: unknown) => {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
  };
  return {
    discover: (signal) => discoverDeletableResources(rest, signal),
    async list(t, ns, signal) {
      try {
        return (await client(t).list(ns, { signal })).items;
      } catch (err) {
        ignoreNotFound(err);
        return [];
      }
    },
    async deleteCollection(t, ns, signal) {
      await client(t)
        .deleteCollection(ns, { signal }, { propagationPolicy: 'Background' })
        .catch(ignoreNotFound);
    },
    async delete(t, ns, name, signal) {
      await client(t).delete(ns, name, { propagationPolicy: 'Background' }, signal).catch(ignoreNotFound);
    },
  };
}
