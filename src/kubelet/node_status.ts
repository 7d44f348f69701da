/**
 * The kubelet's Node object (upstream's `setNodeStatus` functions): capacity and allocatable
 * (cpu, memory, ephemeral-storage, pods, hugepages), addresses, the kubelet endpoint, nodeInfo,
 * the MemoryPressure, DiskPressure, PIDPressure and Ready conditions with upstream's reasons and
 * messages, and the images on the node. `machineFacts` reads this machine; the rest is pure.
 */
import fs from 'node:fs';
import os from 'node:os';
import { nowTimestamp } from '../api/object.js';
import type { Node, NodeCondition, NodeStatus } from '../api/types/node.js';
import type { Image } from './cri/api.js';

/** What the kubelet reports of its machine. */
export interface MachineFacts {
  cpus: number;
  memoryBytes: number;
  /** Size of the filesystem holding the kubelet's root dir. */
  ephemeralStorageBytes: number;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  architecture: string;
}

function readTrim(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function osImage(): string {
  const text = readTrim('/etc/os-release');
  const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
  return m?.[1] ?? 'Linux';
}

/** Reads this machine's facts; `rootDir` is the kubelet's root (its filesystem is the node's ephemeral storage). */
export function machineFacts(rootDir: string): MachineFacts {
  let storage = 0;
  try {
    const st = fs.statfsSync(fs.existsSync(rootDir) ? rootDir : '/');
    storage = st.blocks * st.bsize;
  } catch {
    storage = 0;
  }
  return {
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    ephemeralStorageBytes: storage,
    machineID: readTrim('/etc/machine-id'),
    systemUUID: readTrim('/sys/class/dmi/id/product_uuid').toLowerCase(),
    bootID: readTrim('/proc/sys/kernel/random/boot_id'),
    kernelVersion: os.release(),
    osImage: osImage(),
    architecture: process.arch === 'x64' ? 'amd64' : process.arch,
  };
}

/** What the node reserves from capacity (upstream's kube-reserved + system-reserved + hard eviction thresholds). */
export interface Reservations {
  cpuMilli: number;
  memoryBytes: number;
  /** Fraction of ephemeral storage kept free (upstream's nodefs.available 10%). */
  ephemeralFraction: number;
}

/** Upstream's defaults: no kube/system reservation, and the hard eviction thresholds memory.available 100Mi, nodefs 10%. */
export const DEFAULT_RESERVATIONS: Reservations = {
  cpuMilli: 0,
  memoryBytes: 100 * 1024 * 1024,
  ephemeralFraction: 0.1,
};

/** The node's status inputs. */
export interface NodeStatusInput {
  nodeName: string;
  hostname: string;
  addresses: string[];
  kubeletPort: number;
  machine: MachineFacts;
  maxPods: number;
  reservations: Reservations;
  kubeletVersion: string;
  runtimeVersion: string;
  /** Why the runtime is not ready (network not ready, runtime down); undefined when ready. */
  runtimeNotReady?: string;
  images: Image[];
  nowMs: number;
}

function kib(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

function cond(
  old: NodeCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowMs: number,
): NodeCondition {
  const now = nowTimestamp(new Date(nowMs));
  const prev = old?.find((c) => c.type === type);
  return {
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime:
      prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
    reason,
    message,
  };
}

/** Upstream caps the reported images at 50, largest first. */
const MAX_IMAGES = 50;

/** The node's status, given its previous conditions (to keep transition times). */
export function nodeStatus(input: NodeStatusInput, oldConditions?: NodeCondition[]): NodeStatus {
  const m = input.machine;
  const r = input.reservations;
  const capacity = {
    cpu: String(m.cpus),
    memory: kib(m.memoryBytes),
    'ephemeral-storage': kib(m.ephemeralStorageBytes),
    pods: String(input.maxPods),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  const allocCpu = Math.max(0, m.cpus * 1000 - r.cpuMilli);
  const allocatable = {
    cpu: allocCpu % 1000 === 0 ? String(allocCpu / 1000) : `${allocCpu}m`,
    memory: kib(Math.max(0, m.memoryBytes - r.memoryBytes)),
    'ephemeral-storage': String(Math.floor(m.ephemeralStorageBytes * (1 - r.ephemeralFraction))),
    pods: String(input.maxPods),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  const now = input.nowMs;
  const conditions: NodeCondition[] = [
    cond(
      oldConditions,
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
      now,
    ),
    cond(
      oldConditions,
      'DiskPressure',
      'False',
      'KubeletHasNoDiskPressure',
      'kubelet has no disk pressure',
      now,
    ),
    cond(
      oldConditions,
      'PIDPressure',
      'False',
      'KubeletHasSufficientPID',
      'kubelet has sufficient PID available',
      now,
    ),
    input.runtimeNotReady
      ? cond(oldConditions, 'Ready', 'False', 'KubeletNotReady', input.runtimeNotReady, now)
      : cond(oldConditions, 'Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now),
  ];
  const images = [...input.images]
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
  return {
    capacity,
    allocatable,
    conditions,
    addresses: [
      ...input.addresses.map((a) => ({ type: 'InternalIP' as const, address: a })),
      { type: 'Hostname' as const, address: input.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: input.kubeletPort } },
    nodeInfo: {
      machineID: m.machineID,
      systemUUID: m.systemUUID,
      bootID: m.bootID,
      kernelVersion: m.kernelVersion,
      osImage: m.osImage,
      containerRuntimeVersion: input.runtimeVersion,
      kubeletVersion: input.kubeletVersion,
      kubeProxyVersion: input.kubeletVersion,
      operatingSystem: 'linux',
      architecture: m.architecture,
    },
    images,
  };
}

/** The labels the kubelet sets on its node (upstream's well-known ones) plus `extra`. */
export function nodeLabels(
  nodeName: string,
  arch: string,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
    ...extra,
  };
}

/** Whether two statuses differ in anything but heartbeat times (so a post can wait for the report period). */
export function nodeStatusChanged(a: NodeStatus | undefined, b: NodeStatus): boolean {
  if (!a) return true;
  const strip = (s: NodeStatus) =>
    JSON.stringify({
      ...s,
      conditions: (s.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined })),
    });
  return strip(a) !== strip(b);
}

/** A node object for registration. */
export function nodeForRegistration(
  input: NodeStatusInput,
  labels: Record<string, string>,
  taints: NonNullable<Node['spec']>['taints'],
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.nodeName,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: taints && taints.length > 0 ? { taints } : {},
    status: nodeStatus(input),
  };
}
