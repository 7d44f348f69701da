/**
 * Running a component of `kubets server` on a worker thread (see component_worker_main.ts): a
 * Node process runs JavaScript on one core per thread, so the API server and the components that
 * talk to it get a thread each, as upstream's processes get their own cores.
 */
import { Worker } from 'node:worker_threads';
import type { ControllerSettings } from '../controller/controller_context.js';
import type { KubeletServerTls } from '../kubelet/kubelet_options.js';

/** What the node agent on a worker thread is given (see `src/agent/node_agent.ts`). */
export interface AgentWorkerData {
  nodeName: string;
  nodeIP: string;
  dir: string;
  kubeletTls: KubeletServerTls;
  kubeletPort?: number;
  criEndpoint?: string;
  containerdSocket?: string;
  podLogsDir?: string;
  disableProxy?: boolean;
  disableDns?: boolean;
  dnsPort?: number;
  labels?: Record<string, string>;
  /** kube-proxy's own kubeconfig (default: the node's). */
  proxyKubeconfigPath?: string;
  /** The DNS server's own kubeconfig (default: the node's). */
  dnsKubeconfigPath?: string;
}

/** What the worker is told to run. */
export interface ComponentWorkerData {
  component: 'controller-manager' | 'scheduler' | 'agent';
  kubeconfigPath: string;
  /** Port of the component's /metrics and /healthz (undefined: not served). */
  port?: number;
  logLevel: string;
  /** The node's options (component `agent`). */
  agent?: AgentWorkerData;
  /** The controller manager's settings (component `controller-manager`). */
  controllerSettings?: Partial<ControllerSettings>;
  /** Upstream's `--use-service-account-credentials` (component `controller-manager`). */
  useServiceAccountCredentials?: boolean;
}

/** A component running on its worker thread. */
export interface ComponentWorker {
  /** What the component reported when it started (its controllers, its endpoint…). */
  describe: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Starts the component on a new worker thread; resolves once it runs, rejects if it cannot start. */
export function startComponentWorker(data: ComponentWorkerData): Promise<ComponentWorker> {
  const worker = new Worker(new URL('./component_worker_main.js', import.meta.url), { workerData: data });
  return new Promise((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`${data.component} exited with code ${code} before it started`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (msg: { type: string; message?: string; describe?: Record<string, unknown> }) => {
      worker.off('exit', onExit);
      if (msg.type !== 'started') {
        void worker.terminate();
        reject(new Error(`${data.component} failed to start: ${msg.message}`));
        return;
      }
      resolve({
        describe: msg.describe ?? {},
        stop: () =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => void worker.terminate().then(() => done()), 10_000);
            worker.once('message', () => {
              clearTimeout(timer);
              void worker.terminate().then(() => done());
            });
            worker.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            worker.postMessage('stop');
          }),
      });
    });
  });
}
