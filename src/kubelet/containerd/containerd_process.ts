/**
 * containerd run by the node: config written, the daemon spawned in its own process group,
 * ready once the CRI answers `Version`, restarted with back-off when it dies, stopped (SIGTERM,
 * then SIGKILL) when the signal aborts. Containers outlive it (their shims are separate
 * processes), so a restarted containerd, and a restarted node, find them again. A containerd that
 * already answers on the socket is used as it is.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { CriClient } from '../cri/cri_client.js';
import type { ContainerdConfigOptions } from './containerd_config.js';
import { containerdConfigToml } from './containerd_config.js';

/** Options of the node's containerd. */
export interface ContainerdOptions {
  /** containerd's directory: config.toml, root/, cni conf (default layout below it). */
  dir: string;
  /** Its socket (default /run/kubets/containerd/containerd.sock). */
  socket?: string;
  /** Runtime state (default /run/kubets/containerd/state). */
  stateDir?: string;
  cniConfDir?: string;
  cniBinDir: string;
  sandboxImage?: string;
  snapshotter?: 'overlayfs' | 'native';
  log: Logger;
  signal: AbortSignal;
  /** The containerd binary (default `containerd` from PATH). */
  binary?: string;
  /** How long to wait for it to answer (default 30 s). */
  startTimeoutMs?: number;
}

/** A running containerd. */
export interface Containerd {
  socket: string;
  /** `unix://` endpoint for CRI clients. */
  endpoint: string;
  cniConfDir: string;
  /** The config it runs with. */
  config: ContainerdConfigOptions;
  /** False when an already running containerd was reused (we neither restart nor stop it). */
  owned: boolean;
  /** Resolves once it has stopped after the signal aborted. */
  done: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answers(endpoint: string, timeoutMs: number): Promise<boolean> {
  const c = new CriClient({ endpoint, timeoutMs });
  try {
    await c.version();
    return true;
  } catch {
    return false;
  } finally {
    c.close();
  }
}

/** Waits until the CRI at `endpoint` answers; rejects after `timeoutMs` or when `child` exits. */
async function waitReady(endpoint: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(endpoint, 1000)) return;
    if (child && child.exitCode !== null) throw new Error(`containerd exited with code ${child.exitCode}`);
    if (Date.now() > deadline)
      throw new Error(`containerd did not answer on ${endpoint} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Whether `bin` (a path, or a name looked up in PATH) is an executable file. */
export function onPath(bin: string, pathVar = process.env.PATH ?? ''): boolean {
  const candidates = bin.includes('/')
    ? [bin]
    : pathVar
        .split(':')
        .filter(Boolean)
        .map((d) => path.join(d, bin));
  return candidates.some((f) => {
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
}

/** Starts (or reuses) the node's containerd; resolves once its CRI answers. Throws naming the package when containerd or runc is missing. */
export async function startContainerd(opts: ContainerdOptions): Promise<Containerd> {
  const socket = opts.socket ?? '/run/kubets/containerd/containerd.sock';
  const endpoint = `unix://${socket}`;
  const config: ContainerdConfigOptions = {
    rootDir: path.join(opts.dir, 'root'),
    stateDir: opts.stateDir ?? path.join(path.dirname(socket), 'state'),
    socket,
    cniConfDir: opts.cniConfDir ?? path.join(opts.dir, 'cni', 'net.d'),
    cniBinDir: opts.cniBinDir,
    sandboxImage: opts.sandboxImage,
    snapshotter: opts.snapshotter,
  };
  fs.mkdirSync(config.cniConfDir, { recursive: true });
  if (fs.existsSync(socket) && (await answers(endpoint, 2000))) {
    opts.log.info({ socket }, 'using the containerd already running');
    return { socket, endpoint, cniConfDir: config.cniConfDir, config, owned: false, done: Promise.resolve() };
  }
  for (const [bin, pkg] of [
    [opts.binary ?? 'containerd', 'containerd'],
    ['runc', 'runc'],
  ] as const)
    if (!onPath(bin))
      throw new Error(
        `${bin} was not found on PATH: install the Debian package ${pkg} (bash scripts/install-deps.sh installs what kubets needs)`,
      );
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  fs.mkdirSync(config.rootDir, { recursive: true });
  const configFile = path.join(opts.dir, 'config.toml');
  fs.writeFileSync(configFile, containerdConfigToml(config));
  const logFile = path.join(opts.dir, 'containerd.log');

  let child: ChildProcess | undefined;
  const launch = (): ChildProcess => {
    fs.rmSync(socket, { force: true });
    const out = fs.openSync(logFile, 'a');
    const c = spawn(opts.binary ?? 'containerd', ['--config', configFile], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    c.on('error', (err) => opts.log.error({ err: err.message }, 'containerd could not be started'));
    return c;
  };
  child = launch();
  await waitReady(endpoint, opts.startTimeoutMs ?? 30_000, child).catch((err: Error) => {
    child?.kill('SIGKILL');
    throw new Error(`${err.message}; see ${logFile}`);
  });
  opts.log.info({ socket, pid: child.pid }, 'containerd started');

  const done = (async () => {
    let backoffMs = 500;
    while (!opts.signal.aborted) {
      const c = child!;
      const exited =
        c.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()));
      const aborted = new Promise<void>((r) =>
        opts.signal.addEventListener('abort', () => r(), { once: true }),
      );
      await Promise.race([exited, aborted]);
      if (opts.signal.aborted) break;
      opts.log.warn(
        { code: c.exitCode, signal: c.signalCode, log: logFile, retryMs: backoffMs },
        'containerd exited; restarting it',
      );
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
      if (opts.signal.aborted) break;
      child = launch();
      try {
        await waitReady(endpoint, opts.startTimeoutMs ?? 30_000, child);
        opts.log.info({ pid: child.pid }, 'containerd restarted');
        backoffMs = 500;
      } catch (err) {
        opts.log.error({ err: (err as Error).message }, 'containerd did not come back');
      }
    }
    const c = child!;
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  })();
  return { socket, endpoint, cniConfDir: config.cniConfDir, config, owned: true, done };
}
