import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running etcd started by `startEtcd`. */
export interface EtcdProcess {
  /** Client URL, `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Process id of the current etcd process (changes on restart). */
  readonly pid: number;
  readonly dataDir: string;
  /** SIGTERM, wait for exit, then remove the data directory if `startEtcd` created it. */
  stop(): Promise<void>;
  /** SIGKILL now, keeping the data directory (for crash tests; `restart()` brings it back). */
  kill(): void;
  /** Stops etcd if it runs, keeping its data, and starts it again on the same ports. */
  restart(): Promise<void>;
}

/** Options of `startEtcd`. */
export interface StartEtcdOptions {
  /** Use this data directory (kept on stop) instead of a fresh temporary one (removed on stop). */
  readonly dataDir?: string;
  /** Aborting stops etcd. */
  readonly signal?: AbortSignal;
  /** How long to wait for etcd to answer, in milliseconds (default 30 s). */
  readonly startTimeoutMs?: number;
  /** More etcd flags, after the ones `startEtcd` sets (a later flag wins). */
  readonly extraArgs?: readonly string[];
}

/** Large enough for a 1.5 MiB value (the store's default limit) plus request overhead. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
/** Room for the big-listing tests and benchmarks without hitting etcd's NOSPACE alarm. */
const QUOTA_BACKEND_BYTES = 8 * 1024 * 1024 * 1024;
/** Keep the tail of etcd's stderr for error messages. */
const STDERR_TAIL_BYTES = 16 * 1024;
const STOP_GRACE_MS = 10_000;

/** The etcd binary: Debian's /usr/bin/etcd, else `etcd` from PATH. */
function etcdBinary(): string {
  return existsSync('/usr/bin/etcd') ? '/usr/bin/etcd' : 'etcd';
}

/** A loopback TCP port free right now (the OS picks it; etcd binds it moments later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when etcd's /health endpoint on `endpoint` reports healthy. */
async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { health?: unknown };
    return response.ok && (body.health === true || body.health === 'true');
  } catch {
    return false;
  }
}

/**
 * Starts a single-member etcd on free loopback ports (client and peer), with a temporary data
 * directory unless one is given, a request limit fit for 1.5 MiB values and an 8 GiB backend
 * quota, and resolves once etcd reports healthy. Fails with etcd's stderr when it exits or does
 * not become healthy in time. A real etcd, for tests and benchmarks.
 */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdProcess> {
  opts.signal?.throwIfAborted();
  const ownsDataDir = opts.dataDir === undefined;
  let dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'kubets-etcd-')));
  let endpoint = '';
  let args: string[] = [];
  const choosePorts = async (): Promise<void> => {
    const clientPort = await freePort();
    const peerPort = await freePort();
    endpoint = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    args = [
      '--name=kubets',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${endpoint}`,
      `--advertise-client-urls=${endpoint}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=kubets=${peerUrl}`,
      '--initial-cluster-state=new',
      `--max-request-bytes=${MAX_REQUEST_BYTES}`,
      `--quota-backend-bytes=${QUOTA_BACKEND_BYTES}`,
      '--logger=zap',
      '--log-level=error',
      '--log-outputs=stderr',
      ...(opts.extraArgs ?? []),
    ];
  };
  const timeoutMs = opts.startTimeoutMs ?? 30_000;

  let child: ChildProcess | null = null;
  let stderr = '';
  let exited: Promise<void> = Promise.resolve();
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };

  const launch = async (): Promise<void> => {
    stderr = '';
    const proc = spawn(etcdBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let running = true;
    exited = new Promise((resolve) => {
      proc.once('exit', () => {
        running = false;
        resolve();
      });
    });
    const spawnFailed = new Promise<Error>((resolve) => proc.once('error', resolve));
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failure = await Promise.race([spawnFailed, sleep(100).then(() => null)]);
      if (failure) throw new Error(`could not start etcd (${etcdBinary()}): ${failure.message}`);
      if (!running) throw new Error(`etcd exited during startup; its stderr:\n${stderr}`);
      if (await healthy(endpoint)) return;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`etcd at ${endpoint} was not healthy after ${timeoutMs} ms; its stderr:\n${stderr}`);
      }
    }
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    opts.signal?.removeEventListener('abort', onAbort);
    await terminate('SIGTERM');
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const onAbort = (): void => void stop();

  process.on('exit', killOnExit);
  try {
    // Another process may take a port between our probe and etcd's bind: pick new ones then.
    for (let attempt = 1; ; attempt++) {
      await choosePorts();
      try {
        await launch();
        break;
      } catch (err) {
        if (attempt >= 3 || !ownsDataDir || !/address already in use/.test(stderr)) throw err;
        await rm(dataDir, { recursive: true, force: true });
        dataDir = await mkdtemp(join(tmpdir(), 'kubets-etcd-'));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    endpoint,
    get pid() {
      return child?.pid ?? 0;
    },
    dataDir,
    stop,
    kill() {
      child?.kill('SIGKILL');
    },
    async restart() {
      if (stopped) throw new Error('etcd was stopped; start a new one');
      await terminate('SIGTERM');
      await launch();
    },
  };
}
