/**
 * CPU time of processes from /proc (Linux): what a benchmark's work cost the node, whatever else
 * runs on the machine. Children a process has waited for (containerd's CNI plugins, a shim's
 * runc) count with it, or alone.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** Which of a process's CPU time counts: its own, its waited-for children's, or both. */
export type CpuShare = 'all' | 'self' | 'children';

/** CPU seconds of `pid` (utime+stime, cutime+cstime, or all four); 0 when it is gone. */
export function cpuSeconds(pid: number, which: CpuShare = 'all'): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command (which may hold spaces) in parentheses.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(f[11]) + Number(f[12]);
  const kids = Number(f[13]) + Number(f[14]);
  return (which === 'self' ? own : which === 'children' ? kids : own + kids) / TICKS_PER_SECOND;
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

/** A group of processes: how to find its pids (anew at each call) and which of their time counts. */
export interface CpuGroup {
  pids: () => number[];
  which?: CpuShare;
}

/** CPU seconds by group name. */
export function cpuByGroup(groups: Record<string, CpuGroup>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, g] of Object.entries(groups))
    out[name] = g.pids().reduce((sum, pid) => sum + cpuSeconds(pid, g.which), 0);
  return out;
}
