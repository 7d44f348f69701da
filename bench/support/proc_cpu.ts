/**
 * CPU time of processes from /proc (Linux): what a benchmark's work cost the node, whatever else
 * runs on the machine. Children a process has waited for (containerd's CNI plugins, a shim's
 * runc) count with it.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds of `pid` and of its waited-for children (utime+stime+cutime+cstime); 0 when gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command (which may hold spaces) in parentheses.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
}

/** The pids whose command line contains `needle`. */
export function pidsMatching(needle: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(needle))
        out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds by group: `groups` maps a name to the pids (found anew at each call) it sums. */
export function cpuByGroup(groups: Record<string, () => number[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups))
    out[name] = pids().reduce((s, p) => s + cpuSeconds(p), 0);
  return out;
}
