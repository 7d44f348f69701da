/**
 * InterPodAffinity's PreFilter and Filter: required pod affinity must find matching pods in the
 * node's topology domain; required anti-affinity — the pod's own and that of pods already
 * running — must not.
 */
import type { Node } from '../../../api/types/node.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { PodInfo } from '../../cache/pod_info.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable, unschedulable } from '../../framework/status.js';
import type { NamespaceLabels } from './topology_counts.js';
import { TopologyCounts, podMatchesAllTerms } from './topology_counts.js';

/** Upstream's reasons. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

/** The PreFilter state. */
export class InterPodAffinityState {
  constructor(
    readonly podInfo: PodInfo,
    readonly nsLabels: NamespaceLabels,
    /** Pairs where running pods' required anti-affinity matches the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Pairs holding pods that match all the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Pairs holding pods that match the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  /** A copy for what-if evaluation. */
  clone(): InterPodAffinityState {
    return new InterPodAffinityState(
      this.podInfo,
      this.nsLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  /** Accounts `existing` joining (`delta` 1) or leaving (-1) `node`. */
  updateWithPod(existing: PodInfo, node: Node, delta: number): void {
    const pod = this.podInfo.pod;
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
      existing.requiredAntiAffinityTerms,
      pod,
      this.nsLabels,
      node,
      delta,
    );
    this.affinityCounts.updateWithAffinityTerms(
      this.podInfo.requiredAffinityTerms,
      existing.pod,
      this.nsLabels,
      node,
      delta,
    );
    this.antiAffinityCounts.updateWithAntiAffinityTerms(
      this.podInfo.requiredAntiAffinityTerms,
      existing.pod,
      this.nsLabels,
      node,
      delta,
    );
  }
}

/**
 * Computes the state: existing anti-affinity over `antiAffinityNodes` (nodes with such pods),
 * the incoming pod's terms over `allNodes`.
 */
export function computeInterPodAffinityState(
  podInfo: PodInfo,
  allNodes: readonly NodeInfo[],
  antiAffinityNodes: readonly NodeInfo[],
  nsLabels: NamespaceLabels,
): InterPodAffinityState {
  const pod = podInfo.pod;
  const existingAnti = new TopologyCounts();
  for (const ni of antiAffinityNodes) {
    if (!ni.node) continue;
    for (const ex of ni.podsWithRequiredAntiAffinity)
      existingAnti.updateWithAntiAffinityTerms(ex.requiredAntiAffinityTerms, pod, nsLabels, ni.node, 1);
  }
  const aff = new TopologyCounts();
  const anti = new TopologyCounts();
  if (podInfo.requiredAffinityTerms.length > 0 || podInfo.requiredAntiAffinityTerms.length > 0) {
    for (const ni of allNodes) {
      if (!ni.node) continue;
      for (const ex of ni.pods) {
        aff.updateWithAffinityTerms(podInfo.requiredAffinityTerms, ex.pod, nsLabels, ni.node, 1);
        anti.updateWithAntiAffinityTerms(podInfo.requiredAntiAffinityTerms, ex.pod, nsLabels, ni.node, 1);
      }
    }
  }
  return new InterPodAffinityState(podInfo, nsLabels, existingAnti, aff, anti);
}

function satisfyPodAffinity(s: InterPodAffinityState, node: Node): boolean {
  let podsExist = true;
  const labels = node.metadata.labels ?? {};
  for (const t of s.podInfo.requiredAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere.
  return (
    s.affinityCounts.size === 0 &&
    podMatchesAllTerms(s.podInfo.requiredAffinityTerms, s.podInfo.pod, s.nsLabels)
  );
}

function satisfyPodAntiAffinity(s: InterPodAffinityState, node: Node): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = node.metadata.labels ?? {};
  for (const t of s.podInfo.requiredAntiAffinityTerms) {
    const v = labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(s: InterPodAffinityState, node: Node): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  const labels = node.metadata.labels ?? {};
  for (const k of Object.keys(labels)) if (s.existingAntiAffinityCounts.get(k, labels[k]!) > 0) return false;
  return true;
}

/** Filter: affinity (unresolvable), the pod's anti-affinity, then existing pods' anti-affinity. */
export function interPodAffinityFilter(s: InterPodAffinityState, node: Node): Status {
  if (!satisfyPodAffinity(s, node)) return unresolvable(ERR_REASON_AFFINITY);
  if (!satisfyPodAntiAffinity(s, node)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
  if (!satisfyExistingPodsAntiAffinity(s, node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
  return SUCCESS;
}

/** Whether the PreFilter can skip: no required terms and no running pod's anti-affinity applies. */
export function canSkipFilter(s: InterPodAffinityState): boolean {
  return (
    s.existingAntiAffinityCounts.size === 0 &&
    s.podInfo.requiredAffinityTerms.length === 0 &&
    s.podInfo.requiredAntiAffinityTerms.length === 0
  );
}
