/**
 * The kubelet's `/stats/summary` (upstream's `statsapi.Summary`): the node's CPU, memory,
 * filesystem and process limits read from /proc and statfs, and each pod's containers' CPU and
 * memory from the runtime's ListContainerStats. CPU rates (`usageNanoCores`) come from the
 * difference to the previous sample of the same container (or of the node).
 */
import fs from 'node:fs';
import type { Pod } from '../../api/types/pod.js';
import type { ContainerStats, PodSandbox, RuntimeService } from '../cri/api.js';

/** `statsapi.CPUStats`. */
export interface CpuStats {
  time: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds?: number;
}

/** `statsapi.MemoryStats`. */
export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes?: number;
  workingSetBytes?: number;
  rssBytes?: number;
}

/** `statsapi.FsStats`. */
export interface FsStats {
  time: string;
  availableBytes?: number;
  capacityBytes?: number;
  usedBytes?: number;
  inodesFree?: number;
  inodes?: number;
  inodesUsed?: number;
}

/** `statsapi.ContainerStats`. */
export interface SummaryContainer {
  name: string;
  startTime: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
  rootfs?: FsStats;
}

/** `statsapi.PodStats`. */
export interface SummaryPod {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: SummaryContainer[];
  cpu?: CpuStats;
  memory?: MemoryStats;
}

/** `statsapi.Summary`. */
export interface Summary {
  node: {
    nodeName: string;
    startTime: string;
    cpu?: CpuStats;
    memory?: MemoryStats;
    fs?: FsStats;
    runtime?: { imageFs?: FsStats };
    rlimit?: { time: string; maxpid?: number; curproc?: number };
  };
  pods: SummaryPod[];
}

/** Where the summary reads the node from (tests point it at fixture files). */
export interface NodeStatsSources {
  /** The filesystem of the kubelet's root dir (node fs). */
  rootDir: string;
  /** The runtime's image filesystem (default: the root dir's). */
  imageFsDir?: string;
  procDir?: string;
}

/** Parses /proc/stat: the node's cumulative CPU time in nanoseconds (USER_HZ = 100). */
export function parseProcStat(text: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy time excludes idle and iowait.
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
  return busy * 10_000_000;
}

/** Parses /proc/meminfo into the node's memory stats (bytes). */
export function parseMeminfo(text: string, time: string): MemoryStats {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal') ?? 0;
  const free = kb('MemFree') ?? 0;
  const available = kb('MemAvailable') ?? free;
  const inactiveFile = kb('Inactive\\(file\\)') ?? 0;
  const usage = total - free;
  return {
    time,
    availableBytes: available,
    usageBytes: usage,
    workingSetBytes: Math.max(0, usage - inactiveFile),
    rssBytes: kb('AnonPages'),
  };
}

/** statfs of `dir` as `FsStats` (undefined when it cannot be read). */
export function fsStats(dir: string, time: string): FsStats | undefined {
  try {
    const s = fs.statfsSync(dir);
    return {
      time,
      availableBytes: s.bavail * s.bsize,
      capacityBytes: s.blocks * s.bsize,
      usedBytes: (s.blocks - s.bfree) * s.bsize,
      inodesFree: s.ffree,
      inodes: s.files,
      inodesUsed: s.files - s.ffree,
    };
  } catch {
    return undefined;
  }
}

const toTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Builds summaries, remembering CPU samples between calls for the rates. */
export class SummaryProvider {
  private readonly samples = new Map<string, { ns: number; atMs: number }>();

  constructor(
    private readonly runtime: RuntimeService,
    private readonly nodeName: string,
    private readonly sources: NodeStatsSources,
    private readonly bootMs: () => number = bootTime,
  ) {}

