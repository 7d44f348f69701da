/**
 * What the pod garbage collector removes, as upstream's podgc decides it: terminated pods
 * (Succeeded or Failed) beyond the threshold, oldest first (evicted ones before others);
 * terminating pods never scheduled; terminating pods on nodes tainted out-of-service; and pods
 * bound to nodes that no longer exist.
 */
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';

/** The taint that lets pods on a shut-down node be removed (`node.kubernetes.io/out-of-service`). */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** Whether the pod has terminated (`Succeeded` or `Failed`). */
export function isPodTerminated(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

/** The terminated pods to delete to bring their number down to `threshold` (0: keep all). */
export function terminatedPodsToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  const evicted = (p: Pod) => (p.status?.reason === 'Evicted' ? 0 : 1);
  return terminated
    .sort(
      (a, b) =>
        evicted(a) - evicted(b) ||
        Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') ||
        (a.metadata.name! < b.metadata.name! ? -1 : 1),
    )
    .slice(0, excess);
}

/** Terminating pods that were never scheduled. */
export function unscheduledTerminatingPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.metadata.deletionTimestamp && !p.spec.nodeName);
}

/** Terminating pods on nodes that are not ready and tainted out-of-service. */
export function outOfServiceTerminatingPods(
  pods: readonly Pod[],
  nodeOf: (name: string) => Node | undefined,
): Pod[] {
  return pods.filter((p) => {
    if (!p.metadata.deletionTimestamp || !p.spec.nodeName) return false;
    const node = nodeOf(p.spec.nodeName);
    if (!node) return false;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    return !ready && (node.spec?.taints ?? []).some((t) => t.key === TAINT_OUT_OF_SERVICE);
  });
}

/** The names of nodes pods are bound to that are not among the known nodes. */
export function missingNodes(pods: readonly Pod[], nodeKnown: (name: string) => boolean): Set<string> {
  const out = new Set<string>();
  for (const p of pods) if (p.spec.nodeName && !nodeKnown(p.spec.nodeName)) out.add(p.spec.nodeName);
  return out;
}
