/**
 * A Deployment's ReplicaSets as upstream's `deploymentutil` sees them: the new one (its
 * template equals the Deployment's, ignoring the hash label), the old ones, their orderings
 * and their replica counts.
 */
import { deepEqual } from '../../api/object.js';
import type { ReplicaSet } from '../../api/types/apps.js';
import type { PodTemplateSpec } from '../../api/types/pod.js';
import { POD_TEMPLATE_HASH_LABEL } from './pod_template_hash.js';

/** spec.replicas (1 when unset, as defaulted). */
export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 1;

const created = (rs: ReplicaSet): number => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** `ReplicaSetsByCreationTimestamp`: oldest first, ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** `ReplicaSetsBySizeNewer`: larger first, then newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(b, a);
}

/** `ReplicaSetsBySizeOlder`: larger first, then older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreation(a, b);
}

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  if (!t) return t;
  const labels = { ...t.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** `EqualIgnoreHash`: the templates are equal once the pod-template-hash label is removed. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

/** `FindNewReplicaSet`: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(template: PodTemplateSpec, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, template));
}

/** `FilterActiveReplicaSets`: those with replicas wanted. */
export function activeReplicaSets(rsList: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rsList.filter((rs): rs is ReplicaSet => !!rs && specReplicas(rs) > 0);
}

/** `GetReplicaCountForReplicaSets`: the sum of spec.replicas. */
export function specReplicaSum(rsList: (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rsList) if (rs) n += specReplicas(rs);
  return n;
}

/** `GetActualReplicaCountForReplicaSets`: the sum of status.replicas. */
export function actualReplicaSum(rsList: (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rsList) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

/** The sum of status.readyReplicas. */
export function readyReplicaSum(rsList: (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rsList) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

/** The sum of status.availableReplicas. */
export function availableReplicaSum(rsList: (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rsList) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}
