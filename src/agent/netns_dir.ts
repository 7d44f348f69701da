/**
 * containerd keeps each pod's network namespace as a bind mount on a file in /run/netns.
 * `ip netns add` (iproute2) turns /run/netns into a shared mount of itself the first time it runs;
 * done after pods exist, that new mount covers their namespace mounts, which can then be neither
 * unmounted nor unlinked (EBUSY) until the node is rebooted. Making /run/netns that mount before
 * containerd starts, as iproute2 would, keeps every pod's namespace reachable.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where containerd and iproute2 keep named network namespaces. */
export const NETNS_DIR = '/run/netns';

/** The mount points listed in a /proc/self/mountinfo text (octal escapes decoded). */
export function mountPoints(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      (line.split(' ')[4] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) =>
        String.fromCharCode(parseInt(o, 8)),
      ),
    );
}

/**
 * What to do for `dir` given the mount points: `ready` when it is a mount point already, `mount`
 * when it is not and nothing is mounted beneath it (so a mount of it hides nothing), `leave` when
 * namespaces are already mounted beneath it (mounting over them would hide them).
 */
export function netnsDirAction(points: readonly string[], dir = NETNS_DIR): 'ready' | 'mount' | 'leave' {
  if (points.includes(dir)) return 'ready';
  return points.some((p) => p.startsWith(`${dir}/`)) ? 'leave' : 'mount';
}

/**
 * Makes /run/netns a shared mount of itself when that hides nothing. Resolves a warning text when
 * it could not (or would not) do it, undefined otherwise.
 */
export async function ensureNetnsDirMount(dir = NETNS_DIR): Promise<string | undefined> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const action = netnsDirAction(mountPoints(fs.readFileSync('/proc/self/mountinfo', 'utf8')), dir);
  if (action === 'leave')
    return `${dir} is not a mount point but already holds network namespaces: a later \`ip netns add\` would cover them`;
  try {
    if (action === 'mount') await run('mount', ['--bind', dir, dir]);
    await run('mount', ['--make-shared', dir]);
    return undefined;
  } catch (err) {
    return `could not make ${dir} a shared mount: ${(err as Error).message}`;
  }
}
