/**
 * A Deployment's status (upstream's `calculateStatus`, `syncDeploymentStatus` and
 * `syncRolloutStatus`): replica counts summed over its ReplicaSets, Available while at least
 * replicas - maxUnavailable are available, Progressing with NewReplicaSetAvailable once complete,
 * ReplicaSetUpdated while progressing, ProgressDeadlineExceeded after progressDeadlineSeconds
 * without progress, and the ReplicaFailure of a ReplicaSet carried over.
 */
import { deepEqual } from '../../api/object.js';
import type { DeploymentStatus, ReplicaSet } from '../../api/types/apps.js';
import {
  Reasons,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions.js';
import type { DeploymentSync } from './deployment_sync.js';
import { maxUnavailable } from './fenceposts.js';
import { actualReplicaSum, availableReplicaSum, readyReplicaSum, specReplicaSum } from './replica_sets.js';

/** `calculateStatus`: counts from the ReplicaSets and the Available condition. */
export function calculateStatus(s: DeploymentSync, newRS: ReplicaSet | undefined): DeploymentStatus {
  const all = s.rsList;
  const available = availableReplicaSum(all);
  const status: DeploymentStatus = {
    observedGeneration: s.d.metadata.generation,
    replicas: actualReplicaSum(all),
    updatedReplicas: actualReplicaSum([s.current(newRS)]),
    readyReplicas: readyReplicaSum(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaSum(all) - available),
  };
  if (s.d.status?.collisionCount !== undefined) status.collisionCount = s.d.status.collisionCount;
  if (s.d.status?.conditions) status.conditions = [...s.d.status.conditions];
  if (available >= s.replicas - maxUnavailable(s.d))
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        Reasons.MinimumReplicasAvailable,
        'Deployment has minimum availability.',
        s.nowMs,
      ),
    );
  else
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        Reasons.MinimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        s.nowMs,
      ),
    );
  return status;
}

/** `syncDeploymentStatus`: writes the calculated status when it differs. */
export async function syncStatus(s: DeploymentSync, newRS: ReplicaSet | undefined): Promise<void> {
  const status = calculateStatus(s, newRS);
  if (!statusEqual(s.d.status, status)) await s.writeStatus(status);
}

/** `syncRolloutStatus`: the status with Progressing (progress, completion, deadline). */
export async function syncRolloutStatus(s: DeploymentSync, newRS: ReplicaSet | undefined): Promise<void> {
  const d = s.d;
  newRS = s.current(newRS);
  const status = calculateStatus(s, newRS);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const complete =
    status.replicas === status.updatedReplicas && cur?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          Reasons.NewReplicaSetAvailable,
          `${subject} has successfully progressed.`,
          s.nowMs,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const c = newCondition(
        'Progressing',
        'True',
        Reasons.ReplicaSetUpdated,
        `${subject} is progressing.`,
        s.nowMs,
      );
      if (cur) {
        if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, c);
    } else if (deploymentTimedOut(d, status, s.nowMs)) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'False',
          Reasons.TimedOut,
          `${subject} has timed out progressing.`,
          s.nowMs,
        ),
      );
    }
  }
  const failure = s.rsList
    .map((rs) => rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True'))
    .find((c) => c !== undefined);
  if (failure) setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  else removeCondition(status, 'ReplicaFailure');
  if (statusEqual(d.status, status)) {
    requeueStuck(s, status);
    return;
  }
  await s.writeStatus(status);
}

/** `requeueStuckDeployment`: look again when the progress deadline would pass. */
function requeueStuck(s: DeploymentSync, status: DeploymentStatus): void {
  const cur = getCondition(s.d.status, 'Progressing');
  if (!hasProgressDeadline(s.d) || !cur) return;
  if (deploymentComplete(s.d, status) || cur.reason === Reasons.TimedOut) return;
  const after = Date.parse(cur.lastUpdateTime ?? '') + s.d.spec.progressDeadlineSeconds! * 1000 - s.nowMs;
  s.requeueAfterMs = after < 1000 ? 1000 : after + 1000;
}

function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const norm = (s: DeploymentStatus | undefined) => ({
    observedGeneration: s?.observedGeneration ?? 0,
    replicas: s?.replicas ?? 0,
    updatedReplicas: s?.updatedReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    unavailableReplicas: s?.unavailableReplicas ?? 0,
    collisionCount: s?.collisionCount,
    conditions: s?.conditions ?? [],
  });
  return deepEqual(norm(a), norm(b));
}
