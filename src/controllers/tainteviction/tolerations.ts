/**
 * When a pod must leave a node for its NoExecute taints, as upstream's taint eviction
 * controller decides: a taint no toleration of the pod tolerates evicts at once; otherwise the
 * pod stays for the smallest `tolerationSeconds` among the tolerations used (forever when none
 * sets it), counted from when the taints were added.
 */
import type { Taint } from '../../api/types/node.js';
import type { Toleration } from '../../api/types/pod.js';

/** Whether `t` tolerates `taint` (`Toleration.ToleratesTaint`). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The eviction decision for a pod on a node. */
export type EvictionDecision =
  | { kind: 'none' }
  | { kind: 'now' }
  /** Evict at `at` (ms since the epoch). */
  | { kind: 'at'; at: number };

/**
 * The decision for a pod with `tolerations` on a node with `taints` (NoExecute ones count);
 * `firstSeen` is when a taint without `timeAdded` was first observed.
 */
export function evictionDecision(
  tolerations: readonly Toleration[],
  taints: readonly Taint[],
  firstSeen: number,
): EvictionDecision {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return { kind: 'none' };
  let minSeconds = Infinity;
  let since = Infinity;
  for (const taint of noExecute) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) return { kind: 'now' };
    for (const t of used)
      if (t.tolerationSeconds !== undefined) minSeconds = Math.min(minSeconds, t.tolerationSeconds);
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : firstSeen;
    since = Math.min(since, Number.isNaN(added) ? firstSeen : added);
  }
  if (minSeconds === Infinity) return { kind: 'none' };
  if (minSeconds <= 0) return { kind: 'now' };
  return { kind: 'at', at: since + minSeconds * 1000 };
}
