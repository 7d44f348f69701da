/**
 * The serviceaccount controller, as upstream's: every active namespace has a `default`
 * ServiceAccount; it is created when a namespace appears and recreated when deleted.
 */
import { StatusError } from '../../api/status_error.js';
import type { Namespace, ServiceAccount } from '../../api/types/cluster.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';

/** The accounts ensured in every namespace. */
export const DEFAULT_SERVICE_ACCOUNTS = ['default'];

/** Ensures the default ServiceAccounts of one namespace (the request's name is the namespace). */
export class ServiceAccountReconciler implements Reconciler {
  constructor(
    private readonly namespaces: { get(key: string): Namespace | undefined },
    private readonly accounts: { get(key: string): ServiceAccount | undefined },
    private readonly client: Pick<ResourceClient<ServiceAccount>, 'create'>,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const ns = this.namespaces.get(req.name);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    for (const name of DEFAULT_SERVICE_ACCOUNTS) {
      if (this.accounts.get(`${req.name}/${name}`)) continue;
      try {
        await this.client.create({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name, namespace: req.name },
        });
      } catch (err) {
        // Created meanwhile (the cache lags), or the namespace began terminating.
        if (err instanceof StatusError && (err.code === 409 || err.code === 403 || err.code === 404))
          continue;
        throw err;
      }
    }
  }
}

/** The `serviceaccount` controller of the manager. */
export const serviceAccountController: ControllerDescriptor = {
  name: 'serviceaccount',
  serviceAccount: 'service-account-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const namespaces = ctx.informers.informer(Resources.namespaces);
    const accounts = ctx.informers.informer(Resources.serviceaccounts);
    const reconciler = new ServiceAccountReconciler(
      namespaces.cache,
      accounts.cache,
      new ResourceClient(ctx.rest, Resources.serviceaccounts),
    );
    const c = new Controller({
      name: 'serviceaccount',
      reconciler,
      workers: 2,
      log: ctx.log,
      metrics: ctx.metrics,
    });
    c.watch(namespaces);
    c.watch(accounts, (sa) =>
      DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata.name!) ? [sa.metadata.namespace!] : [],
    );
    await c.run(signal);
  },
};
