/**
 * `kubets server` assembled: the control plane (datastore, API server, certificates, admin
 * kubeconfig) on the main thread, then the components that talk to it through the API over
 * loopback HTTPS, each on a worker thread of this process so that they use the other cores: the
 * controller manager, the scheduler and, unless disabled, this machine's node (containerd, the
 * kubelet, kube-proxy and the cluster DNS server). Each component has its own identity (see
 * `component_credentials.ts`), and the controllers act as their own service accounts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { defaultNodeName, detectNodeIP, validateNodeIP } from '../agent/node_ip.js';
import type { AgentWorkerData, ComponentWorker } from './component_worker.js';
import { startComponentWorker } from './component_worker.js';
import type { ControlPlane, ControlPlaneOptions } from './control_plane.js';
import { startControlPlane } from './control_plane.js';
import { publishClusterBootstrap } from './cluster_bootstrap.js';
import { lockDataDir } from './data_dir_lock.js';
import { ensureComponentCredentials } from './component_credentials.js';
import { labelControlPlaneNode } from './control_plane_node_labels.js';
import { RestClient } from '../client/rest_client.js';

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
  /** Told a line for a person as each part comes up. */
  progress?: (line: string) => void;
  /** Run no node on this machine (k3s' `--disable-agent`). */
  disableAgent?: boolean;
  /** The node's name (default: the host name). */
  nodeName?: string;
  /** The node's InternalIP (default: the address of the default route's interface). */
  nodeIP?: string;
  /** Further options of the node (its directory defaults to `DIR/agent`). */
  agent?: Partial<Omit<AgentWorkerData, 'nodeName' | 'nodeIP' | 'kubeletTls'>>;
  log: Logger;
}

/** A running server. */
export interface Server {
  controlPlane: ControlPlane;
  stop(): Promise<void>;
}

/** A CA of the cluster's PKI, read from its files. */
function readCa(tlsDir: string, name: string): { certPem: string; keyPem: string } {
  return {
    certPem: fs.readFileSync(path.join(tlsDir, `${name}.crt`), 'utf8'),
    keyPem: fs.readFileSync(path.join(tlsDir, `${name}.key`), 'utf8'),
  };
}

/** Starts the control plane and the components; resolves once all are running. */
export async function startServer(opts: ServerOptions): Promise<Server> {
  // Where other machines reach this one: the node's address, which the serving certificate names.
  const bind = opts.bindAddress && opts.bindAddress !== '0.0.0.0' ? opts.bindAddress : undefined;
  let advertiseIP = bind ?? opts.nodeIP;
  if (!advertiseIP) {
    try {
      advertiseIP = detectNodeIP();
    } catch {
      advertiseIP = '127.0.0.1';
    }
  }
  const progress = opts.progress ?? (() => undefined);
  const lock = lockDataDir(opts.dataDir);
  let cp: ControlPlane;
  try {
    cp = await startControlPlane({ ...opts, tlsSans: [advertiseIP, ...(opts.tlsSans ?? [])] });
  } catch (err) {
    lock.release();
    throw err;
  }
  progress(
    `API server ready on https://${advertiseIP}:${cp.port} (datastore: ${opts.datastoreEndpoint || `SQLite in ${opts.dataDir}`})`,
  );
  const workers: ComponentWorker[] = [];
  // The server's own chores (cluster-info, the node's roles) run as the admin.
  const rest = RestClient.fromKubeconfig(cp.kubeconfigPath, { userAgent: 'kubets-server' });
  const background = new AbortController();
  const chores: Promise<unknown>[] = [];
  const stopAll = async () => {
    background.abort();
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.allSettled(chores);
    rest.close();
    await cp.stop();
    lock.release();
  };
  try {
    await publishClusterBootstrap(rest, {
      serverUrl: `https://${advertiseIP.includes(':') ? `[${advertiseIP}]` : advertiseIP}:${cp.port}`,
      serverCaPem: cp.pki.serverCaPem,
      clientCaPem: cp.pki.clientCaPem,
    });
    const nodeName = opts.disableAgent ? undefined : (opts.nodeName ?? defaultNodeName());
    // Each component talks as itself, so that RBAC's default roles are what it runs with.
    const creds = await ensureComponentCredentials({
      dataDir: opts.dataDir,
      server: cp.url,
      pki: cp.pki,
      nodeName,
    });
    if (creds.written.length) opts.log.info({ files: creds.written }, 'wrote component kubeconfigs');
    if (!opts.disableControllerManager) {
      const cm = await startComponentWorker({
        component: 'controller-manager',
        kubeconfigPath: creds.controllerManager,
        useServiceAccountCredentials: true,
        port: opts.controllerManagerPort,
        logLevel: opts.log.level,
        controllerSettings: {
          rootCA: cp.pki.serverCaPem,
          // As k3s: client certificates from the client CA, kubelet serving ones from the server CA.
          clusterSigning: {
            client: readCa(cp.pki.tlsDir, 'client-ca'),
            server: readCa(cp.pki.tlsDir, 'server-ca'),
          },
        },
      });
      workers.push(cm);
      opts.log.info(cm.describe, 'controller manager started');
      progress('controller manager started');
    }
    if (!opts.disableScheduler) {
      const sched = await startComponentWorker({
        component: 'scheduler',
        kubeconfigPath: creds.scheduler,
        port: opts.schedulerPort,
        logLevel: opts.log.level,
      });
      workers.push(sched);
      opts.log.info(sched.describe, 'scheduler started');
      progress('scheduler started');
    }
    if (nodeName && creds.node) {
      const nodeIP = opts.nodeIP ? validateNodeIP(opts.nodeIP) : detectNodeIP();
      const serving = await cp.pki.issueServingCertificate({
        commonName: `system:node:${nodeName}`,
        organizations: ['system:nodes'],
        dnsNames: [nodeName],
        ips: [nodeIP],
      });
      const node = await startComponentWorker({
        component: 'agent',
        kubeconfigPath: creds.node,
        logLevel: opts.log.level,
        agent: {
          dir: path.join(opts.dataDir, 'agent'),
          ...opts.agent,
          nodeName,
          nodeIP,
          proxyKubeconfigPath: creds.proxy,
          dnsKubeconfigPath: creds.dns,
          kubeletTls: { certPem: serving.certPem, keyPem: serving.keyPem, clientCaPem: cp.pki.clientCaPem },
        },
      });
      workers.push(node);
      // The server's own node carries the control-plane roles, as k3s labels it (a kubelet may not).
      chores.push(labelControlPlaneNode({ rest, nodeName, signal: background.signal, log: opts.log }));
      opts.log.info(node.describe, 'node started');
      progress(`node ${nodeName} started (${nodeIP}, runtime ${String(node.describe.runtime)})`);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { controlPlane: cp, stop: stopAll };
}
