/**
 * InterPodAffinity's scoring: per topology pair, the weights of the incoming pod's preferred
 * (anti-)affinity terms matched by running pods, plus running pods' required affinity
 * (`hardPodAffinityWeight`) and preferred (anti-)affinity terms matched by the incoming pod;
 * a node scores the sum over its labels, normalised min–max to 0–100.
 */
import type { Node } from '../../../api/types/node.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { AffinityTerm, PodInfo } from '../../cache/pod_info.js';
import { termMatches } from '../../cache/pod_info.js';
import { MAX_NODE_SCORE } from '../../framework/framework.js';
import type { NodeScore } from '../../framework/interfaces.js';
import type { NamespaceLabels } from './topology_counts.js';

/** topologyKey → value → score. */
export type TopologyScore = Map<string, Map<string, number>>;

function processTerm(
  scores: TopologyScore,
  term: AffinityTerm,
  weight: number,
  pod: PodInfo,
  nsLabels: NamespaceLabels,
  node: Node,
  multiplier: number,
): void {
  if (!termMatches(term, pod.pod, nsLabels(pod.pod.metadata.namespace ?? ''))) return;
  const v = node.metadata.labels?.[term.topologyKey];
  if (v === undefined) return;
  let m = scores.get(term.topologyKey);
  if (!m) scores.set(term.topologyKey, (m = new Map()));
  m.set(v, (m.get(v) ?? 0) + weight * multiplier);
}

/** The topology scores for `incoming` given the running pods on `nodes`. */
export function computeTopologyScore(
  incoming: PodInfo,
  nodes: readonly NodeInfo[],
  allPods: boolean,
  nsLabels: NamespaceLabels,
  hardPodAffinityWeight: number,
): TopologyScore {
  const scores: TopologyScore = new Map();
  for (const ni of nodes) {
    const node = ni.node;
    if (!node || !node.metadata.labels) continue;
    for (const ex of allPods ? ni.pods : ni.podsWithAffinity) {
      for (const t of incoming.preferredAffinityTerms)
        processTerm(scores, t, t.weight, ex, nsLabels, node, 1);
      for (const t of incoming.preferredAntiAffinityTerms)
        processTerm(scores, t, t.weight, ex, nsLabels, node, -1);
      if (hardPodAffinityWeight > 0)
        for (const t of ex.requiredAffinityTerms)
          processTerm(scores, t, hardPodAffinityWeight, incoming, nsLabels, node, 1);
      for (const t of ex.preferredAffinityTerms)
        processTerm(scores, t, t.weight, incoming, nsLabels, node, 1);
      for (const t of ex.preferredAntiAffinityTerms)
        processTerm(scores, t, t.weight, incoming, nsLabels, node, -1);
    }
  }
  return scores;
}

/** A node's raw score: the sum of the scores of its topology pairs. */
export function nodeTopologyScore(scores: TopologyScore, node: Node): number {
  let s = 0;
  const labels = node.metadata.labels ?? {};
  for (const [key, values] of scores) {
    const v = labels[key];
    if (v !== undefined) s += values.get(v) ?? 0;
  }
  return s;
}

/** Min–max normalisation to 0–100 (all 0 when every node scores the same). */
export function normalizeTopologyScores(scores: NodeScore[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
}
