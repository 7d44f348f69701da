/**
 * `kubets agent --server URL --token TOKEN --ca-cert-hash sha256:…`: joins this machine to a
 * cluster as a node (k3s agent, kubeadm join): gets the node's certificate with the bootstrap
 * token, then runs its containerd, kubelet, kube-proxy, DNS and pod routes until SIGINT/SIGTERM.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startNodeAgent } from '../agent/node_agent.js';
import { defaultNodeName, detectNodeIP, validateNodeIP } from '../agent/node_ip.js';
import { joinCluster, nodeComponentClient } from '../agent/join.js';
import { parseBootstrapToken } from '../server/bootstrap_tokens.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';
import { waitForStopSignal } from './wait_for_signal.js';

/** Help text of `kubets agent`. */
export const AGENT_USAGE = `Usage: kubets agent --server https://HOST:6443 --token TOKEN --ca-cert-hash sha256:HASH [options]

Joins this machine to the cluster as a node and runs it: containerd, the kubelet, kube-proxy,
cluster DNS, and routes to the other nodes' pods. 'kubets token create --print-join-command' on
the server prints the whole command.

Options:
  --server URL                    the API server (required)
  --token TOKEN                   a bootstrap token (needed until the node has its certificate)
  --ca-cert-hash sha256:HASH      the pin of the cluster CA (from the join command)
  --unsafe-skip-ca-verification   trust the CA the server hands out without a pin
  --data-dir DIR                  the node's state (default /var/lib/kubets/agent)
  --node-name NAME                this node's name (default: the host name)
  --node-ip IP                    this node's address (default: the default route's interface address)
  --node-label KEY=VALUE          a label for the node (repeatable)
  --kubelet-port PORT             the kubelet's HTTPS port (default 10250)
  --containerd-socket PATH        the node's own containerd socket (default /run/kubets/containerd/containerd.sock)
  --container-runtime-endpoint E  use this CRI runtime (unix://…) instead of starting containerd
  --disable-kube-proxy            run no kube-proxy
  --disable-dns                   run no cluster DNS server on this node
  -h, --help                      show this help
`;

/** `kubets agent`: resolves once the node has stopped. */
export async function agentCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      'ca-cert-hash': { type: 'string' },
      'unsafe-skip-ca-verification': { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '/var/lib/kubets/agent' },
      'node-name': { type: 'string' },
      'node-ip': { type: 'string' },
      'node-label': { type: 'string', multiple: true },
      'kubelet-port': { type: 'string', default: '10250' },
      'containerd-socket': { type: 'string' },
      'container-runtime-endpoint': { type: 'string' },
      'disable-kube-proxy': { type: 'boolean', default: false },
      'disable-dns': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(AGENT_USAGE);
    return;
  }
  const server = values.server;
  if (!server) throw new UsageError('--server is required');
  if (!/^https:\/\/[^/]+$/.test(server)) throw new UsageError(`--server: ${server} is not https://HOST:PORT`);
  if (values.token !== undefined) {
    try {
      parseBootstrapToken(values.token);
    } catch (err) {
      throw new UsageError(`--token: ${(err as Error).message}`);
    }
  }
  const hash = values['ca-cert-hash'];
  if (hash !== undefined && !/^sha256:[0-9a-fA-F]{64}$/.test(hash))
    throw new UsageError(`--ca-cert-hash: ${hash} is not sha256:<64 hex digits>`);
  const kubeletPort = Number(values['kubelet-port']);
  if (!Number.isInteger(kubeletPort) || kubeletPort < 1 || kubeletPort > 65535)
    throw new UsageError(`--kubelet-port: ${values['kubelet-port']} is not a port number`);
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

  const log = createLogger('kubets-agent');
  const dir = values['data-dir'];
  const ac = new AbortController();
  const creds = await joinCluster({
    server,
    token: values.token,
    caCertHash: hash,
    unsafeSkipCaVerification: values['unsafe-skip-ca-verification'],
    nodeName,
    nodeIP,
    dir,
    log,
    signal: ac.signal,
  });
  // kube-proxy and the DNS server talk as themselves, not as the node (whose rules do not cover them).
  const componentOpts = { nodeName, dir, log, signal: ac.signal };
  const proxyRest = values['disable-kube-proxy']
    ? undefined
    : await nodeComponentClient(componentOpts, creds.rest, 'proxy');
  const dnsRest = values['disable-dns']
    ? undefined
    : await nodeComponentClient(componentOpts, creds.rest, 'dns');
  const node = await startNodeAgent({
    rest: creds.rest,
    proxyRest,
    dnsRest,
    log,
    signal: ac.signal,
    nodeName,
    nodeIP,
    dir: path.join(dir, 'node'),
    kubeletPort,
    kubeletTls: creds.kubeletTls,
    criEndpoint: cri,
    containerdSocket: values['containerd-socket'],
    disableProxy: values['disable-kube-proxy'],
    disableDns: values['disable-dns'],
    labels,
  }).catch((err: unknown) => {
    ac.abort();
    throw err;
  });
  log.info({ node: nodeName, server, runtime: node.criEndpoint }, 'node joined and running');
  const signal = await waitForStopSignal();
  log.info({ signal }, 'shutting down');
  ac.abort();
  await node.done;
  creds.rest.close();
  proxyRest?.close();
  dnsRest?.close();
}
