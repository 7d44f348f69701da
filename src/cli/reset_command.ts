/**
 * `kubets reset`: cleans up what kubets made on this machine (see src/agent/node_reset.ts), for
 * a server (`--data-dir`, default /var/lib/kubets) or an agent (/var/lib/kubets/agent). kubets
 * itself must be stopped first.
 */
import { parseArgs } from 'node:util';
import { resetNode, runningNodes } from '../agent/node_reset.js';
import { IptablesBackend } from '../proxy/iptables_backend.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets reset`. */
export const RESET_USAGE = `Usage: kubets reset [--data-dir DIR] [--keep-data]

Removes what kubets made on this machine: the node's containerd and every container it runs,
the mounts and pod network namespaces, the cni0 bridge, kubets' iptables rules and pod routes,
and the data directory. Stop 'kubets server' or 'kubets agent' first.

Options:
  --data-dir DIR   the server's or agent's data directory (default /var/lib/kubets)
  --keep-data      keep the data directory (the cluster state and certificates)
  -h, --help       show this help
`;

/** `kubets reset`. */
export async function resetCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '/var/lib/kubets' },
      'keep-data': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(RESET_USAGE);
    return;
  }
  if (process.getuid?.() !== 0) throw new UsageError('kubets reset must run as root');
  const running = runningNodes(values['data-dir']);
  if (running.length)
    throw new UsageError(`kubets is still running here (pid ${running.join(', ')}): stop it first`);
  const log = createLogger('kubets-reset');
  await resetNode({
    dataDir: values['data-dir'],
    keepData: values['keep-data'],
    proxyCleanup: () => new IptablesBackend().cleanup(),
    log,
  });
  log.info('reset done');
}
