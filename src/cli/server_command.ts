import { parseArgs } from 'node:util';
import { startCompactor } from '../storage/compactor.js';
import { describeDatastore, openStore } from '../storage/open_store.js';
import { createLogger } from './log.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets server`. */
export const SERVER_USAGE = `Usage: kubets server [options]

Starts the kubets control plane on this machine.

Options:
  --data-dir DIR              where the cluster's state lives (default /var/lib/kubets)
  --datastore-endpoint URLS   use an etcd cluster (http://HOST:PORT[,…]) instead of the embedded SQLite
  --compaction-interval SECS  how often history is compacted (default 300)
  -h, --help                  show this help
`;

/**
 * `kubets server`: opens the datastore and keeps it compacted until SIGINT/SIGTERM.
 * Resolves when the server has shut down cleanly.
 */
export async function serverCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '/var/lib/kubets' },
      'datastore-endpoint': { type: 'string', default: '' },
      'compaction-interval': { type: 'string', default: '300' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SERVER_USAGE);
    return;
  }
  const compactionSeconds = Number(values['compaction-interval']);
  if (!Number.isFinite(compactionSeconds) || compactionSeconds <= 0) {
    throw new UsageError(
      `--compaction-interval: ${values['compaction-interval']} is not a positive number of seconds`,
    );
  }
  const log = createLogger('kubets-server');
  const cfg = { dataDir: values['data-dir'], endpoint: values['datastore-endpoint'] || undefined };
  const store = await openStore(cfg);
  const ac = new AbortController();
  startCompactor(store, {
    intervalMs: compactionSeconds * 1000,
    signal: ac.signal,
    onError: (err) => log.warn({ err }, 'compaction failed'),
    onCompacted: (revision) => log.info({ revision }, 'compacted datastore history'),
  });
  log.info({ datastore: describeDatastore(cfg), revision: await store.currentRevision() }, 'datastore ready');

  await new Promise<void>((resolve) => {
    // Keeps the process alive until a signal asks it to stop.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  ac.abort();
  await store.close();
  log.info('stopped');
}
