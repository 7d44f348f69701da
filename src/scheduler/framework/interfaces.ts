/**
 * The extension points of the scheduling framework, one small interface each (upstream's
 * `framework.*Plugin`). A plugin implements only the points it needs; the framework finds them
 * by the methods present. Expected rejections are statuses, never exceptions.
 */
import type { Pod } from '../../api/types/pod.js';
import type { NodeInfo } from '../cache/node_info.js';
import type { PodInfo } from '../cache/pod_info.js';
import type { CycleState } from './cycle_state.js';
import type { ClusterEvent } from './events.js';
import type { Status } from './status.js';

/** Every plugin has its upstream name. */
export interface Plugin {
  readonly name: string;
}

/** A pod waiting in the scheduling queue (upstream's `QueuedPodInfo`). */
export interface QueuedPodInfo {
  pod: Pod;
  key: string;
  /** When the pod was first added to the queue (ms). */
  initialAttemptTimestamp: number;
  /** When the pod was last added to the queue (ms); the age PrioritySort orders by. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected the pod in its last attempt (which events may help it). */
  unschedulablePlugins: Set<string>;
  /** Plugins that held it back in PreEnqueue. */
  gatedBy: string;
  /** The priority the queue sorts by. */
  priority: number;
}

/** PreEnqueue: whether the pod may enter the active queue at all. */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status;
}

/** QueueSort: the order of the active queue. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** What PreFilter may narrow the nodes to (undefined names: all nodes). */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

/** Incremental updates of a PreFilter's state when a pod is added to or removed from a node. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status;
  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status;
}

/** PreFilter: computes per-pod state once; Skip disables the plugin's Filter for this pod. */
export interface PreFilterPlugin extends Plugin {
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status: Status };
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

/** Filter: whether the pod can run on one node. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** The status of each node that failed the filters. */
export type NodeToStatusMap = Map<string, Status>;

/** What PostFilter achieved (a node nominated for the pod after preemption). */
export interface PostFilterResult {
  nominatedNodeName?: string;
}

/** PostFilter: called when no node fits (preemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatusMap,
  ): Promise<{ result?: PostFilterResult; status: Status }>;
}

/** PreScore: computes per-pod scoring state; Skip disables the plugin's Score for this pod. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

/** A node's score. */
export interface NodeScore {
  name: string;
  score: number;
}

/** Score: ranks a feasible node (0–100 after normalising); throws only on internal errors. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescales the scores of all feasible nodes into 0–100, in place. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
}

/** Reserve: claims per-node resources the plugin tracks; Unreserve undoes it. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Permit: approves, rejects or delays (Wait, with a timeout) the binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): { status: Status; timeoutMs: number };
}

/** PreBind: work before binding (volumes). */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
}

/** Bind: binds the pod; Skip passes to the next binder. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
}

/** PostBind: informational, after a successful bind. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** The events that may make a pod rejected by this plugin schedulable. */
export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEvent[];
}
