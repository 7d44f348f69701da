/**
 * The synchronous part of a scheduling cycle (upstream's `schedulePod`): PreFilter, Filter over
 * an adaptive subset of nodes starting where the last cycle stopped, PreScore/Score of the
 * feasible ones, and a random pick among the best. A failure returns a `FitError` carrying the
 * per-node statuses that make the FailedScheduling message.
 */
import type { Pod } from '../api/types/pod.js';
import type { NodeInfo } from './cache/node_info.js';
import type { Snapshot } from './cache/snapshot.js';
import type { CycleState } from './framework/cycle_state.js';
import { fitErrorMessage } from './framework/fit_error.js';
import type { Framework } from './framework/framework.js';
import type { NodeScore, NodeToStatusMap } from './framework/interfaces.js';
import type { Status } from './framework/status.js';

/** At least this many nodes are evaluated when the cluster has them. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** Why the pod fits nowhere. */
export interface Diagnosis {
  nodeToStatus: NodeToStatusMap;
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

/** A pod that fits no node (upstream's `FitError`). */
export class FitError extends Error {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super();
  }

  /** The FailedScheduling text. */
  override get message(): string {
    const d = this.diagnosis;
    return fitErrorMessage(this.numAllNodes, d.nodeToStatus, d.preFilterMsg, d.postFilterMsg);
  }
}

/** The outcome of the algorithm. */
export type ScheduleResult =
  | { host: string; evaluatedNodes: number; feasibleNodes: number }
  | { fitError: FitError }
  | { error: Status };

/**
 * How many feasible nodes to look for among `numAllNodes` (upstream's `numFeasibleNodesToFind`):
 * all below 100; else `percentage` (0: adaptive, 50 − nodes/125, at least 5) but at least 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** The best-scored node, ties broken uniformly at random (reservoir sampling). */
export function selectHost(scores: readonly NodeScore[], random: () => number = Math.random): string {
  let best = scores[0]!;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i]!;
    if (s.score > best.score) {
      best = s;
      ties = 1;
    } else if (s.score === best.score) {
      ties++;
      if (random() * ties < 1) best = s;
    }
  }
  return best.name;
}

/** Runs the algorithm; keeps the rotating start index between calls. */
export class ScheduleAlgorithm {
  private nextStartNodeIndex = 0;

  constructor(private readonly globalPercentage: number) {}

  /** Schedules `pod` on `snap` with `fwk`. */
  schedule(fwk: Framework, state: CycleState, pod: Pod, snap: Snapshot): ScheduleResult {
    const all = snap.nodeInfoList;
    const diagnosis: Diagnosis = {
      nodeToStatus: new Map(),
      unschedulablePlugins: new Set(),
      preFilterMsg: '',
      postFilterMsg: '',
    };
    if (all.length === 0) {
      diagnosis.preFilterMsg = 'no nodes available to schedule pods';
      return { fitError: new FitError(pod, 0, diagnosis) };
    }
    const pre = fwk.runPreFilterPlugins(state, pod, all);
    if (!pre.status.isSuccess()) {
      if (!pre.status.isRejected()) return { error: pre.status };
      for (const ni of all) diagnosis.nodeToStatus.set(ni.name, pre.status);
      diagnosis.preFilterMsg = pre.status.message();
      if (pre.status.plugin) diagnosis.unschedulablePlugins.add(pre.status.plugin);
      return { fitError: new FitError(pod, all.length, diagnosis) };
    }
    // A pod nominated by an earlier preemption tries its node first.
    const nominated = pod.status?.nominatedNodeName;
    if (nominated) {
      const ni = snap.get(nominated);
      if (ni?.node && (!pre.result?.nodeNames || pre.result.nodeNames.has(nominated))) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
        if (s.isSuccess()) return { host: nominated, evaluatedNodes: 1, feasibleNodes: 1 };
      }
    }
    let nodes: readonly NodeInfo[] = all;
    if (pre.result?.nodeNames) {
      const picked: NodeInfo[] = [];
      for (const n of pre.result.nodeNames) {
        const ni = snap.get(n);
        if (ni?.node) picked.push(ni);
      }
      nodes = picked;
    }
    const feasible: NodeInfo[] = [];
    const n = nodes.length;
    const want = fwk.hasScorePlugins()
      ? numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.globalPercentage, n)
      : Math.min(n, 1);
    const start = n === 0 ? 0 : this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const ni = nodes[(start + i) % n]!;
      processed++;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, ni);
      if (s.isSuccess()) feasible.push(ni);
      else if (s.isRejected()) {
        diagnosis.nodeToStatus.set(ni.name, s);
        if (s.plugin) diagnosis.unschedulablePlugins.add(s.plugin);
      } else return { error: s };
    }
    this.nextStartNodeIndex = n === 0 ? 0 : (start + processed) % n;
    if (feasible.length === 0) return { fitError: new FitError(pod, all.length, diagnosis) };
    if (feasible.length === 1)
      return { host: feasible[0]!.name, evaluatedNodes: processed, feasibleNodes: 1 };
    const ps = fwk.runPreScorePlugins(state, pod, feasible);
    if (!ps.isSuccess()) return { error: ps };
    const scored = fwk.runScorePlugins(state, pod, feasible);
    if (!scored.status.isSuccess()) return { error: scored.status };
    return { host: selectHost(scored.totals), evaluatedNodes: processed, feasibleNodes: feasible.length };
  }
}
