/**
 * `kubets reset`: removes from this machine what a kubets node made there, and nothing else (as
 * k3s' killall and uninstall scripts): the node's containerd, its shims and every container they
 * run; the mounts below the data directory and containerd's state directory, and the network
 * namespaces of those containers; the CNI bridge; kubets' iptables rules (its masquerade chain and
 * kube-proxy's KUBE-* chains); the host-gw routes; then the data directory itself. A node is found
 * by the containerd config files below the data directory.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { syncRoutes } from './node_routes.js';
import { removePodMasquerade } from './pod_masquerade.js';

const run = promisify(execFile);

/** What to reset. */
export interface ResetOptions {
  /** The server's or agent's data directory. */
  dataDir: string;
  /** Keep the data directory (only processes, mounts and network state go). */
  keepData?: boolean;
  /** The CNI bridge the node's pods sit on (default cni0). */
  bridge?: string;
  /** Removes kube-proxy's rules (the proxy component's own cleanup). */
  proxyCleanup?: () => Promise<void>;
  log: Logger;
}

/** A process as /proc tells it. */
interface Proc {
  pid: number;
  ppid: number;
  cmdline: string[];
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = fs
        .readFileSync(`/proc/${name}/cmdline`, 'utf8')
        .split('\0')
        .filter((s) => s !== '');
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The `[grpc] address` of every kubets containerd config below `dir`. */
export function containerdSockets(dir: string): string[] {
  const sockets: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 4) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(p, depth + 1);
      else if (e.name === 'config.toml' && path.basename(d) === 'containerd') {
        const m = /\[grpc\]\s*\n\s*address\s*=\s*"([^"]+)"/.exec(fs.readFileSync(p, 'utf8'));
        if (m) sockets.push(m[1]!);
      }
    }
  };
  walk(dir, 0);
  return sockets;
}

/**
 * The kubets servers and agents running on `dataDir` (their pids), which must be stopped first;
 * others, on other data directories, are left alone.
 */
export function runningNodes(dataDir: string): number[] {
  const want = path.resolve(dataDir);
  return processes()
    .filter((p) => p.pid !== process.pid)
    .filter((p) => {
      const at = p.cmdline.findIndex((a) => /(^|\/)kubets(\.js)?$/.test(a));
      const command = at < 0 ? undefined : p.cmdline[at + 1];
      if (command !== 'server' && command !== 'agent') return false;
      const flag = p.cmdline.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
      const dir =
        flag < 0
          ? command === 'server'
            ? '/var/lib/kubets'
            : '/var/lib/kubets/agent'
          : p.cmdline[flag]!.includes('=')
            ? p.cmdline[flag]!.split('=').slice(1).join('=')
            : (p.cmdline[flag + 1] ?? '');
      return path.resolve(dir) === want;
    })
    .map((p) => p.pid);
}

/** Resets the node; see the file comment. Steps that find nothing to do are skipped. */
export async function resetNode(opts: ResetOptions): Promise<void> {
  const { log } = opts;
  const dataDir = path.resolve(opts.dataDir);
  const sockets = containerdSockets(dataDir);
  const procs = processes();
  const children = new Map<number, number[]>();
  for (const p of procs) (children.get(p.ppid) ?? children.set(p.ppid, []).get(p.ppid)!).push(p.pid);
  const tree = (pid: number): number[] => [pid, ...(children.get(pid) ?? []).flatMap(tree)];

  // containerd itself (its config below the data dir) and the shims serving its sockets, with
  // every process below them: the containers.
  const roots = procs.filter(
    (p) =>
      p.cmdline.some((a) => a.startsWith(`${dataDir}/`)) &&
      path.basename(p.cmdline[0] ?? '') === 'containerd',
  );
  const shims = procs.filter(
    (p) =>
      /containerd-shim/.test(p.cmdline[0] ?? '') &&
      sockets.some((s) => p.cmdline.includes(s) || p.cmdline.includes(`${s}.ttrpc`)),
  );
  const victims = [...new Set([...roots, ...shims].flatMap((p) => tree(p.pid)))];
  // The network namespaces those processes are in, as the /run/netns files that hold them.
  const netnsFiles = podNetnsFiles(victims);
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (victims.length) log.info({ processes: victims.length }, 'killed containerd, its shims and containers');

  const stateDirs = sockets.map((s) => path.join(path.dirname(s), 'state'));
  const under = (m: string, d: string) => m === d || m.startsWith(`${d}/`);
  const mounts = fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((m) => under(m, dataDir) || stateDirs.some((d) => under(m, d)) || netnsFiles.includes(m))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m]).catch(() => undefined);
  const stuck: string[] = [];
  for (const f of netnsFiles) if (!(await removeNetnsFile(f))) stuck.push(f);
  if (stuck.length)
    log.warn(
      { netns: stuck },
      'these pod network namespaces are mounted beneath a later mount of /run/netns and cannot be removed until the machine restarts',
    );
  if (mounts.length) log.info({ mounts: mounts.length, netns: netnsFiles.length }, 'unmounted');

  const bridge = opts.bridge ?? 'cni0';
  if (fs.existsSync(`/sys/class/net/${bridge}`)) {
    await run('ip', ['link', 'del', bridge]).catch(() => undefined);
    log.info({ bridge }, 'deleted the pod bridge');
  }
  await removePodMasquerade().catch((err: unknown) =>
    log.warn({ err: (err as Error).message }, 'removing the pod masquerade rules failed'),
  );
  await opts
    .proxyCleanup?.()
    .catch((err: unknown) => log.warn({ err: (err as Error).message }, "removing kube-proxy's rules failed"));
  await syncRoutes([], log).catch((err: unknown) =>
    log.warn({ err: (err as Error).message }, 'removing pod routes failed'),
  );
  for (const s of sockets) fs.rmSync(path.dirname(s), { recursive: true, force: true });
  if (!opts.keepData) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    log.info({ dataDir }, 'removed the data directory');
  }
}

/**
 * Removes a /run/netns file: a namespace file can be mounted more than once (a shared /run/netns
 * propagates bind mounts), and unlinking it answers EBUSY while any layer remains, so each
 * attempt takes one more layer off. False when it stays busy: a mount made over /run/netns after
 * the namespace's own hides it from unmounting.
 */
async function removeNetnsFile(file: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.rmSync(file, { force: true });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EBUSY') throw err;
      if (attempt >= 10) return false;
      await run('umount', ['-l', file]).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The /run/netns files of the network namespaces `pids` live in (not the machine's own). */
function podNetnsFiles(pids: number[]): string[] {
  const own = inode('/proc/1/ns/net');
  const wanted = new Set<string>();
  for (const pid of pids) {
    const ino = inode(`/proc/${pid}/ns/net`);
    if (ino && ino !== own) wanted.add(ino);
  }
  if (wanted.size === 0 || !fs.existsSync('/run/netns')) return [];
  return fs
    .readdirSync('/run/netns')
    .map((n) => path.join('/run/netns', n))
    .filter((f) => wanted.has(inode(f) ?? ''));
}

function inode(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}
