/**
 * The CRI configuration of one container (upstream's `generateContainerConfig`): command and
 * args expanded with the container's env, working dir, env, mounts, labels and the kubelet's
 * annotations, the log path, stdin/tty, cgroup resources from requests and limits, and the
 * security context (the container's over the pod's).
 */
import { parseQuantity } from '../api/quantity.js';
import type { Container, Pod } from '../api/types/pod.js';
import type {
  ContainerConfig,
  KeyValue,
  LinuxContainerResources,
  Mount,
  NamespaceOption,
} from './cri/api.js';
import { containerHash } from './container_hash.js';
import { expandVars } from './expansion.js';
import { containerLabels, CriLabel } from './labels.js';

/** CFS period the kubelet uses for cpu limits (100 ms). */
export const CPU_PERIOD_US = 100_000;
const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const MIN_QUOTA_US = 1_000;

/** Upstream's paths masked in non-privileged containers. */
export const DEFAULT_MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
/** Upstream's paths read-only in non-privileged containers. */
export const DEFAULT_READONLY_PATHS = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

function milli(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return parseQuantity(q).milliValue();
  } catch {
    return undefined;
  }
}

function bytes(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return parseQuantity(q).value();
  } catch {
    return undefined;
  }
}

/** cpu request (millicores) → cgroup v1 cpu.shares, as upstream's `MilliCPUToShares`. */
export function milliCpuToShares(m: number): number {
  if (m === 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((m * 1024) / 1000)));
}

/** cpu limit (millicores) → CFS quota for `CPU_PERIOD_US`, as upstream's `MilliCPUToQuota`. */
export function milliCpuToQuota(m: number): number {
  if (m === 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((m * CPU_PERIOD_US) / 1000));
}

/** upstream's `GetContainerOOMScoreAdjust` by QoS class. */
export function oomScoreAdj(pod: Pod, container: Container, memoryCapacity: number): number {
  const qos = pod.status?.qosClass;
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort' || !qos) return 1000;
  const req = bytes(container.resources?.requests?.memory) ?? 0;
  const adj = 1000 - Math.floor((1000 * req) / Math.max(1, memoryCapacity));
  if (adj < 2) return 2;
  if (adj >= 1000) return 999;
  return adj;
}

/** The container's cgroup resources. */
export function containerResources(
  pod: Pod,
  container: Container,
  memoryCapacity: number,
): LinuxContainerResources {
  const req = container.resources?.requests ?? {};
  const lim = container.resources?.limits ?? {};
  const cpuReq = milli(req.cpu) ?? milli(lim.cpu) ?? 0;
  const r: LinuxContainerResources = {
    cpuShares: milliCpuToShares(cpuReq),
    oomScoreAdj: oomScoreAdj(pod, container, memoryCapacity),
  };
  const cpuLim = milli(lim.cpu);
  if (cpuLim) {
    r.cpuPeriod = CPU_PERIOD_US;
    r.cpuQuota = milliCpuToQuota(cpuLim);
  }
  const memLim = bytes(lim.memory);
  if (memLim) r.memoryLimitInBytes = memLim;
  return r;
}

/** The runtime's container log path, relative to the sandbox's log directory: `<name>/<restart>.log`. */
export function containerLogPath(container: Container, restartCount: number): string {
  return `${container.name}/${restartCount}.log`;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** Everything the container's config needs besides the pod and the container. */
export interface ContainerConfigInput {
  restartCount: number;
  /** The image as resolved by the runtime (its id or ref). */
  imageRef: string;
  env: KeyValue[];
  mounts: Mount[];
  namespaceOptions: NamespaceOption;
  /** The node's memory capacity in bytes (for Burstable OOM scores). */
  memoryCapacity: number;
}

/** The CRI config to create `container` of `pod` with. */
export function containerConfig(
  pod: Pod,
  container: Container,
  input: ContainerConfigInput,
): ContainerConfig {
  const envMap = new Map(input.env.map((e) => [e.key, e.value]));
  const lookup = (n: string) => envMap.get(n);
  const podSc = (pod.spec.securityContext ?? {}) as Record<string, unknown>;
  const sc = container.securityContext ?? {};
  const scr = sc as Record<string, unknown>;
  const runAsUser = int(scr.runAsUser) ?? int(podSc.runAsUser);
  const runAsGroup = int(scr.runAsGroup) ?? int(podSc.runAsGroup);
  const privileged = scr.privileged === true;
  const caps = (scr.capabilities ?? {}) as { add?: string[]; drop?: string[] };
  const supplementalGroups = Array.isArray(podSc.supplementalGroups)
    ? (podSc.supplementalGroups as unknown[]).filter((g): g is number => typeof g === 'number')
    : [];
  const fsGroup = int(podSc.fsGroup);
  if (fsGroup !== undefined) supplementalGroups.push(fsGroup);
  const terminationMessagePath = container.terminationMessagePath ?? '/dev/termination-log';
  return {
    metadata: { name: container.name, attempt: input.restartCount },
    image: { image: input.imageRef },
    command: container.command?.map((s) => expandVars(s, lookup)),
    args: container.args?.map((s) => expandVars(s, lookup)),
    workingDir: container.workingDir,
    envs: input.env,
    mounts: input.mounts,
    labels: containerLabels(pod, container),
    annotations: {
      [CriLabel.containerHash]: containerHash(container),
      [CriLabel.restartCount]: String(input.restartCount),
      [CriLabel.terminationMessagePath]: terminationMessagePath,
      [CriLabel.terminationMessagePolicy]: container.terminationMessagePolicy ?? 'File',
      [CriLabel.terminationGracePeriod]: String(pod.spec.terminationGracePeriodSeconds ?? 30),
    },
    logPath: containerLogPath(container, input.restartCount),
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    tty: container.tty === true,
    linux: {
      resources: containerResources(pod, container, input.memoryCapacity),
      securityContext: {
        privileged,
        capabilities: {
          addCapabilities: (caps.add ?? []).map((c) => c.toUpperCase()),
          dropCapabilities: (caps.drop ?? []).map((c) => c.toUpperCase()),
        },
        namespaceOptions: input.namespaceOptions,
        runAsUser: runAsUser !== undefined ? { value: runAsUser } : undefined,
        runAsGroup: runAsGroup !== undefined ? { value: runAsGroup } : undefined,
        readonlyRootfs: scr.readOnlyRootFilesystem === true,
        supplementalGroups,
        noNewPrivs: scr.allowPrivilegeEscalation === false,
        maskedPaths: privileged ? [] : DEFAULT_MASKED_PATHS,
        readonlyPaths: privileged ? [] : DEFAULT_READONLY_PATHS,
      },
    },
  };
}
