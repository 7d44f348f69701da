/**
 * NodeResourcesFit: the node must have room for the pod's requests (pods count, CPU, memory,
 * ephemeral storage, extended resources) — Filter; and a scoring strategy ranks nodes by
 * allocation (LeastAllocated by default, MostAllocated, RequestedToCapacityRatio) — Score.
 */
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { PodInfo } from '../../cache/pod_info.js';
import { podInfoOf } from '../../cache/pod_info.js';
import { isExtendedResourceName } from '../../cache/resource.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unschedulable } from '../../framework/status.js';
import type { ResourceScorer, ResourceSpec, UtilizationShapePoint } from './resource_allocation.js';
import {
  leastAllocatedScorer,
  mostAllocatedScorer,
  requestedToCapacityRatioScorer,
  resourceAllocationScore,
} from './resource_allocation.js';

/** The plugin's name. */
export const NAME = 'NodeResourcesFit';

/** Args of NodeResourcesFit (`NodeResourcesFitArgs`). */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
  };
}

/** The resources scored by default. */
export const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** Whether the pod fits the node (the allocation-free check behind `insufficientResources`). */
export function fitsRequest(
  pod: PodInfo,
  ni: NodeInfo,
  ignored: ReadonlySet<string>,
  ignoredGroups: ReadonlySet<string>,
): boolean {
  if (ni.numPods + 1 > ni.allowedPods) return false;
  const r = pod.requests;
  if (r.milliCPU > 0 && r.milliCPU > ni.allocMilliCPU - ni.reqMilliCPU) return false;
  if (r.memory > 0 && r.memory > ni.allocMemory - ni.reqMemory) return false;
  if (r.ephemeralStorage === 0 && r.scalar.size === 0) return true;
  return insufficientResources(pod, ni, ignored, ignoredGroups).length === 0;
}

/** Why the pod does not fit the node: upstream's reasons, in upstream's order; empty when it fits. */
export function insufficientResources(
  pod: PodInfo,
  ni: NodeInfo,
  ignored: ReadonlySet<string> = new Set(),
  ignoredGroups: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  if (ni.pods.length + 1 > ni.allocatable.allowedPodNumber) out.push('Too many pods');
  const r = pod.requests;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalar.size === 0) return out;
  if (r.milliCPU > 0 && r.milliCPU > ni.allocatable.milliCPU - ni.requested.milliCPU)
    out.push('Insufficient cpu');
  if (r.memory > 0 && r.memory > ni.allocatable.memory - ni.requested.memory) out.push('Insufficient memory');
  if (
    r.ephemeralStorage > 0 &&
    r.ephemeralStorage > ni.allocatable.ephemeralStorage - ni.requested.ephemeralStorage
  )
    out.push('Insufficient ephemeral-storage');
  for (const [name, q] of r.scalar) {
    if (q === 0) continue;
    if (isExtendedResourceName(name)) {
      if (ignored.has(name)) continue;
      const slash = name.indexOf('/');
      if (slash >= 0 && ignoredGroups.has(name.slice(0, slash))) continue;
    }
    if (q > (ni.allocatable.scalar.get(name) ?? 0) - (ni.requested.scalar.get(name) ?? 0))
      out.push(`Insufficient ${name}`);
  }
  return out;
}

/** The scorer of a scoring strategy; throws on an unknown type or a bad shape. */
export function scorerFor(strategy: NodeResourcesFitArgs['scoringStrategy']): ResourceScorer {
  switch (strategy?.type ?? 'LeastAllocated') {
    case 'LeastAllocated':
      return leastAllocatedScorer;
    case 'MostAllocated':
      return mostAllocatedScorer;
    case 'RequestedToCapacityRatio': {
      const shape = strategy?.requestedToCapacityRatio?.shape ?? [];
      if (shape.length === 0)
        throw new Error('scoringStrategy.requestedToCapacityRatio.shape: Required value');
      return requestedToCapacityRatioScorer(shape);
    }
    default:
      throw new Error(`scoringStrategy.type: Unsupported value: "${String(strategy?.type)}"`);
  }
}

/** Builds the plugin. */
export function newNodeResourcesFit(
  args: Record<string, unknown> | undefined,
  _h: Handle,
): PreFilterPlugin & FilterPlugin & ScorePlugin & EnqueueExtensions {
  const a = (args ?? {}) as NodeResourcesFitArgs;
  const ignored = new Set(a.ignoredResources ?? []);
  const ignoredGroups = new Set(a.ignoredResourceGroups ?? []);
  const resources = a.scoringStrategy?.resources?.length ? a.scoringStrategy.resources : DEFAULT_RESOURCES;
  const scorer = scorerFor(a.scoringStrategy);
  return {
    name: NAME,
    preFilter: () => ({ status: SUCCESS }),
    filter(_s, pod: Pod, ni): Status {
      const pi = podInfoOf(pod);
      if (fitsRequest(pi, ni, ignored, ignoredGroups)) return SUCCESS;
      const reasons = insufficientResources(pi, ni, ignored, ignoredGroups);
      return reasons.length === 0 ? SUCCESS : unschedulable(...reasons);
    },
    score: (_s, pod, ni) => resourceAllocationScore(ni, podInfoOf(pod), resources, scorer, false),
    eventsToRegister: () => [
      { resource: 'AssignedPod', actions: ActionType.Delete | ActionType.UpdatePodScaleDown },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeAllocatable },
    ],
  };
}
