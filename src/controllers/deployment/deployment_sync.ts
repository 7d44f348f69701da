/**
 * One sync of one Deployment (upstream's `DeploymentController` sync methods): the working
 * state — the Deployment, its ReplicaSets, its pods per ReplicaSet — and the steps every
 * strategy shares: finding or creating the new ReplicaSet with its revision, scaling a
 * ReplicaSet with a ScalingReplicaSet event, proportional scaling, revision history cleanup,
 * paused conditions and the status with its Available and Progressing conditions. Writes go
 * through `DeploymentWriter`; the working state follows every write.
 */
import { StatusError } from '../../api/status_error.js';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import { newControllerRef } from '../replicaset/controller_ref.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  intAnnotation,
  maxRevision,
  replicasAnnotationsNeedUpdate,
  revisionOf,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './annotations.js';
import { Reasons, getCondition, hasProgressDeadline, newCondition, setCondition } from './conditions.js';
import { isRollingUpdate, isSaturated, maxSurge, newRSNewReplicas, proportion } from './fenceposts.js';
import { POD_TEMPLATE_HASH_LABEL, computeHash } from './pod_template_hash.js';
import { syncStatus } from './rollout_status.js';
import {
  activeReplicaSets,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  equalIgnoreHash,
  findNewReplicaSet,
  specReplicaSum,
  specReplicas,
} from './replica_sets.js';

