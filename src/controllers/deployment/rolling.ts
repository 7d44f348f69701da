/**
 * The RollingUpdate strategy (upstream's `rolloutRolling`): scale the new ReplicaSet up as far
 * as maxSurge allows; otherwise scale old ReplicaSets down as far as maxUnavailable allows
 * (unhealthy replicas first); once complete, clean up old revisions; then the rollout status.
 */
import type { ReplicaSet } from '../../api/types/apps.js';
import { deploymentComplete } from './conditions.js';
import type { DeploymentSync } from './deployment_sync.js';
import { maxUnavailable, newRSNewReplicas } from './fenceposts.js';
import {
  activeReplicaSets,
  availableReplicaSum,
  byCreation,
  specReplicaSum,
  specReplicas,
} from './replica_sets.js';
import { calculateStatus, syncRolloutStatus } from './rollout_status.js';

/** Runs one step of a rolling update. */
export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const [created, oldRSs] = await s.newAndOld(true);
  const newRS = created!;
  if (await reconcileNewReplicaSet(s, newRS)) return syncRolloutStatus(s, newRS);
  const old = oldRSs.map((rs) => s.current(rs)!);
  if (await reconcileOldReplicaSets(s, activeReplicaSets(old), s.current(newRS)!))
    return syncRolloutStatus(s, newRS);
  if (deploymentComplete(s.d, calculateStatus(s, newRS))) await s.cleanup(old.map((rs) => s.current(rs)!));
  return syncRolloutStatus(s, newRS);
}

/** `reconcileNewReplicaSet`: true when the new ReplicaSet was scaled. */
async function reconcileNewReplicaSet(s: DeploymentSync, newRS: ReplicaSet): Promise<boolean> {
  const replicas = s.replicas;
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return (await s.scaleAndRecord(newRS, replicas))[0];
  const count = newRSNewReplicas(s.d, s.rsList, newRS);
  return (await s.scaleAndRecord(newRS, count))[0];
}

/** `reconcileOldReplicaSets`: true when any old ReplicaSet was scaled down. */
async function reconcileOldReplicaSets(
  s: DeploymentSync,
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
): Promise<boolean> {
  const oldPods = specReplicaSum(oldRSs);
  if (oldPods === 0) return false;
  const allPods = specReplicaSum(s.rsList);
  const minAvailable = s.replicas - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(
    s,
    oldRSs.map((rs) => s.current(rs)!),
  );
  return cleaned + scaledDown > 0;
}

/** `cleanupUnhealthyReplicas`: scale old ReplicaSets down by their unavailable replicas first. */
async function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRSs: ReplicaSet[],
  maxCleanup: number,
): Promise<number> {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const want = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (want === 0 || want === available) continue;
    const down = Math.min(maxCleanup - total, want - available);
    await s.scaleAndRecord(rs, want - down);
    total += down;
  }
  return total;
}

/** `scaleDownOldReplicaSetsForRollingUpdate`: scale down while availability stays above the minimum. */
async function scaleDownOldForRollingUpdate(s: DeploymentSync, oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = s.replicas - maxUnavailable(s.d);
  const available = availableReplicaSum(s.rsList);
  if (available <= minAvailable) return 0;
  const todo = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= todo) break;
    if (specReplicas(rs) === 0) continue;
    const down = Math.min(specReplicas(rs), todo - total);
    await s.scaleAndRecord(rs, specReplicas(rs) - down);
    total += down;
  }
  return total;
}
