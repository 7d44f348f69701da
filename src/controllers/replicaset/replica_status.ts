/**
 * The status a ReplicaSet (or ReplicationController) reports, computed from the active pods it
 * owns, as upstream's `calculateStatus`: replicas, fullyLabeledReplicas (pods carrying all the
 * template's labels), readyReplicas, availableReplicas (ready for minReadySeconds), and the
 * ReplicaFailure condition while creating or deleting pods fails.
 */
import { selectorFromSet } from '../../api/label_selector.js';
import { deepEqual, nowTimestamp } from '../../api/object.js';
import type { ReplicaSetStatus, WorkloadCondition } from '../../api/types/apps.js';
import type { Pod, PodTemplateSpec } from '../../api/types/pod.js';
import { isPodAvailable, isPodReady } from './pod_ranking.js';

/** The fields of a ReplicaSet or ReplicationController that its status depends on. */
export interface ReplicaOwner {
  metadata: { generation?: number };
  spec: { replicas?: number; minReadySeconds?: number; template?: PodTemplateSpec };
  status?: ReplicaSetStatus;
}

/** The condition type reporting failed pod creations or deletions. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Sets `cond` in `conds` unless one with the same status and reason is there (`SetCondition`). */
export function setCondition(conds: WorkloadCondition[], cond: WorkloadCondition): WorkloadCondition[] {
  const cur = conds.find((c) => c.type === cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return conds;
  return [...conds.filter((c) => c.type !== cond.type), cond];
}

/**
 * The new status of `owner` given its active `pods`, the error of this sync's pod creations or
 * deletions (if any), and the time. `observedGeneration` is kept as it was (set on write).
 */
export function calculateReplicaStatus(
  owner: ReplicaOwner,
  pods: Pod[],
  manageError: Error | undefined,
  nowMs: number,
): ReplicaSetStatus {
  const templateLabels = selectorFromSet(owner.spec.template?.metadata?.labels);
  const minReady = owner.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  let conditions = owner.status?.conditions ?? [];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failure) {
    const diff = pods.length - (owner.spec.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = setCondition(conditions, {
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: nowTimestamp(new Date(nowMs)),
      reason,
      message: manageError.message,
    });
  } else if (!manageError && failure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (owner.status?.observedGeneration) status.observedGeneration = owner.status.observedGeneration;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/**
 * Whether `next` differs from the stored status in a way worth a write (upstream skips the
 * write when counts and conditions are equal and the generation was already observed).
 */
export function replicaStatusChanged(owner: ReplicaOwner, next: ReplicaSetStatus): boolean {
  const cur = owner.status;
  return (
    (cur?.replicas ?? 0) !== next.replicas ||
    (cur?.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (cur?.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (cur?.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    (owner.metadata.generation ?? 0) !== (cur?.observedGeneration ?? 0) ||
    !deepEqual(cur?.conditions ?? [], next.conditions ?? [])
  );
}
