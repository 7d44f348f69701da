import { parseArgs } from 'node:util';
import { builtinResources } from '../apiserver/registry/builtin/index.js';
import { defaultNodeName, validateNodeIP } from '../agent/node_ip.js';
import type { Node } from '../api/types/node.js';
import { RestClient } from '../client/rest_client.js';
import { startServer } from '../server/server.js';
import { parseEtcdEndpoints } from '../storage/open_store.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';
import { waitForStopSignal } from './wait_for_signal.js';

/** Help text of `kubets server`. */
export const SERVER_USAGE = `Usage: kubets server [options]

Starts the kubets control plane on this machine.

Options:
  --data-dir DIR              where the cluster's state lives (default /var/lib/kubets)
  --datastore STORE           sqlite (the default: embedded, in the data dir) or an etcd cluster: etcd://HOST:PORT[,HOST:PORT…]
  --datastore-endpoint URLS   the same, as k3s spells it (http://HOST:PORT[,…])
  --https-port PORT           the API server's HTTPS port (default 6443)
  --bind-address ADDR         the address the API server listens on (default 0.0.0.0)
  --disable-agent             run no node on this machine (no kubelet, containerd, proxy or DNS)
  --node-name NAME            this machine's node name (default: the host name)
  --node-ip IP                this machine's node address (default: the default route's interface address)
  --container-runtime-endpoint URL  use this CRI runtime (unix://…) instead of starting containerd
  --containerd-socket PATH    the socket of the node's own containerd (default /run/kubets/containerd/containerd.sock)
  --kubelet-port PORT         the kubelet's HTTPS port (default 10250)
  --disable-kube-proxy        run no kube-proxy on this node
  --disable-dns               run no cluster DNS server on this node
  --disable-controller-manager run no controller manager in this process
  --controller-manager-port N  the controller manager's /metrics and /healthz port on 127.0.0.1 (default 10257; 0: none)
  --disable-scheduler          run no scheduler in this process
  --scheduler-port N           the scheduler's /metrics and /healthz port on 127.0.0.1 (default 10259; 0: none)
  --compaction-interval SECS  how often history is compacted (default 300)
  --token-auth-file FILE      static bearer tokens: CSV lines token,user,uid,"group1,group2"
  --authorization-mode MODE   RBAC (default: the Node and RBAC authorizers) or AlwaysAllow
  -h, --help                  show this help
`;

/**
 * `kubets server`: starts the control plane (datastore, API server, admin kubeconfig in
 * `DIR/kubeconfig.yaml`) and runs it until SIGINT/SIGTERM.
 * Resolves when the server has shut down cleanly.
 */
