/**
 * Taints and tolerations, as upstream's `v1helper`: a toleration with an empty effect tolerates
 * every effect, an empty key with `Exists` tolerates every taint, `Equal` (the default) compares
 * values.
 */
import type { Taint } from '../../api/types/node.js';
import type { Toleration } from '../../api/types/pod.js';

/** Whether `t` tolerates `taint`. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** Whether any toleration tolerates `taint`. */
export function taintToleratedByTolerations(taint: Taint, tolerations: readonly Toleration[]): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * The first taint with an effect accepted by `effects` that no toleration tolerates, or
 * undefined (upstream's `FindMatchingUntoleratedTaint`).
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
  effects: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!effects(taint)) continue;
    if (!taintToleratedByTolerations(taint, tolerations)) return taint;
  }
  return undefined;
}
