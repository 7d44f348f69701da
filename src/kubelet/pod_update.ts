/**
 * Which changes of a pod in the API the kubelet acts on (upstream's `checkAndUpdatePod`): its
 * spec, labels, annotations and deletion (timestamp, grace period) ask for a sync; a change of
 * only its status (most often the kubelet's own write coming back through the watch) or of its
 * resourceVersion and managedFields is just remembered.
 */
import type { Pod } from '../api/types/pod.js';

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** True when going from `old` to `pod` needs a sync of the pod (see the file comment). */
export function podNeedsSync(old: Pod, pod: Pod): boolean {
  const o = old.metadata;
  const n = pod.metadata;
  return (
    o.uid !== n.uid ||
    o.deletionTimestamp !== n.deletionTimestamp ||
    o.deletionGracePeriodSeconds !== n.deletionGracePeriodSeconds ||
    !same(o.labels, n.labels) ||
    !same(o.annotations, n.annotations) ||
    !same(old.spec, pod.spec)
  );
}
