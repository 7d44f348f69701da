/**
 * The `kubets` command: `kubets <command> [options]`. Each command lives in its own file; this
 * one dispatches, prints usage, and turns failures into a clear message and a non-zero exit.
 */
import { agentCommand } from './agent_command.js';
import { apiserverCommand } from './apiserver_command.js';
import { controllerManagerCommand } from './controller_manager_command.js';
import { dnsCommand } from './dns_command.js';
import { hollowCommand } from './hollow_command.js';
import { imageCommand } from './image_command.js';
import { kubectlCommand } from './kubectl_command.js';
import { kubeletCommand } from './kubelet_command.js';
import { resetCommand } from './reset_command.js';
import { proxyCommand } from './proxy_command.js';
import { schedulerCommand } from './scheduler_command.js';
import { serverCommand } from './server_command.js';
import { tokenCommand } from './token_command.js';
import { UsageError } from './usage_error.js';
import { kubetsVersion } from './version.js';

const USAGE = `Usage: kubets <command> [options]

Commands:
  server               start a cluster: datastore, API server, controller manager, scheduler
  agent                join this machine to a cluster as a node (--server, --token)
  apiserver            run the datastore and the API server alone
  kubelet              run a kubelet alone against an API server (--kubeconfig)
  controller-manager   run the controllers against an API server (--kubeconfig)
  scheduler            run the scheduler against an API server (--kubeconfig)
  hollow               run N hollow nodes (real kubelets, fake runtime) for scale tests
  dns                  run the cluster DNS server against an API server (--kubeconfig)
  proxy                run kube-proxy (iptables) against an API server (--kubeconfig), or --cleanup
  image                build the busybox and pause images, import image archives into containerd
  token                create, list and delete bootstrap tokens for joining nodes
  kubectl              run kubectl with this machine's cluster (its admin kubeconfig)
  reset                remove what kubets made on this machine (containers, mounts, rules, data)
  version              print the kubets version
  help                 show this help

Run 'kubets <command> --help' for a command's options.
`;

/** Each command resolves when done, with its exit code when it is not 0. */
const commands: Record<string, (argv: string[]) => Promise<number | void>> = {
  server: serverCommand,
  agent: agentCommand,
  apiserver: apiserverCommand,
  kubelet: kubeletCommand,
  'controller-manager': controllerManagerCommand,
  scheduler: schedulerCommand,
  hollow: hollowCommand,
  dns: dnsCommand,
  proxy: proxyCommand,
  image: imageCommand,
  token: tokenCommand,
  kubectl: kubectlCommand,
  reset: resetCommand,
  version: async () => {
    process.stdout.write(`kubets v${kubetsVersion()}\n`);
  },
  help: async () => {
    process.stdout.write(USAGE);
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') return commands.version!([]).then(() => 0);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`kubets: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  try {
    return (await command(rest)) ?? 0;
  } catch (err) {
    // Node's argument errors carry a string code; API errors (StatusError) a number.
    const code = (err as { code?: unknown }).code;
    const usage =
      err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`kubets ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    if (usage) process.stderr.write(`Run 'kubets ${name} --help' for usage.\n`);
    return usage ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