/** The writes a sync makes. */
export interface DeploymentWriter {
  createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  deleteReplicaSet(rs: ReplicaSet): Promise<void>;
  /** The ReplicaSet named so in the cache (after a create answered AlreadyExists). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  updateDeploymentStatus(d: Deployment): Promise<Deployment>;
  /**
   * Sets annotations of the Deployment (its revision) with an update at its resourceVersion, as
   * upstream's (its role may update deployments, not patch them); answers the updated object.
   */
  updateDeploymentAnnotations(d: Deployment, annotations: Record<string, string>): Promise<Deployment>;
  event(d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** The state and the shared steps of one sync. */
export class DeploymentSync {
  /** When to look at the Deployment again (progress deadline, minReadySeconds). */
  requeueAfterMs: number | undefined;

  constructor(
    public d: Deployment,
    public rsList: ReplicaSet[],
    readonly podMap: Map<string, Pod[]>,
    readonly w: DeploymentWriter,
    readonly nowMs: number,
  ) {}

  get replicas(): number {
    return this.d.spec.replicas ?? 1;
  }

  private replace(rs: ReplicaSet): ReplicaSet {
    const i = this.rsList.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
    return rs;
  }

  /** Writes `status` and continues with the answered Deployment. */
  async writeStatus(status: DeploymentStatus): Promise<void> {
    this.d = await this.w.updateDeploymentStatus({ ...this.d, status });
  }

  private async setDeploymentRevision(revision: string): Promise<void> {
    if (this.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
    this.d = await this.w.updateDeploymentAnnotations(this.d, { [REVISION_ANNOTATION]: revision });
  }

  /** `getAllReplicaSetsAndSyncRevision`: [new (maybe created), old ones]. */
  async newAndOld(createIfMissing: boolean): Promise<[ReplicaSet | undefined, ReplicaSet[]]> {
    const existing = findNewReplicaSet(this.d.spec.template, this.rsList);
    const old = this.rsList.filter((rs) => rs !== existing);
    const newRS = await this.getNewReplicaSet(existing, old, createIfMissing);
    return [newRS, this.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid)];
  }

  private async getNewReplicaSet(
    existing: ReplicaSet | undefined,
    old: ReplicaSet[],
    createIfMissing: boolean,
  ): Promise<ReplicaSet | undefined> {
    const newRevision = maxRevision(old) + 1;
    const d = this.d;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
      const minReady = d.spec.minReadySeconds ?? 0;
      if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReady) {
        copy.spec.minReadySeconds = minReady;
        return this.replace(await this.w.updateReplicaSet(copy));
      }
      await this.setDeploymentRevision(copy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && !getCondition(this.d.status, 'Progressing')) {
        const status = structuredClone(this.d.status ?? {});
        setCondition(
          status,
          newCondition(
            'Progressing',
            'True',
            Reasons.FoundNewReplicaSet,
            `Found new replica set "${copy.metadata.name}"`,
            this.nowMs,
          ),
        );
        await this.writeStatus(status);
      }
      return existing;
    }
    if (!createIfMissing) return undefined;
    const template = structuredClone(d.spec.template);
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: template.metadata.labels,
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    rs.spec.replicas = newRSNewReplicas(d, [...old, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false, maxSurge(d));
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.w.createReplicaSet(rs);
    } catch (err) {
      if (err instanceof StatusError && err.code === 409 && err.reason === 'AlreadyExists') {
        const found = this.w.cachedReplicaSet(d.metadata.namespace ?? '', rs.metadata.name!);
        const ref = found?.metadata.ownerReferences?.find((r) => r.controller);
        if (found && ref?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec.template)) {
          created = found;
          alreadyExists = true;
        } else {
          // A hash collision: bump collisionCount so the next sync computes another name.
          const status = structuredClone(this.d.status ?? {});
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(status).catch(() => undefined);
          throw err;
        }
      } else if (
        err instanceof StatusError &&
        (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
      ) {
        throw err;
      } else {
        const msg = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
        if (hasProgressDeadline(d)) {
          const status = structuredClone(this.d.status ?? {});
          setCondition(
            status,
            newCondition('Progressing', 'False', Reasons.FailedReplicaSetCreate, msg, this.nowMs),
          );
          await this.writeStatus(status).catch(() => undefined);
        }
        this.w.event(d, 'Warning', Reasons.FailedReplicaSetCreate, msg);
        throw err;
      }
    }
    this.replace(created);
    const count = specReplicas(created);
    if (!alreadyExists && count > 0)
      this.w.event(
        this.d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} from 0 to ${count}`,
      );
    await this.setDeploymentRevision(String(newRevision));
    if (!alreadyExists && hasProgressDeadline(this.d)) {
      const status = structuredClone(this.d.status ?? {});
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          Reasons.NewReplicaSet,
          `Created new replica set "${created.metadata.name}"`,
          this.nowMs,
        ),
      );
      await this.writeStatus(status);
    }
    return created;
  }

  /** `scaleReplicaSetAndRecordEvent`: true when the size changed. */
  async scaleAndRecord(rs: ReplicaSet, newScale: number): Promise<[boolean, ReplicaSet]> {
    if (specReplicas(rs) === newScale) return [false, rs];
    return this.scaleReplicaSet(rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** `scaleReplicaSet`: sets the size and the replicas annotations; events a size change. */
  async scaleReplicaSet(rs: ReplicaSet, newScale: number, op: string): Promise<[boolean, ReplicaSet]> {
    const sizeChanges = specReplicas(rs) !== newScale;
    const desired = this.replicas;
    const max = desired + maxSurge(this.d);
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return [false, rs];
    const oldScale = specReplicas(rs);
    const copy = structuredClone(rs);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.replace(await this.w.updateReplicaSet(copy));
    if (sizeChanges)
      this.w.event(
        this.d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${op} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`,
      );
    return [sizeChanges, updated];
  }

  /** `isScalingEvent`: an active ReplicaSet was last scaled for another replica count. */
  async isScalingEvent(): Promise<boolean> {
    const [newRS, old] = await this.newAndOld(false);
    for (const rs of activeReplicaSets([...old, newRS])) {
      const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
      if (desired !== undefined && desired !== this.replicas) return true;
    }
    return false;
  }

  /** `sync`: scaling (and cleanup when paused) without rolling out. */
  async syncScale(): Promise<void> {
    const [newRS, old] = await this.newAndOld(false);
    await this.scale(newRS, old);
    if (this.d.spec.paused)
      await this.cleanup(this.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid));
    await syncStatus(this, this.current(newRS));
  }

  /** The newest version of `rs` in the working state. */
  current(rs: ReplicaSet | undefined): ReplicaSet | undefined {
    return rs && this.rsList.find((x) => x.metadata.uid === rs.metadata.uid);
  }

  /** `scale`: the whole size to the active (or latest) ReplicaSet, or proportionally. */
  async scale(newRS: ReplicaSet | undefined, old: ReplicaSet[]): Promise<void> {
    const replicas = this.replicas;
    const activeOrLatest = findActiveOrLatest(newRS, old);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) !== replicas) await this.scaleAndRecord(activeOrLatest, replicas);
      return;
    }
    if (isSaturated(this.d, newRS)) {
      for (const rs of activeReplicaSets(old)) await this.scaleAndRecord(rs, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const all = activeReplicaSets([...old, newRS]);
    const allowed = replicas > 0 ? replicas + maxSurge(this.d) : 0;
    const toAdd = allowed - specReplicaSum(all);
    let op = '';
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      op = 'up';
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      op = 'down';
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportion(rs, this.d, toAdd, added);
        sizes.set(rs.metadata.uid!, specReplicas(rs) + p);
        added += p;
      } else sizes.set(rs.metadata.uid!, specReplicas(rs));
    }
    for (let i = 0; i < all.length; i++) {
      const rs = all[i]!;
      let size = sizes.get(rs.metadata.uid!)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      await this.scaleReplicaSet(rs, size, op);
    }
  }

  /** `cleanupDeployment`: deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(old: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = old.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      await this.w.deleteReplicaSet(rs);
    }
  }

  /** `checkPausedConditions`: Progressing Unknown DeploymentPaused / DeploymentResumed. */
  async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const cond = getCondition(this.d.status, 'Progressing');
    if (cond?.reason === Reasons.TimedOut) return;
    const pausedExists = cond?.reason === Reasons.Paused;
    const status = structuredClone(this.d.status ?? {});
    if (this.d.spec.paused && !pausedExists)
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused', this.nowMs),
      );
    else if (!this.d.spec.paused && pausedExists)
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed', this.nowMs),
      );
    else return;
    await this.writeStatus(status);
  }
}

/** `FindActiveOrLatest`: the only active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, old: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && old.length === 0) return undefined;
  const sortedOld = [...old].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}