  /** The summary now; `pods` names the pods the kubelet runs (others in the runtime are left out). */
  async summary(pods: Pod[], nowMs: number): Promise<Summary> {
    const time = toTime(nowMs);
    const proc = this.sources.procDir ?? '/proc';
    const read = (f: string) => {
      try {
        return fs.readFileSync(`${proc}/${f}`, 'utf8');
      } catch {
        return '';
      }
    };
    const cpuNs = parseProcStat(read('stat'));
    const node: Summary['node'] = {
      nodeName: this.nodeName,
      startTime: toTime(this.bootMs()),
      cpu: cpuNs === undefined ? undefined : this.cpu('node', cpuNs, nowMs, time),
      memory: parseMeminfo(read('meminfo'), time),
      fs: fsStats(this.sources.rootDir, time),
      runtime: { imageFs: fsStats(this.sources.imageFsDir ?? this.sources.rootDir, time) },
      rlimit: {
        time,
        maxpid: Number(read('sys/kernel/pid_max').trim()) || undefined,
        curproc: countProcesses(proc),
      },
    };
    const [sandboxes, stats, containers] = await Promise.all([
      this.runtime.listPodSandbox(),
      this.runtime.listContainerStats(),
      this.runtime.listContainers(),
    ]);
    const started = new Map(containers.map((c) => [c.id, c.createdAt]));
    const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));
    const sandboxOf = new Map<string, PodSandbox>(sandboxes.map((s) => [s.id, s]));
    const podStats = new Map<string, SummaryPod>();
    for (const s of sandboxes) {
      const pod = byUid.get(s.metadata.uid);
      if (!pod || s.state !== 'SANDBOX_READY') continue;
      podStats.set(s.id, {
        podRef: { name: s.metadata.name, namespace: s.metadata.namespace, uid: s.metadata.uid },
        startTime: pod.status?.startTime ?? toTime(nsToMs(s.createdAt)),
        containers: [],
      });
    }
    const seen = new Set<string>();
    for (const c of stats) {
      seen.add(c.id);
      const sb = c.podSandboxId ? sandboxOf.get(c.podSandboxId) : undefined;
      const ps = sb ? podStats.get(sb.id) : undefined;
      if (!ps) continue;
      ps.containers.push(this.container(c, started.get(c.id), nowMs));
    }
    for (const id of this.samples.keys()) if (id !== 'node' && !seen.has(id)) this.samples.delete(id);
    for (const ps of podStats.values()) {
      ps.containers.sort((a, b) => a.name.localeCompare(b.name));
      ps.cpu = sumCpu(ps.containers, time);
      ps.memory = sumMemory(ps.containers, time);
    }
    return { node, pods: [...podStats.values()] };
  }

  private container(c: ContainerStats, createdAt: number | undefined, nowMs: number): SummaryContainer {
    const atMs = c.timestamp ? nsToMs(c.timestamp) : nowMs;
    const time = toTime(atMs);
    const out: SummaryContainer = { name: c.name, startTime: toTime(nsToMs(createdAt ?? c.timestamp)) };
    if (c.cpuUsageCoreNanoSeconds !== undefined)
      out.cpu = this.cpu(c.id, c.cpuUsageCoreNanoSeconds, atMs, time);
    if (c.memoryWorkingSetBytes !== undefined)
      out.memory = { time, workingSetBytes: c.memoryWorkingSetBytes };
    if (c.writableLayerUsedBytes !== undefined) out.rootfs = { time, usedBytes: c.writableLayerUsedBytes };
    return out;
  }

  private cpu(key: string, ns: number, atMs: number, time: string): CpuStats {
    const prev = this.samples.get(key);
    this.samples.set(key, { ns, atMs });
    const out: CpuStats = { time, usageCoreNanoSeconds: ns };
    if (prev && atMs > prev.atMs && ns >= prev.ns) {
      out.usageNanoCores = Math.round(((ns - prev.ns) * 1000) / (atMs - prev.atMs)); // CPU ns per wall second
    }
    return out;
  }
}

/** CRI times are nanoseconds since the epoch; small values are taken as milliseconds. */
function nsToMs(t: number): number {
  return t > 1e14 ? Math.floor(t / 1e6) : t;
}

function sumCpu(cs: SummaryContainer[], time: string): CpuStats | undefined {
  const with_ = cs.filter((c) => c.cpu);
  if (with_.length === 0) return undefined;
  const out: CpuStats = { time, usageCoreNanoSeconds: 0 };
  for (const c of with_) out.usageCoreNanoSeconds! += c.cpu!.usageCoreNanoSeconds ?? 0;
  if (with_.every((c) => c.cpu!.usageNanoCores !== undefined))
    out.usageNanoCores = with_.reduce((s, c) => s + c.cpu!.usageNanoCores!, 0);
  return out;
}

function sumMemory(cs: SummaryContainer[], time: string): MemoryStats | undefined {
  const with_ = cs.filter((c) => c.memory);
  if (with_.length === 0) return undefined;
  return { time, workingSetBytes: with_.reduce((s, c) => s + (c.memory!.workingSetBytes ?? 0), 0) };
}

function countProcesses(proc: string): number | undefined {
  try {
    return fs.readdirSync(proc).filter((n) => /^\d+$/.test(n)).length;
  } catch {
    return undefined;
  }
}

function bootTime(): number {
  try {
    const m = /^btime (\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    if (m) return Number(m[1]) * 1000;
  } catch {
    // fall through
  }
  return Date.now();
}
