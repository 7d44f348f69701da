/**
 * Counts of matching pods per topology pair (`key`, `value` of a node label), as upstream's
 * `topologyToMatchedTermCount`: the state InterPodAffinity's Filter reads.
 */
import type { Node } from '../../../api/types/node.js';
import type { Pod } from '../../../api/types/pod.js';
import type { AffinityTerm } from '../../cache/pod_info.js';
import { termMatches } from '../../cache/pod_info.js';

/** Namespace labels by namespace name. */
export type NamespaceLabels = (ns: string) => Readonly<Record<string, string>> | undefined;

/** Topology pair → number of matches. */
export class TopologyCounts {
  readonly counts = new Map<string, number>();

  /** The key of a pair. */
  static pair(key: string, value: string): string {
    return `${key}\u0000${value}`;
  }

  /** Adds `delta` to the pair of `node`'s `key` label, if the node has it. */
  update(node: Node, key: string, delta: number): void {
    const v = node.metadata.labels?.[key];
    if (v === undefined) return;
    const p = TopologyCounts.pair(key, v);
    const n = (this.counts.get(p) ?? 0) + delta;
    if (n === 0) this.counts.delete(p);
    else this.counts.set(p, n);
  }

  /** The count of a pair. */
  get(key: string, value: string): number {
    return this.counts.get(TopologyCounts.pair(key, value)) ?? 0;
  }

  /** Number of pairs with a non-zero count. */
  get size(): number {
    return this.counts.size;
  }

  /** For a pod matching every term: each term's pair on `node` changes by `delta`. */
  updateWithAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    nsLabels: NamespaceLabels,
    node: Node,
    delta: number,
  ): void {
    if (!podMatchesAllTerms(terms, pod, nsLabels)) return;
    for (const t of terms) this.update(node, t.topologyKey, delta);
  }

  /** For each term `pod` matches: the term's pair on `node` changes by `delta`. */
  updateWithAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    nsLabels: NamespaceLabels,
    node: Node,
    delta: number,
  ): void {
    for (const t of terms)
      if (termMatches(t, pod, nsLabels(pod.metadata.namespace ?? '')))
        this.update(node, t.topologyKey, delta);
  }

  /** A copy. */
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.counts) c.counts.set(k, v);
    return c;
  }
}

/** Whether `pod` matches every term (false for no terms). */
export function podMatchesAllTerms(
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels: NamespaceLabels,
): boolean {
  if (terms.length === 0) return false;
  const labels = nsLabels(pod.metadata.namespace ?? '');
  for (const t of terms) if (!termMatches(t, pod, labels)) return false;
  return true;
}