export async function serverCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '/var/lib/kubets' },
      datastore: { type: 'string' },
      'datastore-endpoint': { type: 'string' },
      'compaction-interval': { type: 'string', default: '300' },
      'https-port': { type: 'string', default: '6443' },
      'bind-address': { type: 'string', default: '0.0.0.0' },
      'disable-agent': { type: 'boolean', default: false },
      'node-name': { type: 'string' },
      'node-ip': { type: 'string' },
      'container-runtime-endpoint': { type: 'string' },
      'kubelet-port': { type: 'string', default: '10250' },
      'containerd-socket': { type: 'string' },
      'disable-kube-proxy': { type: 'boolean', default: false },
      'disable-dns': { type: 'boolean', default: false },
      'disable-controller-manager': { type: 'boolean', default: false },
      'controller-manager-port': { type: 'string', default: '10257' },
      'disable-scheduler': { type: 'boolean', default: false },
      'scheduler-port': { type: 'string', default: '10259' },
      'token-auth-file': { type: 'string' },
      'authorization-mode': { type: 'string', default: 'RBAC' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SERVER_USAGE);
    return;
  }
  if (values.datastore !== undefined && values['datastore-endpoint'] !== undefined)
    throw new UsageError('--datastore and --datastore-endpoint: give one of them');
  const datastore = values.datastore ?? values['datastore-endpoint'];
  if (datastore !== undefined && datastore !== 'sqlite') {
    try {
      parseEtcdEndpoints(datastore);
    } catch (err) {
      const flag = values.datastore !== undefined ? '--datastore' : '--datastore-endpoint';
      throw new UsageError((err as Error).message.replace('--datastore-endpoint', flag));
    }
  }
  const compactionSeconds = Number(values['compaction-interval']);
  if (!Number.isFinite(compactionSeconds) || compactionSeconds <= 0) {
    throw new UsageError(
      `--compaction-interval: ${values['compaction-interval']} is not a positive number of seconds`,
    );
  }
  const httpsPort = Number(values['https-port']);
  if (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535) {
    throw new UsageError(`--https-port: ${values['https-port']} is not a port number`);
  }
  const cmPort = Number(values['controller-manager-port']);
  if (!Number.isInteger(cmPort) || cmPort < 0 || cmPort > 65535) {
    throw new UsageError(
      `--controller-manager-port: ${values['controller-manager-port']} is not a port number`,
    );
  }
  const schedPort = Number(values['scheduler-port']);
  if (!Number.isInteger(schedPort) || schedPort < 0 || schedPort > 65535) {
    throw new UsageError(`--scheduler-port: ${values['scheduler-port']} is not a port number`);
  }
  const kubeletPort = Number(values['kubelet-port']);
  if (!Number.isInteger(kubeletPort) || kubeletPort < 1 || kubeletPort > 65535) {
    throw new UsageError(`--kubelet-port: ${values['kubelet-port']} is not a port number`);
  }
  const nodeName = values['node-name'];
  if (nodeName !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName)) {
    throw new UsageError(
      `--node-name: ${JSON.stringify(nodeName)} is not a valid node name (lower-case letters, digits, '-' and '.')`,
    );
  }
  let nodeIP = values['node-ip'];
  if (nodeIP !== undefined) {
    try {
      nodeIP = validateNodeIP(nodeIP);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const cri = values['container-runtime-endpoint'];
  if (cri !== undefined && !cri.startsWith('unix://')) {
    throw new UsageError(`--container-runtime-endpoint: ${cri} is not a unix:// endpoint`);
  }
  const authorization = values['authorization-mode'];
  if (authorization !== 'RBAC' && authorization !== 'AlwaysAllow') {
    throw new UsageError(`--authorization-mode: ${authorization} is not RBAC or AlwaysAllow`);
  }
  const log = createLogger('kubets-server');
  const started = Date.now();
  const say = (line: string) =>
    process.stdout.write(`kubets: ${line} [${((Date.now() - started) / 1000).toFixed(1)} s]\n`);
  const server = await startServer({
    progress: say,
    dataDir: values['data-dir'],
    datastoreEndpoint: datastore === 'sqlite' ? undefined : datastore || undefined,
    httpsPort,
    bindAddress: values['bind-address'],
    compactionIntervalMs: compactionSeconds * 1000,
    tokenAuthFile: values['token-auth-file'],
    authorization,
    resources: builtinResources(),
    log,
    disableControllerManager: values['disable-controller-manager'],
    controllerManagerPort: cmPort === 0 ? undefined : cmPort,
    disableScheduler: values['disable-scheduler'],
    schedulerPort: schedPort === 0 ? undefined : schedPort,
    disableAgent: values['disable-agent'],
    nodeName,
    nodeIP,
    agent: {
      kubeletPort,
      criEndpoint: cri,
      containerdSocket: values['containerd-socket'],
      disableProxy: values['disable-kube-proxy'],
      disableDns: values['disable-dns'],
    },
  });

  const kubeconfig = server.controlPlane.kubeconfigPath;
  if (!values['disable-agent']) {
    const name = nodeName ?? defaultNodeName();
    if (await nodeReady(kubeconfig, name, 60_000)) say(`node ${name} is Ready`);
    else say(`node ${name} is not Ready after 60 s: see the log above`);
  }
  process.stdout.write(
    `kubets: cluster running; kubeconfig: ${kubeconfig}\n  export KUBECONFIG=${kubeconfig}; kubectl get nodes\n`,
  );
  const signal = await waitForStopSignal();
  log.info({ signal }, 'shutting down');
  await server.stop();
  log.info('stopped');
}

/** Waits until the Node `name` reports Ready; false after `ms`. */
async function nodeReady(kubeconfig: string, name: string, ms: number): Promise<boolean> {
  const rest = RestClient.fromKubeconfig(kubeconfig, { userAgent: 'kubets-server' });
  try {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const node = await rest
        .request<Node>({ method: 'GET', path: `/api/v1/nodes/${encodeURIComponent(name)}` })
        .catch(() => undefined);
      if (node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  } finally {
    rest.close();
  }
}
