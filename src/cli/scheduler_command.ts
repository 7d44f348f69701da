import { parseArgs } from 'node:util';
import { RestClient } from '../client/rest_client.js';
import { loadConfigFile, normalizeConfig } from '../scheduler/framework/config.js';
import { startScheduler } from '../scheduler/scheduler.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets scheduler`. */
export const SCHEDULER_USAGE = `Usage: kubets scheduler --kubeconfig FILE [options]

Runs the scheduler: assigns pending pods to nodes through the API server.

Options:
  --kubeconfig FILE          how to reach the API server (required)
  --config FILE              a KubeSchedulerConfiguration (YAML or JSON)
  --leader-elect[=BOOL]      elect a leader on the Lease kube-system/kube-scheduler (default true)
  --secure-port, --port N    serve /metrics and /healthz on this port (default 10259; 0: off)
  --bind-address ADDR        the address of that endpoint (default 127.0.0.1)
  -h, --help                 show this help
`;

/** Rewrites `--flag=value` of boolean flags into a string option parseArgs accepts. */
function normalizeBoolFlag(argv: string[], flag: string): string[] {
  return argv.map((a) => (a === `--${flag}` ? `--${flag}=true` : a));
}

/**
 * `kubets scheduler`: starts the scheduler and runs it until SIGINT/SIGTERM. Resolves once it
 * has stopped.
 */
export async function schedulerCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: normalizeBoolFlag(argv, 'leader-elect'),
    options: {
      kubeconfig: { type: 'string' },
      config: { type: 'string' },
      'leader-elect': { type: 'string' },
      'secure-port': { type: 'string' },
      port: { type: 'string' },
      'bind-address': { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SCHEDULER_USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  const le = values['leader-elect'];
  if (le !== undefined && le !== 'true' && le !== 'false')
    throw new UsageError(`--leader-elect: ${le} is not a boolean (true or false)`);
  const portText = values['secure-port'] ?? values.port ?? '10259';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--secure-port: ${portText} is not a port number`);
  let config;
  try {
    config = values.config ? loadConfigFile(values.config) : normalizeConfig({});
  } catch (err) {
    throw new UsageError(`--config: ${(err as Error).message}`);
  }
  const log = createLogger('kubets-scheduler');
  const rest = RestClient.fromKubeconfig(values.kubeconfig, { userAgent: 'kubets-scheduler' });
  const ac = new AbortController();
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    ac.abort(new Error(`received ${signal}`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const sched = await startScheduler({
    rest,
    log,
    signal: ac.signal,
    config,
    leaderElection: le === undefined ? undefined : le === 'true',
    metricsPort: port === 0 ? undefined : port,
    bindAddress: values['bind-address'],
  });
  if (sched.metricsUrl) log.info({ url: sched.metricsUrl }, 'serving /metrics and /healthz');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => ac.signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(keepAlive);
  await sched.done;
  rest.close();
  log.info('stopped');
}
