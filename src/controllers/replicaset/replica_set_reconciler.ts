/**
 * The replica set core shared by ReplicaSets and ReplicationControllers (upstream's
 * `syncReplicaSet`): claim the pods (adopt matching orphans, release ours that stopped
 * matching), create or delete pods to match `spec.replicas` once earlier writes have been
 * observed (expectations), at most `burstReplicas` per sync, creations in slow-start batches,
 * and write the status. A failed creation or deletion is reported as an Event, recorded in the
 * ReplicaFailure condition, and retried with backoff.
 */
import { SelectorParseError } from '../../api/label_selector.js';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { referenceTo } from '../../client/event_recorder.js';
import type { ObjectCache } from '../../client/object_cache.js';
import type { ResourceClient } from '../../client/resource_client.js';
import type { Expectations } from '../../controller/expectations.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';
import { requestKey } from '../../controller/reconciler.js';
import {
  CONTROLLER_UID_INDEX,
  applyClaims,
  controllerRefOf,
  newControllerRef,
  orphanIndexValue,
  planClaims,
  recheckOwner,
} from './controller_ref.js';
import { isPodActive, podsToDelete } from './pod_ranking.js';
import { podFromTemplate } from './pod_template.js';
import type { ReplicaKind, ReplicaObject } from './replica_kind.js';
import { calculateReplicaStatus, replicaStatusChanged } from './replica_status.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow_start_batch.js';

/** upstream's `BurstReplicas`: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

/** What the reconciler reads and writes through. */
export interface ReplicaSetReconcilerDeps<T extends ReplicaObject> {
  kind: ReplicaKind<T>;
  /** The owners' cache, indexed by `CONTROLLER_UID_INDEX`. */
  owners: ObjectCache<T>;
  /** The pods' cache, indexed by `CONTROLLER_UID_INDEX`. */
  pods: ObjectCache<Pod>;
  ownerClient: Pick<ResourceClient<T>, 'get' | 'updateStatus'>;
  podClient: Pick<ResourceClient<Pod>, 'create' | 'delete' | 'patch'>;
  expectations: Expectations;
  recorder: EventRecorder;
  clock: Clock;
  burstReplicas?: number;
}

function isNamespaceTerminating(err: unknown): boolean {
  return (
    err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reconciles one ReplicaSet or ReplicationController. */
export class ReplicaSetReconciler<T extends ReplicaObject> implements Reconciler {
  constructor(private readonly d: ReplicaSetReconcilerDeps<T>) {}

  async reconcile(req: Request): Promise<Result | void> {
    const key = requestKey(req);
    const { kind, expectations } = this.d;
    const owner = this.d.owners.get(key);
    if (!owner) {
      expectations.delete(key);
      return;
    }
    const needsSync = expectations.satisfied(key) && !owner.metadata.deletionTimestamp;
    let selector;
    try {
      selector = kind.selector(owner);
    } catch (err) {
      if (err instanceof SelectorParseError) {
        this.event(
          owner,
          'Warning',
          'SelectorParseError',
          `Error converting pod selector to selector: ${err.message}`,
        );
        return;
      }
      throw err;
    }
    const ref = newControllerRef(owner, kind.apiVersion, kind.type.kind);
    const candidates = [
      ...this.d.pods.byIndex(CONTROLLER_UID_INDEX, owner.metadata.uid!),
      ...this.d.pods.byIndex(CONTROLLER_UID_INDEX, orphanIndexValue(req.namespace)),
    ].filter(isPodActive);
    const plan = planClaims(owner, candidates, (p) => selector.matches(p.metadata.labels ?? {}));
    const pods = await applyClaims(this.d.podClient, plan, ref, () =>
      recheckOwner(() => this.d.ownerClient.get(req.namespace, req.name), owner.metadata.uid!),
    );
    let manageError: Error | undefined;
    if (needsSync) {
      const err = await this.manageReplicas(key, owner, pods);
      if (err !== undefined) manageError = err instanceof Error ? err : new Error(String(err));
    }
    const now = this.d.clock.now();
    const status = calculateReplicaStatus(owner, pods, manageError, now);
    let updated: T = owner;
    if (replicaStatusChanged(owner, status)) {
      status.observedGeneration = owner.metadata.generation;
      updated = await this.d.ownerClient.updateStatus({ ...owner, status });
    }
    if (manageError) throw manageError;
    const minReady = updated.spec.minReadySeconds ?? 0;
    const replicas = updated.spec.replicas ?? 1;
    const st = updated.status;
    if (minReady > 0 && (st?.readyReplicas ?? 0) === replicas && (st?.availableReplicas ?? 0) !== replicas)
      return { requeueAfterMs: minReady * 1000 };
  }

  /** Creates or deletes pods to match replicas; returns the first error (after events). */
  private async manageReplicas(key: string, owner: T, pods: Pod[]): Promise<unknown> {
    const { expectations, kind } = this.d;
    const burst = this.d.burstReplicas ?? BURST_REPLICAS;
    const want = owner.spec.replicas ?? 1;
    let diff = pods.length - want;
    if (diff < 0) {
      diff = Math.min(-diff, burst);
      const template = owner.spec.template;
      if (!template) return new Error('spec.template is required');
      const ref = newControllerRef(owner, kind.apiVersion, kind.type.kind);
      expectations.expectCreations(key, diff);
      const ns = owner.metadata.namespace ?? '';
      const res = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          const pod = podFromTemplate(template, ns, owner.metadata.name!, ref);
          const created = await this.d.podClient.create(pod);
          this.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          this.event(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
          throw err;
        }
      });
      for (let i = res.successes; i < diff; i++) expectations.creationObserved(key);
      return res.error;
    }
    if (diff > 0) {
      diff = Math.min(diff, burst);
      const victims = podsToDelete(pods, this.relatedPods(owner), diff, this.d.clock.now());
      expectations.expectDeletions(key, victims.length);
      let firstErr: unknown;
      await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.d.podClient.delete(pod.metadata.namespace ?? '', pod.metadata.name!);
            this.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          } catch (err) {
            expectations.deletionObserved(key);
            if (err instanceof StatusError && err.code === 404) return;
            this.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
            firstErr ??= err;
          }
        }),
      );
      return firstErr;
    }
    return undefined;
  }

  /** The pods of `owner` and of its siblings (owners sharing its controller), for ranking. */
  private relatedPods(owner: T): Pod[] {
    const parent = controllerRefOf(owner);
    const owners: KubeObject[] = parent ? this.d.owners.byIndex(CONTROLLER_UID_INDEX, parent.uid) : [owner];
    const out: Pod[] = [];
    for (const o of owners) out.push(...this.d.pods.byIndex(CONTROLLER_UID_INDEX, o.metadata.uid!));
    return out;
  }

  private event(owner: T, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.d.recorder.event(referenceTo(owner, this.d.kind.type), type, reason, message);
  }
}
