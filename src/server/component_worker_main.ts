/**
 * The entry of a worker thread that runs one component of `kubets server` (the controller
 * manager, the scheduler) on its own thread, so that it uses another core than the API server.
 * It talks to the API server like any client, through the kubeconfig it is given; the main
 * thread posts `stop` and waits for `stopped`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { RestClient } from '../client/rest_client.js';
import type { ComponentWorkerData } from './component_worker.js';

const data = workerData as ComponentWorkerData;
const log = pino(
  { name: 'kubets-server', level: data.logLevel, base: { component: data.component } },
  pino.destination(2),
);
const rest = RestClient.fromKubeconfig(data.kubeconfigPath, { userAgent: `kubets-${data.component}` });

async function start(): Promise<{ stop(): Promise<void>; describe: Record<string, unknown> }> {
  switch (data.component) {
    // Each thread loads only its own component's code.
    case 'controller-manager': {
      const { startControllerManager } = await import('../controllers/controller_manager.js');
      const cm = await startControllerManager({
        rest,
        log,
        metricsPort: data.port,
        settings: data.controllerSettings,
        useServiceAccountCredentials: data.useServiceAccountCredentials,
      });
      return { stop: () => cm.stop(), describe: { controllers: cm.enabled, metrics: cm.metricsUrl } };
    }
    case 'scheduler': {
      const { startScheduler } = await import('../scheduler/scheduler.js');
      const ac = new AbortController();
      const s = await startScheduler({ rest, log, signal: ac.signal, metricsPort: data.port });
      return {
        stop: async () => {
          ac.abort();
          await s.done;
        },
        describe: { identity: s.identity, metrics: s.metricsUrl },
      };
    }
    case 'agent': {
      const { startNodeAgent } = await import('../agent/node_agent.js');
      const { proxyKubeconfigPath, dnsKubeconfigPath, ...agent } = data.agent!;
      // kube-proxy and the DNS server talk as themselves, not as the node.
      const own = (file: string | undefined, part: string) =>
        file ? RestClient.fromKubeconfig(file, { userAgent: `kubets-${part}` }) : undefined;
      const proxyRest = own(proxyKubeconfigPath, 'proxy');
      const dnsRest = own(dnsKubeconfigPath, 'dns');
      const closeOwn = () => {
        proxyRest?.close();
        dnsRest?.close();
      };
      const ac = new AbortController();
      const node = await startNodeAgent({ ...agent, rest, proxyRest, dnsRest, log, signal: ac.signal }).catch(
        (err) => {
          ac.abort(); // stops what had started (containerd) before the failure
          closeOwn();
          throw err;
        },
      );
      return {
        stop: async () => {
          ac.abort();
          await node.done;
          closeOwn();
        },
        describe: { node: node.nodeName, runtime: node.criEndpoint },
      };
    }
  }
}

try {
  const running = await start();
  parentPort!.on('message', (msg: unknown) => {
    if (msg !== 'stop') return;
    void running
      .stop()
      .catch((err: unknown) => log.error({ err }, 'component did not stop cleanly'))
      .finally(() => {
        rest.close();
        parentPort!.postMessage({ type: 'stopped' });
      });
  });
  parentPort!.postMessage({ type: 'started', describe: running.describe });
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
}
