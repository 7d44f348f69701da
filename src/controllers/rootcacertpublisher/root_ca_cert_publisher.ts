/**
 * The root-ca-cert-publisher controller, as upstream's: every active namespace has the
 * `kube-root-ca.crt` ConfigMap holding the cluster CA bundle under `ca.crt`, kept equal to the
 * bundle the controller manager was given.
 */
import { StatusError } from '../../api/status_error.js';
import type { ConfigMap, Namespace } from '../../api/types/cluster.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';

/** The ConfigMap's name. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** Publishes the CA bundle into one namespace (the request's name). */
export class RootCAPublisherReconciler implements Reconciler {
  constructor(
    private readonly rootCA: string,
    private readonly namespaces: { get(key: string): Namespace | undefined },
    private readonly configMaps: { get(key: string): ConfigMap | undefined },
    private readonly client: Pick<ResourceClient<ConfigMap>, 'create' | 'update'>,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const ns = this.namespaces.get(req.name);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    const cm = this.configMaps.get(`${req.name}/${ROOT_CA_CONFIGMAP}`);
    const data = { 'ca.crt': this.rootCA };
    try {
      if (!cm) {
        await this.client.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: ROOT_CA_CONFIGMAP,
            namespace: req.name,
            annotations: { 'kubernetes.io/description': DESCRIPTION },
          },
          data,
        });
      } else if (cm.data?.['ca.crt'] !== this.rootCA || Object.keys(cm.data ?? {}).length !== 1) {
        const annotations = { ...cm.metadata.annotations, 'kubernetes.io/description': DESCRIPTION };
        await this.client.update({ ...cm, metadata: { ...cm.metadata, annotations }, data });
      }
    } catch (err) {
      if (err instanceof StatusError && (err.code === 403 || err.code === 404)) return; // namespace going away
      throw err; // a conflict retries with the fresher cache
    }
  }
}

/** The `root-ca-cert-publisher` controller of the manager. */
export const rootCACertPublisher: ControllerDescriptor = {
  name: 'root-ca-cert-publisher',
  serviceAccount: 'root-ca-cert-publisher',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    if (!ctx.settings.rootCA) {
      ctx.log.warn('no cluster CA bundle known; root-ca-cert-publisher not started');
      return;
    }
    const namespaces = ctx.informers.informer(Resources.namespaces);
    const configMaps = ctx.informers.informer(Resources.configmaps, {
      fieldSelector: `metadata.name=${ROOT_CA_CONFIGMAP}`,
    });
    const reconciler = new RootCAPublisherReconciler(
      ctx.settings.rootCA,
      namespaces.cache,
      configMaps.cache,
      new ResourceClient(ctx.rest, Resources.configmaps),
    );
    const c = new Controller({
      name: 'root-ca-cert-publisher',
      reconciler,
      workers: 2,
      log: ctx.log,
      metrics: ctx.metrics,
    });
    c.watch(namespaces);
    c.watch(configMaps, (cm) => [cm.metadata.namespace!]);
    await c.run(signal);
  },
};
