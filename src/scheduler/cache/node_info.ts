/**
 * The scheduler's aggregate view of one node (upstream's `framework.NodeInfo`): the Node, the
 * pods on it (bound and assumed), their summed requests, used host ports, pods with affinity, and
 * a generation bumped on every change so snapshots copy only what changed.
 */
import type { Node, Taint } from '../../api/types/node.js';
import type { HostPort, PodInfo } from './pod_info.js';
import { hasAffinity } from './pod_info.js';
import type { Resource } from './resource.js';
import { addResource, cloneResource, newResource, resourceFromList } from './resource.js';

let generationCounter = 0;

/** The next cache generation (monotonic across the process). */
export function nextGeneration(): number {
  return ++generationCounter;
}

/** The pods and usage of one node. */
export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts: HostPort[] = [];
  requested: Resource = newResource();
  nonZeroRequested: Resource = newResource();
  allocatable: Resource = newResource();
  /** Image name → size in bytes, from `status.images`. */
  images = new Map<string, number>();
  generation = nextGeneration();
  // Hot copies of the fields every filter and score reads, kept on this object so a cycle
  // walking hundreds of nodes touches one object per node.
  /** Allocatable milli-CPU. */
  allocMilliCPU = 0;
  /** Allocatable memory bytes. */
  allocMemory = 0;
  /** Allocatable pod count. */
  allowedPods = 0;
  /** Requested milli-CPU. */
  reqMilliCPU = 0;
  /** Requested memory bytes. */
  reqMemory = 0;
  /** Requested milli-CPU with the scoring defaults. */
  nzMilliCPU = 0;
  /** Requested memory with the scoring defaults. */
  nzMemory = 0;
  /** Number of pods. */
  numPods = 0;
  /** Whether the node reports any image. */
  hasImages = false;
  /** `spec.unschedulable`. */
  unschedulable = false;
  /** `spec.taints` (undefined when none). */
  taints: Taint[] | undefined = undefined;

  constructor(node?: Node) {
    if (node) this.setNode(node);
  }

  /** The node's name ('' before the Node object is known). */
  get name(): string {
    return this.node?.metadata.name ?? '';
  }

  /** Replaces the Node object. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceFromList(node.status?.allocatable);
    this.allocMilliCPU = this.allocatable.milliCPU;
    this.allocMemory = this.allocatable.memory;
    this.allowedPods = this.allocatable.allowedPodNumber;
    this.unschedulable = !!node.spec?.unschedulable;
    this.taints = node.spec?.taints?.length ? node.spec.taints : undefined;
    this.images = new Map();
    for (const img of node.status?.images ?? [])
      for (const n of img.names ?? []) this.images.set(normalizeImageName(n), img.sizeBytes ?? 0);
    this.hasImages = this.images.size > 0;
    this.generation = nextGeneration();
  }

  /** Adds a pod's usage. */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (hasAffinity(p)) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    addResource(this.requested, p.requests);
    addResource(this.nonZeroRequested, p.nonZeroRequests);
    this.syncHot();
    for (const hp of p.hostPorts) this.usedPorts.push(hp);
    this.generation = nextGeneration();
  }

  /** Removes the pod with `key`; false when it is not here. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const p = this.pods[i]!;
    this.pods.splice(i, 1);
    const drop = (list: PodInfo[]) => {
      const j = list.findIndex((x) => x.key === key);
      if (j >= 0) list.splice(j, 1);
    };
    drop(this.podsWithAffinity);
    drop(this.podsWithRequiredAntiAffinity);
    addResource(this.requested, p.requests, -1);
    addResource(this.nonZeroRequested, p.nonZeroRequests, -1);
    this.syncHot();
    for (const hp of p.hostPorts) {
      const j = this.usedPorts.indexOf(hp);
      if (j >= 0) this.usedPorts.splice(j, 1);
    }
    this.generation = nextGeneration();
    return true;
  }

  private syncHot(): void {
    this.numPods = this.pods.length;
    this.reqMilliCPU = this.requested.milliCPU;
    this.reqMemory = this.requested.memory;
    this.nzMilliCPU = this.nonZeroRequested.milliCPU;
    this.nzMemory = this.nonZeroRequested.memory;
  }

  /** A copy whose lists and sums can change without touching this one. */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = this.usedPorts.slice();
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = this.allocatable;
    c.images = this.images;
    c.generation = this.generation;
    c.allocMilliCPU = this.allocMilliCPU;
    c.allocMemory = this.allocMemory;
    c.allowedPods = this.allowedPods;
    c.reqMilliCPU = this.reqMilliCPU;
    c.reqMemory = this.reqMemory;
    c.nzMilliCPU = this.nzMilliCPU;
    c.nzMemory = this.nzMemory;
    c.unschedulable = this.unschedulable;
    c.numPods = this.numPods;
    c.hasImages = this.hasImages;
    c.taints = this.taints;
    return c;
  }
}

/** An image name with `:latest` added when it names no tag or digest, as upstream normalises. */
export function normalizeImageName(name: string): string {
  if (name.includes('@')) return name;
  const slash = name.lastIndexOf('/');
  return name.indexOf(':', slash + 1) >= 0 ? name : `${name}:latest`;
}
