/**
 * `kubets server` assembled: the control plane (datastore, API server, certificates, admin
 * kubeconfig), then the components that talk to it through the API over loopback HTTPS, each in
 * this process as k3s does: the controller manager (and, as they land, the scheduler and the node).
 */
import type { Logger } from 'pino';
import { RestClient } from '../client/rest_client.js';
import type { ControllerManager } from '../controllers/controller_manager.js';
import { startControllerManager } from '../controllers/controller_manager.js';
import type { ControlPlane, ControlPlaneOptions } from './control_plane.js';
import { startControlPlane } from './control_plane.js';

/** Options of the whole server. */
export interface ServerOptions extends ControlPlaneOptions {
  /** Run no controller manager (k3s' `--disable-controller-manager`). */
  disableControllerManager?: boolean;
  /** Port of the controller manager's /metrics and /healthz (undefined: not served). */
  controllerManagerPort?: number;
  log: Logger;
}

/** A running server. */
export interface Server {
  controlPlane: ControlPlane;
  controllerManager?: ControllerManager;
  stop(): Promise<void>;
}

/** Starts the control plane and the in-process components; resolves once all are running. */
export async function startServer(opts: ServerOptions): Promise<Server> {
  const cp = await startControlPlane(opts);
  const clients: RestClient[] = [];
  const client = (component: string) => {
    const c = RestClient.fromKubeconfig(cp.kubeconfigPath, { userAgent: `kubets-${component}` });
    clients.push(c);
    return c;
  };
  let controllerManager: ControllerManager | undefined;
  if (!opts.disableControllerManager) {
    controllerManager = await startControllerManager({
      rest: client('controller-manager'),
      log: opts.log.child({ component: 'controller-manager' }),
      metricsPort: opts.controllerManagerPort,
    });
    opts.log.info({ controllers: controllerManager.enabled }, 'controller manager started');
  }
  return {
    controlPlane: cp,
    controllerManager,
    async stop() {
      await controllerManager?.stop();
      for (const c of clients) c.close();
      await cp.stop();
    },
  };
}
