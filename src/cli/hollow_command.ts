import { parseArgs } from 'node:util';
import { RestClient } from '../client/rest_client.js';
import { startHollowNodes } from '../kubelet/hollow/hollow_nodes.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets hollow`. */
export const HOLLOW_USAGE = `Usage: kubets hollow --kubeconfig FILE --nodes N [options]

Runs N hollow nodes in this process (after kubemark and kwok): each is the real kubelet driving a
fake runtime, so pods bound to them go Running and Ready at once without containers. For scale
tests of the control plane.

Options:
  --kubeconfig FILE        how to reach the API server (required)
  --nodes N                how many nodes (required, 1-100000)
  --name-prefix P          node names are P0, P1, ... (default hollow-node-)
  --connections K          API connections shared by the nodes (default 4)
  --root-dir DIR           where the nodes keep their state (default a temp dir)
  -h, --help               show this help
`;

function positiveInt(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${flag}: ${text} is not an integer from 1 to ${max}`);
  return n;
}

/** `kubets hollow`: registers the hollow nodes and runs them until SIGINT/SIGTERM. */
export async function hollowCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      nodes: { type: 'string' },
      'name-prefix': { type: 'string', default: 'hollow-node-' },
      connections: { type: 'string', default: '4' },
      'root-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HOLLOW_USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig is required');
  if (values.nodes === undefined) throw new UsageError('--nodes is required');
  const count = positiveInt('nodes', values.nodes, 100_000);
  const connections = positiveInt('connections', values.connections, 64);
  const prefix = values['name-prefix'];
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9-])?$/.test(prefix))
    throw new UsageError(`--name-prefix: ${JSON.stringify(prefix)} does not start a valid node name`);
  const log = createLogger('kubets-hollow');
  const clients = Array.from({ length: connections }, () =>
    RestClient.fromKubeconfig(values.kubeconfig!, { userAgent: 'kubets-hollow-kubelet' }),
  );
  const ac = new AbortController();
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    ac.abort(new Error(`received ${signal}`));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const started = Date.now();
  const nodes = await startHollowNodes({ clients, log, count, prefix, rootDir: values['root-dir'] });
  log.info({ nodes: count, ms: Date.now() - started }, 'hollow nodes registered');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  if (!ac.signal.aborted)
    await new Promise<void>((resolve) =>
      ac.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  clearInterval(keepAlive);
  await nodes.stop();
  for (const c of clients) c.close();
  log.info('stopped');
}
