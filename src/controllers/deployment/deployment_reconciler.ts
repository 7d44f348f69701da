/**
 * Reconciles one Deployment (upstream's `syncDeployment`): claims its ReplicaSets (adopting
 * matching orphans, releasing those whose labels stopped matching), then — status only while it
 * is being deleted; scaling only while paused or when its size changed; otherwise a step of its
 * strategy (RollingUpdate or Recreate) — and asks to be looked at again when a progress
 * deadline is pending.
 */
import { SelectorParseError, labelSelectorAsSelector } from '../../api/label_selector.js';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { referenceTo } from '../../client/event_recorder.js';
import type { ObjectCache } from '../../client/object_cache.js';
import type { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import type { Reconciler, Request, Result } from '../../controller/reconciler.js';
import { requestKey } from '../../controller/reconciler.js';
import {
  CONTROLLER_UID_INDEX,
  applyClaims,
  newControllerRef,
  orphanIndexValue,
  planClaims,
  recheckOwner,
} from '../replicaset/controller_ref.js';
import type { DeploymentWriter } from './deployment_sync.js';
import { DeploymentSync } from './deployment_sync.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { syncStatus } from './rollout_status.js';

/** What the reconciler reads and writes through. */
export interface DeploymentReconcilerDeps {
  deployments: ObjectCache<Deployment>;
  /** ReplicaSets, indexed by `CONTROLLER_UID_INDEX`. */
  replicaSets: ObjectCache<ReplicaSet>;
  /** Pods, indexed by `CONTROLLER_UID_INDEX`. */
  pods: ObjectCache<Pod>;
  deploymentClient: Pick<ResourceClient<Deployment>, 'get' | 'update' | 'updateStatus'>;
  replicaSetClient: Pick<ResourceClient<ReplicaSet>, 'create' | 'update' | 'delete' | 'patch'>;
  recorder: EventRecorder;
  clock: Clock;
}

/** Reconciles Deployments. */
export class DeploymentReconciler implements Reconciler {
  private readonly writer: DeploymentWriter;

  constructor(private readonly deps: DeploymentReconcilerDeps) {
    const rsc = deps.replicaSetClient;
    this.writer = {
      createReplicaSet: (rs) => rsc.create(rs),
      updateReplicaSet: (rs) => rsc.update(rs),
      deleteReplicaSet: async (rs) => {
        await rsc.delete(rs.metadata.namespace ?? '', rs.metadata.name!).catch((err: unknown) => {
          if (!(err instanceof Error && 'code' in err && err.code === 404)) throw err;
        });
      },
      cachedReplicaSet: (ns, name) => deps.replicaSets.get(`${ns}/${name}`),
      updateDeploymentStatus: (d) => deps.deploymentClient.updateStatus(d),
      updateDeploymentAnnotations: (d, annotations) =>
        deps.deploymentClient.update({
          ...d,
          metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, ...annotations } },
        }),
      event: (d, type, reason, message) =>
        deps.recorder.event(referenceTo(d, Resources.deployments), type, reason, message),
    };
  }

  async reconcile(req: Request): Promise<Result | void> {
    const cached = this.deps.deployments.get(requestKey(req));
    if (!cached) return;
    const d = structuredClone(cached);
    const sel = d.spec.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
      this.writer.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0))
        await this.writer.updateDeploymentStatus({
          ...d,
          status: { ...d.status, observedGeneration: d.metadata.generation },
        });
      return;
    }
    let selector;
    try {
      selector = labelSelectorAsSelector(sel);
    } catch (err) {
      if (err instanceof SelectorParseError) {
        this.writer.event(d, 'Warning', 'SelectorParseError', `invalid label selector: ${err.message}`);
        return;
      }
      throw err;
    }
    const { replicaSets, pods } = this.deps;
    const candidates = [
      ...replicaSets.byIndex(CONTROLLER_UID_INDEX, d.metadata.uid!),
      ...replicaSets.byIndex(CONTROLLER_UID_INDEX, orphanIndexValue(req.namespace)),
    ];
    const plan = planClaims(d, candidates, (rs) => selector.matches(rs.metadata.labels ?? {}));
    const rsList = await applyClaims(
      this.deps.replicaSetClient,
      plan,
      newControllerRef(d, 'apps/v1', 'Deployment'),
      () => recheckOwner(() => this.deps.deploymentClient.get(req.namespace, req.name), d.metadata.uid!),
    );
    const podMap = new Map<string, Pod[]>();
    for (const rs of rsList)
      podMap.set(rs.metadata.uid!, pods.byIndex(CONTROLLER_UID_INDEX, rs.metadata.uid!));
    const s = new DeploymentSync(d, rsList, podMap, this.writer, this.deps.clock.now());
    if (d.metadata.deletionTimestamp) {
      const [newRS] = await s.newAndOld(false);
      await syncStatus(s, newRS);
      return;
    }
    await s.checkPausedConditions();
    if (s.d.spec.paused || (await s.isScalingEvent())) await s.syncScale();
    else if (d.spec.strategy?.type === 'Recreate') await rolloutRecreate(s);
    else await rolloutRolling(s);
    if (s.requeueAfterMs !== undefined) return { requeueAfterMs: s.requeueAfterMs };
  }
}
