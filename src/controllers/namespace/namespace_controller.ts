/**
 * The namespace controller, as upstream's: a namespace with a deletionTimestamp is Terminating;
 * its content is deleted (every namespaced resource, custom ones included), the deletion
 * conditions are kept on its status while that happens, and once it is empty the `kubernetes`
 * finalizer is removed through the `finalize` subresource, which lets the server remove it.
 */
import { nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Namespace } from '../../api/types/cluster.js';
import type { Clock } from '../../client/clock.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';
import { updatedConditions } from './namespace_conditions.js';
import type { NamespaceContentApi } from './namespaced_resources_deleter.js';
import { deleteAllContent, restContentApi } from './namespaced_resources_deleter.js';

/** The finalizer this controller owns (`v1.FinalizerKubernetes`). */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** The namespace calls the reconciler makes. */
export type NamespaceApi = Pick<ResourceClient<Namespace>, 'get' | 'updateStatus' | 'updateSubresource'>;

/** Errors deleting content, retried with backoff. */
export class NamespaceContentError extends Error {
  override name = 'NamespaceContentError';
}

/** Deletes the content of terminating namespaces and finalizes them. */
export class NamespaceReconciler implements Reconciler {
  constructor(
    private readonly namespaces: NamespaceApi,
    private readonly content: NamespaceContentApi,
    private readonly clock: Clock,
  ) {}

  async reconcile(req: Request, signal?: AbortSignal): Promise<Result | void> {
    let ns: Namespace;
    try {
      // Read live, not from the cache: acting on a stale namespace could delete new content.
      ns = await this.namespaces.get('', req.name, signal);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating') {
      ns = await this.namespaces.updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
    }
    if (!(ns.spec?.finalizers ?? []).includes(FINALIZER_KUBERNETES)) return;

    const pass = await deleteAllContent(this.content, req.name, signal);
    const conditions = updatedConditions(
      ns.status?.conditions ?? [],
      pass,
      nowTimestamp(new Date(this.clock.now())),
    );
    if (conditions) {
      ns = await this.namespaces.updateStatus({ ...ns, status: { ...ns.status, conditions } });
    }
    const errors = [...pass.contentErrors];
    if (pass.discoveryError) errors.push(pass.discoveryError);
    if (pass.groupVersionError) errors.push(pass.groupVersionError);
    if (errors.length > 0) throw new NamespaceContentError(errors.join('; '));
    if (pass.estimateSeconds > 0)
      return { requeueAfterMs: (Math.floor(pass.estimateSeconds / 2) + 1) * 1000 };

    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
    try {
      await this.namespaces.updateSubresource('', req.name, 'finalize', {
        ...ns,
        spec: { ...ns.spec, finalizers },
      });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
  }
}

/** The `namespace` controller of the manager. */
export const namespaceController: ControllerDescriptor = {
  name: 'namespace',
  serviceAccount: 'namespace-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const namespaces = ctx.informers.informer(Resources.namespaces);
    const reconciler = new NamespaceReconciler(
      new ResourceClient(ctx.rest, Resources.namespaces),
      restContentApi(ctx.rest),
      ctx.clock,
    );
    const c = new Controller({
      name: 'namespace',
      reconciler,
      workers: 5,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    // Only namespaces being deleted need work.
    c.watch(namespaces, (ns) => (ns.metadata.deletionTimestamp ? [ns.metadata.name!] : []));
    await c.run(signal);
  },
};
