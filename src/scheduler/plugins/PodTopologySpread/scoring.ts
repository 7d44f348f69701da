/**
 * PodTopologySpread's scoring (ScheduleAnyway constraints): a node's raw score grows with the
 * matching pods in its domains, weighted by log(domains + 2); normalising reverses it so the
 * emptiest domains score 100. Nodes lacking a topology key score 0.
 */
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import { MAX_NODE_SCORE } from '../../framework/framework.js';
import type { NodeScore } from '../../framework/interfaces.js';
import type { SpreadConstraint } from './constraints.js';
import { LABEL_HOSTNAME, countMatching, nodeHasAllKeys, nodeIncluded } from './constraints.js';

const pairKey = (k: string, v: string) => `${k}\u0000${v}`;

/** The PreScore state. */
export interface SpreadScoreState {
  constraints: SpreadConstraint[];
  ignoredNodes: Set<string>;
  pairCounts: Map<string, number>;
  weights: number[];
}

/** Computes the state for the filtered nodes, counting pods over all nodes. */
export function computeSpreadScoreState(
  pod: Pod,
  constraints: SpreadConstraint[],
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  requireAllTopologies: boolean,
): SpreadScoreState {
  const s: SpreadScoreState = { constraints, ignoredNodes: new Set(), pairCounts: new Map(), weights: [] };
  const sizes = constraints.map(() => 0);
  for (const ni of filtered) {
    const node = ni.node!;
    if (requireAllTopologies && !nodeHasAllKeys(node, constraints)) {
      s.ignoredNodes.add(ni.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const k = pairKey(c.topologyKey, node.metadata.labels?.[c.topologyKey] ?? '');
      if (!s.pairCounts.has(k)) {
        s.pairCounts.set(k, 0);
        sizes[i]!++;
      }
    });
  }
  s.weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - s.ignoredNodes.size : sizes[i]!) + 2),
  );
  if (constraints.every((c) => c.topologyKey === LABEL_HOSTNAME)) return s;
  const ns = pod.metadata.namespace ?? '';
  for (const ni of all) {
    const node = ni.node;
    if (!node || (requireAllTopologies && !nodeHasAllKeys(node, constraints))) continue;
    for (const c of constraints) {
      if (c.topologyKey === LABEL_HOSTNAME || !nodeIncluded(c, pod, node)) continue;
      const k = pairKey(c.topologyKey, node.metadata.labels?.[c.topologyKey] ?? '');
      const cur = s.pairCounts.get(k);
      if (cur === undefined) continue;
      s.pairCounts.set(k, cur + countMatching(ni.pods, c.selector, ns));
    }
  }
  return s;
}

/** A node's raw score. */
export function spreadScore(s: SpreadScoreState, pod: Pod, ni: NodeInfo): number {
  if (s.ignoredNodes.has(ni.name)) return 0;
  const labels = ni.node!.metadata.labels ?? {};
  let score = 0;
  s.constraints.forEach((c, i) => {
    const v = labels[c.topologyKey];
    if (v === undefined) return;
    const cnt =
      c.topologyKey === LABEL_HOSTNAME
        ? countMatching(ni.pods, c.selector, pod.metadata.namespace ?? '')
        : (s.pairCounts.get(pairKey(c.topologyKey, v)) ?? 0);
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

/** Reverses and scales the raw scores to 0–100; ignored nodes get 0. */
export function normalizeSpreadScores(s: SpreadScoreState, scores: NodeScore[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) continue;
    if (sc.score < min) min = sc.score;
    if (sc.score > max) max = sc.score;
  }
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) sc.score = 0;
    else if (max === 0) sc.score = MAX_NODE_SCORE;
    else sc.score = Math.trunc((MAX_NODE_SCORE * (max + min - sc.score)) / max);
  }
}
