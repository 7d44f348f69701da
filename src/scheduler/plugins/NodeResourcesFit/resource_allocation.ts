/**
 * Resource-allocation scoring shared by NodeResourcesFit and NodeResourcesBalancedAllocation
 * (upstream's `resourceAllocationScorer`): per configured resource, the node's allocatable and
 * what would be requested with the pod; a scorer turns those vectors into 0–100.
 */
import type { NodeInfo } from '../../cache/node_info.js';
import type { PodInfo } from '../../cache/pod_info.js';
import type { Resource } from '../../cache/resource.js';
import { isScalarResourceName } from '../../cache/resource.js';
import { MAX_NODE_SCORE } from '../../framework/framework.js';

/** A scored resource and its weight. */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** Turns requested/allocatable vectors (same order as the resources) into a score. */
export type ResourceScorer = (
  requested: number[],
  allocatable: number[],
  resources: readonly ResourceSpec[],
) => number;

function amount(r: Resource, name: string): number {
  switch (name) {
    case 'cpu':
      return r.milliCPU;
    case 'memory':
      return r.memory;
    case 'ephemeral-storage':
      return r.ephemeralStorage;
    case 'pods':
      return r.allowedPodNumber;
    default:
      return r.scalar.get(name) ?? 0;
  }
}

const pair = { requested: [0, 0], allocatable: [0, 0] };

/**
 * Scores `ni` for the pod. With `useRequested`, the node's and pod's actual requests count;
 * otherwise CPU and memory use the non-zero defaults (100m, 200Mi) for containers requesting none.
 * A scalar resource the pod does not request, or the node does not have, is left out.
 */
export function resourceAllocationScore(
  ni: NodeInfo,
  pod: PodInfo,
  resources: readonly ResourceSpec[],
  scorer: ResourceScorer,
  useRequested: boolean,
): number {
  const n = resources.length;
  if (n === 2 && resources[0]!.name === 'cpu' && resources[1]!.name === 'memory') {
    // The default resources, from the node's hot fields.
    const pr = useRequested ? pod.requests : pod.nonZeroRequests;
    const a0 = ni.allocMilliCPU;
    const a1 = ni.allocMemory;
    pair.requested[0] = a0 === 0 ? 0 : (useRequested ? ni.reqMilliCPU : ni.nzMilliCPU) + pr.milliCPU;
    pair.requested[1] = a1 === 0 ? 0 : (useRequested ? ni.reqMemory : ni.nzMemory) + pr.memory;
    pair.allocatable[0] = a0;
    pair.allocatable[1] = a1;
    return scorer(pair.requested, pair.allocatable, resources);
  }
  const requested = new Array<number>(n).fill(0);
  const allocatable = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const name = resources[i]!.name;
    const nonZero = !useRequested && (name === 'cpu' || name === 'memory');
    const podReq = amount(nonZero ? pod.nonZeroRequests : pod.requests, name);
    if (podReq === 0 && isScalarResourceName(name)) continue;
    const alloc = amount(ni.allocatable, name);
    if (alloc === 0) continue;
    allocatable[i] = alloc;
    requested[i] = amount(nonZero ? ni.nonZeroRequested : ni.requested, name) + podReq;
  }
  return scorer(requested, allocatable, resources);
}

/** LeastAllocated: the weighted mean of free fractions (integer arithmetic, as upstream). */
export const leastAllocatedScorer: ResourceScorer = (requested, allocatable, resources) => {
  let score = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i]!;
    if (cap === 0) continue;
    const w = resources[i]!.weight;
    const req = requested[i]!;
    score += (req > cap ? 0 : Math.trunc(((cap - req) * MAX_NODE_SCORE) / cap)) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
};

/** MostAllocated: the weighted mean of used fractions (requests above capacity count as full). */
export const mostAllocatedScorer: ResourceScorer = (requested, allocatable, resources) => {
  let score = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i]!;
    if (cap === 0) continue;
    const w = resources[i]!.weight;
    const req = Math.min(requested[i]!, cap);
    score += Math.trunc((req * MAX_NODE_SCORE) / cap) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
};

/** A point of a RequestedToCapacityRatio shape: utilization 0–100 → score 0–10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** The piecewise-linear function through the shape (scores already scaled to 0–100). */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return (
          a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization))
        );
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/** RequestedToCapacityRatio: the shape applied to each resource's utilization, weighted mean rounded. */
export function requestedToCapacityRatioScorer(shape: readonly UtilizationShapePoint[]): ResourceScorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / 10) }));
  const fn = brokenLinearFunction(scaled);
  return (requested, allocatable, resources) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i]!;
      if (cap === 0) continue;
      const w = resources[i]!.weight;
      const util = requested[i]! > cap ? 100 : Math.trunc((requested[i]! * 100) / cap);
      score += fn(util) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.round(score / weightSum);
  };
}

/** BalancedAllocation: 100 × (1 − the standard deviation of the used fractions, each capped at 1). */
export const balancedResourceScorer: ResourceScorer = (requested, allocatable) => {
  if (requested.length === 2 && allocatable[0]! > 0 && allocatable[1]! > 0) {
    const f0 = Math.min(1, requested[0]! / allocatable[0]!);
    const f1 = Math.min(1, requested[1]! / allocatable[1]!);
    return Math.trunc((1 - Math.abs((f0 - f1) / 2)) * MAX_NODE_SCORE);
  }
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i]!;
    if (cap === 0) continue;
    const f = Math.min(1, requested[i]! / cap);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};
