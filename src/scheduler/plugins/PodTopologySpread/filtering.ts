/**
 * PodTopologySpread's PreFilter and Filter (DoNotSchedule constraints): placing the pod in a
 * domain must keep `matching pods there + self − global minimum <= maxSkew`, the minimum being
 * 0 while fewer than `minDomains` domains exist.
 */
import type { Node } from '../../../api/types/node.js';
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { PodInfo } from '../../cache/pod_info.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable, unschedulable } from '../../framework/status.js';
import type { SpreadConstraint } from './constraints.js';
import { countMatching, nodeHasAllKeys, nodeIncluded } from './constraints.js';

/** Upstream's reasons. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

/** Matching-pod counts by topology key, then value. */
export type PairCounts = Map<string, Map<string, number>>;

function bump(m: PairCounts, key: string, value: string, delta: number): number {
  let byValue = m.get(key);
  if (!byValue) m.set(key, (byValue = new Map()));
  const n = (byValue.get(value) ?? 0) + delta;
  byValue.set(value, n);
  return n;
}

/** The two domains with the fewest matching pods for one key. */
export class CriticalPaths {
  v0 = '';
  n0 = Number.MAX_SAFE_INTEGER;
  v1 = '';
  n1 = Number.MAX_SAFE_INTEGER;

  /** Sets the count of `value` (upstream's `criticalPaths.update`). */
  update(value: string, num: number): void {
    if (value === this.v0 || value === this.v1) {
      if (value === this.v0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) [this.v0, this.n0, this.v1, this.n1] = [this.v1, this.n1, this.v0, this.n0];
    } else if (num < this.n0) {
      [this.v1, this.n1] = [this.v0, this.n0];
      [this.v0, this.n0] = [value, num];
    } else if (num < this.n1) [this.v1, this.n1] = [value, num];
  }
}

/** The PreFilter state. */
export class SpreadFilterState {
  constructor(
    readonly constraints: SpreadConstraint[],
    readonly pairCounts: PairCounts,
    readonly domains: Map<string, number>,
    readonly paths: Map<string, CriticalPaths>,
  ) {}

  /** A copy for what-if evaluation. */
  clone(): SpreadFilterState {
    const paths = new Map<string, CriticalPaths>();
    for (const [k, p] of this.paths) paths.set(k, Object.assign(new CriticalPaths(), p));
    const counts: PairCounts = new Map();
    for (const [k, m] of this.pairCounts) counts.set(k, new Map(m));
    return new SpreadFilterState(this.constraints, counts, this.domains, paths);
  }

  /** Accounts `existing` joining (`delta` 1) or leaving (-1) `node`, for the incoming `pod`. */
  updateWithPod(existing: PodInfo, pod: Pod, node: Node, delta: number): void {
    if (existing.pod.metadata.namespace !== pod.metadata.namespace) return;
    if (!nodeHasAllKeys(node, this.constraints)) return;
    const labels = existing.pod.metadata.labels ?? {};
    for (const c of this.constraints) {
      if (!nodeIncluded(c, pod, node)) continue;
      if (!c.selector.matches(labels)) continue;
      const v = node.metadata.labels![c.topologyKey]!;
      const n = bump(this.pairCounts, c.topologyKey, v, delta);
      this.paths.get(c.topologyKey)?.update(v, n);
    }
  }
}

/** Computes the state over all nodes. */
export function computeSpreadFilterState(
  pod: Pod,
  constraints: SpreadConstraint[],
  nodes: readonly NodeInfo[],
): SpreadFilterState {
  const pairCounts: PairCounts = new Map();
  const ns = pod.metadata.namespace ?? '';
  for (const ni of nodes) {
    const node = ni.node;
    if (!node || !nodeHasAllKeys(node, constraints)) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, node)) continue;
      bump(
        pairCounts,
        c.topologyKey,
        node.metadata.labels![c.topologyKey]!,
        countMatching(ni.pods, c.selector, ns),
      );
    }
  }
  const domains = new Map<string, number>();
  const paths = new Map<string, CriticalPaths>();
  for (const c of constraints) if (!paths.has(c.topologyKey)) paths.set(c.topologyKey, new CriticalPaths());
  for (const [key, byValue] of pairCounts) {
    domains.set(key, byValue.size);
    const p = paths.get(key)!;
    for (const [v, n] of byValue) p.update(v, n);
  }
  return new SpreadFilterState(constraints, pairCounts, domains, paths);
}

/** Filter: the skew each constraint would have with the pod on `node`. */
export function spreadFilter(s: SpreadFilterState, pod: Pod, node: Node): Status {
  const labels = node.metadata.labels ?? {};
  const podLabels = pod.metadata.labels ?? {};
  for (const c of s.constraints) {
    const v = labels[c.topologyKey];
    if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    let min = s.paths.get(c.topologyKey)?.n0 ?? 0;
    if (min === Number.MAX_SAFE_INTEGER) min = 0;
    if ((s.domains.get(c.topologyKey) ?? 0) < c.minDomains) min = 0;
    const self = c.selector.matches(podLabels) ? 1 : 0;
    const match = s.pairCounts.get(c.topologyKey)?.get(v) ?? 0;
    if (match + self - min > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return SUCCESS;
}
