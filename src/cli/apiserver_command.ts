import { serverCommand } from './server_command.js';

/** Help text of `kubets apiserver`. */
export const APISERVER_USAGE = `Usage: kubets apiserver [options]

Runs the datastore and the API server alone: no controller manager, scheduler or node (run
'kubets controller-manager', 'kubets scheduler' and 'kubets kubelet' or 'kubets agent' against it).
It writes the admin kubeconfig to DIR/kubeconfig.yaml.

Options:
  --data-dir DIR              where the cluster's state lives (default /var/lib/kubets)
  --datastore STORE           sqlite (the default: embedded, in the data dir) or an etcd cluster: etcd://HOST:PORT[,HOST:PORT…]
  --datastore-endpoint URLS   the same, as k3s spells it (http://HOST:PORT[,…])
  --https-port PORT           the API server's HTTPS port (default 6443)
  --bind-address ADDR         the address the API server listens on (default 0.0.0.0)
  --compaction-interval SECS  how often history is compacted (default 300)
  --token-auth-file FILE      static bearer tokens: CSV lines token,user,uid,"group1,group2"
  --authorization-mode MODE   RBAC (default: the Node and RBAC authorizers) or AlwaysAllow
  -h, --help                  show this help
`;

/** The `kubets server` options that `kubets apiserver` takes. */
const APISERVER_FLAGS = new Set([
  '--data-dir',
  '--datastore',
  '--datastore-endpoint',
  '--https-port',
  '--bind-address',
  '--compaction-interval',
  '--token-auth-file',
  '--authorization-mode',
]);

/**
 * `kubets apiserver`: `kubets server` with only the datastore and the API server, until
 * SIGINT/SIGTERM. Options of the other components are refused as unknown.
 */
export async function apiserverCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(APISERVER_USAGE);
    return;
  }
  for (const arg of argv) {
    if (!arg.startsWith('-')) continue;
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!APISERVER_FLAGS.has(flag)) {
      const err = new TypeError(`Unknown option '${flag}'`) as TypeError & { code: string };
      err.code = 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
      throw err;
    }
  }
  await serverCommand([...argv, '--disable-agent', '--disable-controller-manager', '--disable-scheduler']);
}
