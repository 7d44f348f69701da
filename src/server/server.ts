/**
 * `kubets server` assembled: the control plane (datastore, API server, certificates, admin
 * kubeconfig) on the main thread, then the components that talk to it through the API over
 * loopback HTTPS, each on a worker thread of this process so that they use the other cores: the
 * controller manager and the scheduler (and, as it lands, the node).
 */
import type { Logger } from 'pino';
import type { ComponentWorker } from './component_worker.js';
import { startComponentWorker } from './component_worker.js';
import type { ControlPlane, ControlPlaneOptions } from './control_plane.js';
import { startControlPlane } from './control_plane.js';

/** Options of the whole server. */
export interface ServerOptions extends ControlPlaneOptions {
  /** Run no controller manager (k3s' `--disable-controller-manager`). */
  disableControllerManager?: boolean;
  /** Port of the controller manager's /metrics and /healthz (undefined: not served). */
  controllerManagerPort?: number;
  /** Run no scheduler (k3s' `--disable-scheduler`). */
  disableScheduler?: boolean;
  /** Port of the scheduler's /metrics and /healthz (undefined: not served). */
  schedulerPort?: number;
  log: Logger;
}

/** A running server. */
export interface Server {
  controlPlane: ControlPlane;
  stop(): Promise<void>;
}

/** Starts the control plane and the components; resolves once all are running. */
export async function startServer(opts: ServerOptions): Promise<Server> {
  const cp = await startControlPlane(opts);
  const workers: ComponentWorker[] = [];
  try {
    if (!opts.disableControllerManager) {
      const cm = await startComponentWorker({
        component: 'controller-manager',
        kubeconfigPath: cp.kubeconfigPath,
        port: opts.controllerManagerPort,
        logLevel: opts.log.level,
      });
      workers.push(cm);
      opts.log.info(cm.describe, 'controller manager started');
    }
    if (!opts.disableScheduler) {
      const sched = await startComponentWorker({
        component: 'scheduler',
        kubeconfigPath: cp.kubeconfigPath,
        port: opts.schedulerPort,
        logLevel: opts.log.level,
      });
      workers.push(sched);
      opts.log.info(sched.describe, 'scheduler started');
    }
  } catch (err) {
    await Promise.all(workers.map((w) => w.stop()));
    await cp.stop();
    throw err;
  }
  return {
    controlPlane: cp,
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      await cp.stop();
    },
  };
}
