import os from 'node:os';
import { parseArgs } from 'node:util';
import { RestClient } from '../client/rest_client.js';
import { IptablesBackend } from '../proxy/iptables_backend.js';
import { isIPv4, parseCidr } from '../proxy/ipv4.js';
import { startProxy } from '../proxy/proxier.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets proxy`. */
export const PROXY_USAGE = `Usage: kubets proxy --kubeconfig FILE [options]
       kubets proxy --cleanup

Runs kube-proxy in iptables mode on this machine: Services and EndpointSlices from the API
server become the nat and filter rules of upstream kube-proxy (KUBE-SERVICES, KUBE-SVC-…,
KUBE-SEP-…), applied atomically with iptables-restore; LoadBalancer Services get this node's
address as their ingress. Needs root and iptables.

Options:
  --kubeconfig FILE       how to reach the API server (required unless --cleanup)
  --node-name NAME        this node's name (default: the host name)
  --node-ip IP            this node's address (default: its Node's InternalIP)
  --cluster-cidr CIDR     the pods' network; other sources are masqueraded (default 10.42.0.0/16)
  --metrics-port N        serve /metrics and /healthz on 127.0.0.1:N (default 10249; -1: off)
  --cleanup               remove every rule and chain kube-proxy creates, and exit
  -h, --help              show this help
`;

/**
 * `kubets proxy`: runs the proxy until SIGINT/SIGTERM (the rules stay in place), or with
 * `--cleanup` removes kube-proxy's rules and returns.
 */
export async function proxyCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      'node-name': { type: 'string' },
      'node-ip': { type: 'string' },
      'cluster-cidr': { type: 'string', default: '10.42.0.0/16' },
      'metrics-port': { type: 'string', default: '10249' },
      cleanup: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(PROXY_USAGE);
    return;
  }
  if (values.cleanup) {
    await new IptablesBackend().cleanup();
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  const nodeIP = values['node-ip'];
  if (nodeIP !== undefined && !isIPv4(nodeIP))
    throw new UsageError(`--node-ip: ${nodeIP} is not an IPv4 address`);
  const cidr = parseCidr(values['cluster-cidr']);
  if (!cidr) throw new UsageError(`--cluster-cidr: ${values['cluster-cidr']} is not an IPv4 CIDR`);
  const mtext = values['metrics-port'];
  const metricsPort = Number(mtext);
  if (!Number.isInteger(metricsPort) || metricsPort < -1 || metricsPort > 65535)
    throw new UsageError(`--metrics-port: ${mtext} is not a port number`);

  const log = createLogger('kubets-proxy');
  const rest = RestClient.fromKubeconfig(values.kubeconfig, { userAgent: 'kubets-proxy' });
  const ac = new AbortController();
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down (rules stay in place)');
    ac.abort(new Error(`received ${signal}`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const proxy = await startProxy({
    rest,
    log,
    signal: ac.signal,
    nodeName: values['node-name'] ?? os.hostname(),
    nodeIPs: nodeIP ? [nodeIP] : [],
    clusterCidr: cidr.text,
    metricsPort,
  });
  await proxy.done;
  rest.close();
  log.info('stopped');
}
