/**
 * The Recreate strategy (upstream's `rolloutRecreate`): scale every old ReplicaSet to zero, wait
 * until no old pod runs, then create (or find) the new ReplicaSet and scale it to the full size.
 */
import type { ReplicaSet } from '../../api/types/apps.js';
import { deploymentComplete } from './conditions.js';
import type { DeploymentSync } from './deployment_sync.js';
import { activeReplicaSets, actualReplicaSum } from './replica_sets.js';
import { calculateStatus, syncRolloutStatus } from './rollout_status.js';

/** `oldPodsRunning`: old ReplicaSets still report pods, or a pod of theirs is not terminated. */
export function oldPodsRunning(
  s: DeploymentSync,
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
): boolean {
  if (actualReplicaSum(oldRSs) > 0) return true;
  for (const [uid, pods] of s.podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

/** Runs one step of a Recreate rollout. */
export async function rolloutRecreate(s: DeploymentSync): Promise<void> {
  let [newRS, oldRSs] = await s.newAndOld(false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) if ((await s.scaleAndRecord(rs, 0))[0]) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(s, newRS);
  oldRSs = oldRSs.map((rs) => s.current(rs)!);
  if (oldPodsRunning(s, newRS, oldRSs)) return syncRolloutStatus(s, newRS);
  if (!newRS) [newRS, oldRSs] = await s.newAndOld(true);
  await s.scaleAndRecord(s.current(newRS)!, s.replicas);
  if (deploymentComplete(s.d, calculateStatus(s, newRS))) await s.cleanup(oldRSs.map((rs) => s.current(rs)!));
  return syncRolloutStatus(s, newRS);
}
