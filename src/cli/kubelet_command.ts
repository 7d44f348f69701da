import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clusterClientCa, kubeletServingCertificate } from '../agent/join.js';
import { startNodeAgent } from '../agent/node_agent.js';
import { defaultNodeName, detectNodeIP, validateNodeIP } from '../agent/node_ip.js';
import { RestClient } from '../client/rest_client.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';
import { waitForStopSignal } from './wait_for_signal.js';

/** Help text of `kubets kubelet`. */
export const KUBELET_USAGE = `Usage: kubets kubelet --kubeconfig FILE [options]

Runs a kubelet alone against an API server: registers this machine as a Node and runs the pods
bound to it through containerd (started by kubets unless --container-runtime-endpoint is given).
No kube-proxy and no cluster DNS (run 'kubets proxy' and 'kubets dns' for those, or use
'kubets agent', which runs all three).

Options:
  --kubeconfig FILE           how to reach the API server, with this node's credentials (required)
  --root-dir DIR              the kubelet's state: containerd, volumes, pod dirs (default /var/lib/kubets/kubelet)
  --node-name NAME            the node's name (default: the host name)
  --node-ip IP                the node's address (default: the default route's interface address)
  --node-label KEY=VALUE      a label for the Node (repeatable)
  --port PORT                 the kubelet's HTTPS port (default 10250)
  --tls-cert-file FILE        its serving certificate (default: a self-signed one kept in the root dir)
  --tls-private-key-file FILE the key of that certificate
  --client-ca-file FILE       clients (the API server) must present a certificate signed by this CA
                              (default: the cluster's, from kube-system/extension-apiserver-authentication)
  --container-runtime-endpoint URL  a CRI runtime already running (unix://…)
  --containerd-socket PATH    the socket of the node's own containerd (default /run/kubets/containerd/containerd.sock)
  --cluster-dns IP            the DNS server given to pods (default 10.43.0.10)
  --cluster-domain DOMAIN     the cluster's DNS domain (default cluster.local)
  -h, --help                  show this help
`;

/**
 * `kubets kubelet`: runs this machine's kubelet (and its containerd) against the API server of
 * `--kubeconfig` until SIGINT/SIGTERM; resolves once it has stopped. Bad flags are usage errors.
 */
export async function kubeletCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      'root-dir': { type: 'string', default: '/var/lib/kubets/kubelet' },
      'node-name': { type: 'string' },
      'node-ip': { type: 'string' },
      'node-label': { type: 'string', multiple: true },
      port: { type: 'string', default: '10250' },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'client-ca-file': { type: 'string' },
      'container-runtime-endpoint': { type: 'string' },
      'containerd-socket': { type: 'string' },
      'cluster-dns': { type: 'string' },
      'cluster-domain': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(KUBELET_USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port: ${values.port} is not a port number`);
  const nodeName = values['node-name'] ?? defaultNodeName();
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName))
    throw new UsageError(`--node-name: ${JSON.stringify(nodeName)} is not a valid node name`);
  let nodeIP: string;
  try {
    nodeIP = values['node-ip'] ? validateNodeIP(values['node-ip']) : detectNodeIP();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const labels: Record<string, string> = {};
  for (const l of values['node-label'] ?? []) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new UsageError(`--node-label: ${l} is not KEY=VALUE`);
    labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const cri = values['container-runtime-endpoint'];
  if (cri !== undefined && !cri.startsWith('unix://'))
    throw new UsageError(`--container-runtime-endpoint: ${cri} is not a unix:// endpoint`);
  if ((values['tls-cert-file'] === undefined) !== (values['tls-private-key-file'] === undefined))
    throw new UsageError('--tls-cert-file and --tls-private-key-file go together');
  const clusterDns = values['cluster-dns'];
  if (clusterDns !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(clusterDns))
    throw new UsageError(`--cluster-dns: ${clusterDns} is not an IPv4 address`);

  const dir = values['root-dir'];
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const rest = RestClient.fromKubeconfig(values.kubeconfig, { userAgent: 'kubets-kubelet' });
  const log = createLogger('kubets-kubelet');
  const ac = new AbortController();
  try {
    const serving =
      values['tls-cert-file'] !== undefined
        ? {
            certPem: readFileOrUsage('--tls-cert-file', values['tls-cert-file']),
            keyPem: readFileOrUsage('--tls-private-key-file', values['tls-private-key-file']!),
          }
        : await kubeletServingCertificate({ dir, nodeName, nodeIP });
    const clientCaPem =
      values['client-ca-file'] !== undefined
        ? readFileOrUsage('--client-ca-file', values['client-ca-file'])
        : await clusterClientCa(rest);
    const node = await startNodeAgent({
      rest,
      log,
      signal: ac.signal,
      nodeName,
      nodeIP,
      dir: path.join(dir, 'node'),
      kubeletPort: port,
      kubeletTls: { ...serving, clientCaPem },
      criEndpoint: cri,
      containerdSocket: values['containerd-socket'],
      clusterDns,
      clusterDomain: values['cluster-domain'],
      disableProxy: true,
      disableDns: true,
      labels,
    });
    log.info({ node: nodeName, runtime: node.criEndpoint }, 'kubelet running');
    const signal = await waitForStopSignal();
    log.info({ signal }, 'shutting down');
    ac.abort();
    await node.done;
  } finally {
    ac.abort();
    rest.close();
  }
}

function readFileOrUsage(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(err as Error).message}`);
  }
}
