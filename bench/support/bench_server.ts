/**
 * What the benchmarks share: a free loopback port, one JSON line per figure, percentiles, and a
 * `kubets server` child process on a fresh data directory.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RestClient } from '../../src/client/rest_client.js';

/** The project's root (where `bin/kubets.js` is). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Writes one figure as a JSON line on stdout. */
export function emit(obj: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** The p-th percentile (0–100) of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A running `kubets server` child. */
export interface BenchServer {
  dir: string;
  kubeconfig: string;
  process: ChildProcess;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/** Starts `kubets server` on a fresh data dir with `flags`; resolves once the API answers. */
export async function startBenchServer(flags: string[] = []): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-bench-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(projectRoot, 'bin/kubets.js'),
      'server',
      '--data-dir',
      dir,
      '--https-port',
      String(port),
      ...flags,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
  );
  const kubeconfig = path.join(dir, 'kubeconfig.yaml');
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  try {
    while (!fs.existsSync(kubeconfig)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('kubets server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const rest = RestClient.fromKubeconfig(kubeconfig);
    try {
      for (;;) {
        try {
          await rest.request({ method: 'GET', path: '/api/v1/nodes', query: { limit: '1' } });
          break;
        } catch (err) {
          if (Date.now() > deadline || child.exitCode !== null) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      rest.close();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, kubeconfig, process: child, stop };
}
