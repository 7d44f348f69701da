/**
 * The node's mount table and the two mount operations the volume manager needs: mounting a
 * tmpfs (memory-backed emptyDir) and unmounting, through `/bin/mount` and `/bin/umount` as
 * upstream's mounter does.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The mount points of this mount namespace (`/proc/self/mountinfo`), unescaped. */
export function mountPoints(): string[] {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length > 4)
      out.push(f[4]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

function resolved(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** The mount points at or below `dir` (symlinks resolved), deepest first. */
export function mountPointsUnder(dir: string): string[] {
  const root = resolved(dir);
  return mountPoints()
    .filter((m) => m === root || m.startsWith(root + '/'))
    .sort((a, b) => b.length - a.length);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const out = String(stderr).trim();
      reject(new Error(`${cmd} ${args.join(' ')} failed: ${out || err.message}`));
    });
  });
}

/** Mounts a tmpfs at `dir` (`size` in bytes when given); a mount point already there is kept. */
export async function mountTmpfs(dir: string, size: number | undefined): Promise<void> {
  if (mountPoints().includes(resolved(dir))) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    throw new Error(`mounting tmpfs at ${dir} needs the kubelet to run as root`);
  const opts = size !== undefined && size > 0 ? ['-o', `size=${size}`] : [];
  await run('/bin/mount', ['-t', 'tmpfs', ...opts, 'tmpfs', dir]);
}

/** Unmounts `dir`. */
export async function unmount(dir: string): Promise<void> {
  await run('/bin/umount', [dir]);
}
