/**
 * `kubets kubectl …`: the machine's kubectl with the cluster's admin kubeconfig, as `k3s kubectl`.
 * `KUBECONFIG` or a `--kubeconfig` argument, when given, win; otherwise the kubeconfig of the
 * server's data directory (`$KUBETS_DATA_DIR`, default /var/lib/kubets) is used.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage_error.js';

/** Runs kubectl with `argv`; resolves with its exit code. */
export async function kubectlCommand(argv: string[]): Promise<number> {
  const env = { ...process.env };
  const explicit = argv.some((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='));
  if (!env.KUBECONFIG && !explicit) {
    const file = path.join(env.KUBETS_DATA_DIR ?? '/var/lib/kubets', 'kubeconfig.yaml');
    if (!fs.existsSync(file))
      throw new UsageError(`${file} does not exist: is 'kubets server' running here? (or set KUBECONFIG)`);
    env.KUBECONFIG = file;
  }
  const child = spawn(env.KUBETS_KUBECTL ?? 'kubectl', argv, { stdio: 'inherit', env });
  return new Promise((resolve, reject) => {
    child.once('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('kubectl was not found on PATH (install it, or set KUBETS_KUBECTL)')
          : err,
      ),
    );
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}
