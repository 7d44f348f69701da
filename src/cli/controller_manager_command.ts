import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeconfigError, loadKubeconfig } from '../client/kubeconfig.js';
import { RestClient } from '../client/rest_client.js';
import { UnknownControllerError, startControllerManager } from '../controllers/controller_manager.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';
import { waitForStopSignal } from './wait_for_signal.js';

/** Help text of `kubets controller-manager`. */
export const CONTROLLER_MANAGER_USAGE = `Usage: kubets controller-manager --kubeconfig FILE [options]

Runs the controller manager against an API server.

Options:
  --kubeconfig FILE        how to reach the API server (required)
  --controllers LIST       comma-separated: '*' for the defaults, 'name' to enable, '-name' to disable (default *)
  --leader-elect BOOL      run only while holding the kube-system/kube-controller-manager lease (default true)
  --port PORT              serve /metrics and /healthz on 127.0.0.1:PORT (default 10257; 0 disables)
  --cluster-cidr CIDR      pod addresses of the cluster (default 10.42.0.0/16)
  --node-cidr-mask-size N  prefix length of each node's podCIDR (default 24)
  --root-ca-file FILE      the CA bundle published as kube-root-ca.crt in every namespace
                           (default: the certificate authority of --kubeconfig)
  --cluster-signing-cert-file FILE, --cluster-signing-key-file FILE
                           the CA (PEM, ECDSA P-256) csrsigning signs approved requests with
  --cluster-signing-duration DURATION
                           validity of signed certificates, e.g. 8760h (default 8760h)
  --use-service-account-credentials
                           each controller acts as its own service account in kube-system
                           (system:controller:<name> roles); tokens requested with --kubeconfig
  -h, --help               show this help
`;

function readPem(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** `kubets controller-manager`: runs the controllers until SIGINT/SIGTERM. */
export async function controllerManagerCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      controllers: { type: 'string', default: '*' },
      'leader-elect': { type: 'string', default: 'true' },
      port: { type: 'string', default: '10257' },
      'cluster-cidr': { type: 'string', default: '10.42.0.0/16' },
      'node-cidr-mask-size': { type: 'string', default: '24' },
      'root-ca-file': { type: 'string' },
      'cluster-signing-cert-file': { type: 'string' },
      'cluster-signing-key-file': { type: 'string' },
      'cluster-signing-duration': { type: 'string', default: '8760h' },
      'use-service-account-credentials': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(CONTROLLER_MANAGER_USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  if (!['true', 'false'].includes(values['leader-elect'])) {
    throw new UsageError(`--leader-elect: ${values['leader-elect']} is not true or false`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: ${values.port} is not a port number`);
  const mask = Number(values['node-cidr-mask-size']);
  if (!Number.isInteger(mask) || mask < 8 || mask > 30) {
    throw new UsageError(`--node-cidr-mask-size: ${values['node-cidr-mask-size']} is not a prefix length`);
  }
  const signingCert = values['cluster-signing-cert-file'];
  const signingKey = values['cluster-signing-key-file'];
  if (Boolean(signingCert) !== Boolean(signingKey))
    throw new UsageError('--cluster-signing-cert-file and --cluster-signing-key-file go together');
  const duration = /^(\d+)h$/.exec(values['cluster-signing-duration']);
  if (!duration || Number(duration[1]) < 1)
    throw new UsageError(
      `--cluster-signing-duration: ${values['cluster-signing-duration']} is not a number of hours (like 8760h)`,
    );
  const signer =
    signingCert && signingKey ? { certPem: readPem(signingCert), keyPem: readPem(signingKey) } : undefined;
  let rootCA = values['root-ca-file'] ? readPem(values['root-ca-file']) : undefined;
  let rest: RestClient;
  try {
    // As upstream's, without --root-ca-file the CA of the API server's kubeconfig is published.
    rootCA ??= loadKubeconfig(values.kubeconfig).ca;
    rest = RestClient.fromKubeconfig(values.kubeconfig, { userAgent: 'kubets-controller-manager' });
  } catch (err) {
    if (err instanceof KubeconfigError) throw new UsageError(err.message);
    throw err;
  }
  const log = createLogger('kubets-controller-manager');
  let cm;
  try {
    cm = await startControllerManager({
      rest,
      log,
      controllers: values.controllers.split(',').map((s) => s.trim()),
      leaderElect: values['leader-elect'] === 'true',
      useServiceAccountCredentials: values['use-service-account-credentials'],
      metricsPort: port === 0 ? undefined : port,
      settings: {
        clusterCIDR: values['cluster-cidr'],
        nodeCIDRMaskSize: mask,
        rootCA,
        clusterSigning: signer && {
          client: signer,
          server: signer,
          durationMs: Number(duration[1]) * 3600_000,
        },
      },
    });
  } catch (err) {
    if (err instanceof UnknownControllerError) throw new UsageError(`--controllers: ${err.message}`);
    throw err;
  }
  log.info({ controllers: cm.enabled, metrics: cm.metricsUrl }, 'controller manager running');
  const signal = await waitForStopSignal();
  log.info({ signal }, 'shutting down');
  await cm.stop();
  rest.close();
}
