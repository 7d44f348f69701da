import { parseArgs } from 'node:util';
import { RestClient } from '../client/rest_client.js';
import type { Upstream } from '../dns/forwarder.js';
import { startDns } from '../dns/dns.js';
import { parseIp } from '../dns/dns_names.js';
import { parseUpstream } from '../dns/resolv_conf.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets dns`. */
export const DNS_USAGE = `Usage: kubets dns --kubeconfig FILE [options]

Runs the cluster DNS server (CoreDNS's place): answers <svc>.<ns>.svc.<domain> and the rest of
the cluster zone from the API server's Services and EndpointSlices, forwards other names to the
upstream resolvers (with a cache), and keeps the Service kube-system/kube-dns pointing at it.

Options:
  --kubeconfig FILE          how to reach the API server (required)
  --bind-address ADDR        listen on this address, UDP and TCP (default 0.0.0.0)
  --port N                   the DNS port (default 53; 0: a free one)
  --cluster-domain DOMAIN    the cluster zone (default cluster.local)
  --upstream ADDR[:PORT]     an upstream resolver (repeatable; default: the nameservers of
                             --resolv-conf)
  --resolv-conf FILE         where the node's resolvers are read from (default /etc/resolv.conf,
                             or systemd-resolved's list when it names only 127.0.0.53)
  --service-ip IP            the ClusterIP of kube-system/kube-dns (default 10.43.0.10)
  --metrics-port N           serve /metrics and /healthz on this port (default 9153; -1: off)
  --advertise-address ADDR   the address put in this instance's EndpointSlice (default: the bind
                             address when specific, else the host's first IPv4 address)
  --node-name NAME           the node this instance runs on (names its EndpointSlice)
  --register[=BOOL]          keep the kube-dns Service and this instance's slice (default true)
  -h, --help                 show this help
`;

function portOption(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 65535)
    throw new UsageError(`--${flag}: ${text} is not a port number`);
  return n;
}

/**
 * `kubets dns`: starts the DNS component and runs it until SIGINT/SIGTERM. Resolves once it has
 * stopped (its EndpointSlice removed).
 */
export async function dnsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.map((a) => (a === '--register' ? '--register=true' : a)),
    options: {
      kubeconfig: { type: 'string' },
      'bind-address': { type: 'string', default: '0.0.0.0' },
      port: { type: 'string', default: '53' },
      'cluster-domain': { type: 'string', default: 'cluster.local' },
      upstream: { type: 'string', multiple: true },
      'resolv-conf': { type: 'string' },
      'service-ip': { type: 'string', default: '10.43.0.10' },
      'metrics-port': { type: 'string', default: '9153' },
      'advertise-address': { type: 'string' },
      'node-name': { type: 'string' },
      register: { type: 'string', default: 'true' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(DNS_USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  const port = portOption('port', values.port, 0);
  const metricsPort =
    values['metrics-port'] === '-1' ? -1 : portOption('metrics-port', values['metrics-port'], 0);
  const bindAddress = values['bind-address'];
  if (!parseIp(bindAddress)) throw new UsageError(`--bind-address: ${bindAddress} is not an IP address`);
  const serviceIp = values['service-ip'];
  if (!parseIp(serviceIp)) throw new UsageError(`--service-ip: ${serviceIp} is not an IP address`);
  const advertise = values['advertise-address'];
  if (advertise !== undefined && !parseIp(advertise))
    throw new UsageError(`--advertise-address: ${advertise} is not an IP address`);
  const domain = values['cluster-domain'].replace(/\.$/, '');
  if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(domain))
    throw new UsageError(`--cluster-domain: ${values['cluster-domain']} is not a DNS domain`);
  if (values.register !== 'true' && values.register !== 'false')
    throw new UsageError(`--register: ${values.register} is not a boolean (true or false)`);
  let upstreams: Upstream[] | undefined;
  if (values.upstream) {
    try {
      upstreams = values.upstream.map(parseUpstream);
    } catch (err) {
      throw new UsageError(`--upstream: ${(err as Error).message}`);
    }
  }

  const log = createLogger('kubets-dns');
  const rest = RestClient.fromKubeconfig(values.kubeconfig, { userAgent: 'kubets-dns' });
  const ac = new AbortController();
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    ac.abort(new Error(`received ${signal}`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const dns = await startDns({
    rest,
    log,
    signal: ac.signal,
    bindAddress,
    port,
    clusterDomain: domain,
    upstreams,
    resolvConf: values['resolv-conf'],
    serviceIp,
    metricsPort,
    advertiseAddress: advertise,
    nodeName: values['node-name'],
    register: values.register === 'true',
  });
  if (dns.metricsUrl) log.info({ url: dns.metricsUrl }, 'serving /metrics and /healthz');
  await dns.done;
  rest.close();
  log.info('stopped');
}
