/**
 * API server benchmark: starts `kubets server` on a fresh data directory and a free port, runs
 * the shared k8s-bench (`../shared/bench/k8s-bench.mjs`: pod creates at 16 clients, LIST of
 * 3,000 pods, watch fan-out 50 x 1,000, server RSS) against it, and passes its JSON lines
 * through to stdout. Extra arguments go to k8s-bench, e.g. `--tests create,list`.
 *
 *   node dist/bench/apiserver/apiserver_bench.js [k8s-bench options]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const benchScript = path.resolve(root, '../shared/bench/k8s-bench.mjs');
if (!fs.existsSync(benchScript)) throw new Error(`k8s-bench not found at ${benchScript}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-apiserver-bench-'));
const port = await freePort();
const server = spawn(
  process.execPath,
  [
    path.join(root, 'bin/kubets.js'),
    'server',
    '--data-dir',
    dir,
    '--https-port',
    String(port),
    '--bind-address',
    '127.0.0.1',
    '--disable-agent',
    '--controller-manager-port',
    '0',
    '--scheduler-port',
    '0',
    // Further server flags, e.g. KUBETS_SERVER_FLAGS='--disable-scheduler --disable-controller-manager'.
    ...(process.env.KUBETS_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
);
try {
  const kubeconfig = path.join(dir, 'kubeconfig.yaml');
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(kubeconfig)) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('kubets server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const bench = spawn(
    process.execPath,
    [
      benchScript,
      '--kubeconfig',
      kubeconfig,
      '--tests',
      'rss,create,list,watch,rss',
      '--label',
      'kubets',
      ...process.argv.slice(2),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SERVER_PIDS: String(server.pid) } },
  );
  const code = await new Promise<number | null>((resolve) => bench.on('exit', resolve));
  if (code !== 0) process.exitCode = code ?? 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
