/**
 * The `replicaset` and `replicationcontroller` controllers of the manager: one replica set core
 * per kind on the shared pod informer. Pod events are routed to the owner named by the pod's
 * controller reference (and observed against expectations); an orphan's changes wake every
 * owner in its namespace whose selector matches it, so it can be adopted.
 */
import { labelsEqual } from './labels_equal.js';
import type { Pod } from '../../api/types/pod.js';
import type { Informer } from '../../client/informer.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import { Expectations } from '../../controller/expectations.js';
import { controllerRefOf, ensureControllerIndex } from './controller_ref.js';
import type { ReplicaKind, ReplicaObject } from './replica_kind.js';
import { REPLICATION_CONTROLLER_KIND, REPLICA_SET_KIND } from './replica_kind.js';
import { ReplicaSetReconciler } from './replica_set_reconciler.js';

/** upstream's `--concurrent-replicaset-syncs` / `--concurrent-rc-syncs` default. */
const WORKERS = 5;

/** Wires the pod and owner informers of `kind` to `c`, observing `expectations`. */
function routeEvents<T extends ReplicaObject>(
  kind: ReplicaKind<T>,
  owners: Informer<T>,
  pods: Informer<Pod>,
  c: Controller,
  expectations: Expectations,
): void {
  const ownerKey = (pod: Pod): string | undefined => {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== kind.type.kind) return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    const owner = owners.cache.get(key);
    return owner && owner.metadata.uid === ref.uid ? key : undefined;
  };
  const matchingOwners = (pod: Pod): string[] => {
    const ns = pod.metadata.namespace ?? '';
    const out: string[] = [];
    for (const o of owners.cache.byIndex('namespace', ns)) {
      try {
        if (kind.selector(o).matches(pod.metadata.labels ?? {})) out.push(`${ns}/${o.metadata.name}`);
      } catch {
        // An invalid selector matches nothing.
      }
    }
    return out;
  };
  const wake = (pod: Pod) => {
    const key = ownerKey(pod);
    if (key) c.enqueue(key);
    else if (!controllerRefOf(pod)) for (const k of matchingOwners(pod)) c.enqueue(k);
  };
  pods.addHandler({
    onAdd(pod) {
      const key = ownerKey(pod);
      if (key) {
        if (pod.metadata.deletionTimestamp) expectations.deletionObserved(key);
        else expectations.creationObserved(key);
        c.enqueue(key);
      } else if (!controllerRefOf(pod)) for (const k of matchingOwners(pod)) c.enqueue(k);
    },
    onUpdate(old, cur) {
      const key = ownerKey(cur);
      if (key && cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp)
        expectations.deletionObserved(key);
      const oldRef = controllerRefOf(old);
      const curRef = controllerRefOf(cur);
      if (oldRef?.uid !== curRef?.uid || !labelsEqual(old.metadata.labels, cur.metadata.labels)) wake(old);
      wake(cur);
    },
    onDelete(pod) {
      const key = ownerKey(pod);
      if (key) {
        if (!pod.metadata.deletionTimestamp) expectations.deletionObserved(key);
        c.enqueue(key);
      }
    },
  });
  owners.addHandler({
    onAdd: (o) => c.enqueue(`${o.metadata.namespace}/${o.metadata.name}`),
    onUpdate: (_, o) => c.enqueue(`${o.metadata.namespace}/${o.metadata.name}`),
    onDelete: (o) => {
      const key = `${o.metadata.namespace}/${o.metadata.name}`;
      expectations.delete(key);
      c.enqueue(key);
    },
  });
}

/** Runs the replica set core for `kind` on `ctx` until `signal` aborts. */
async function runReplicaController<T extends ReplicaObject>(
  kind: ReplicaKind<T>,
  ctx: ControllerContext,
  signal: AbortSignal,
): Promise<void> {
  const owners = ctx.informers.informer(kind.type);
  const pods = ctx.informers.informer(Resources.pods);
  ensureControllerIndex(owners);
  ensureControllerIndex(pods);
  const expectations = new Expectations(ctx.clock);
  const reconciler = new ReplicaSetReconciler<T>({
    kind,
    owners: owners.cache,
    pods: pods.cache,
    ownerClient: new ResourceClient(ctx.rest, kind.type),
    podClient: new ResourceClient(ctx.rest, Resources.pods),
    expectations,
    recorder: ctx.recorder(kind.component),
    clock: ctx.clock,
  });
  const c = new Controller({
    name: kind.controllerName,
    reconciler,
    workers: WORKERS,
    log: ctx.log,
    clock: ctx.clock,
    metrics: ctx.metrics,
  });
  c.needs(owners as unknown as Informer<never>).needs(pods as unknown as Informer<never>);
  routeEvents(kind, owners, pods, c, expectations);
  await c.run(signal);
}

/** The `replicaset` controller. */
export const replicaSetController: ControllerDescriptor = {
  name: 'replicaset',
  serviceAccount: 'replicaset-controller',
  run: (ctx, signal) => runReplicaController(REPLICA_SET_KIND, ctx, signal),
};

/** The `replicationcontroller` controller. */
export const replicationControllerController: ControllerDescriptor = {
  name: 'replicationcontroller',
  serviceAccount: 'replication-controller',
  run: (ctx, signal) => runReplicaController(REPLICATION_CONTROLLER_KIND, ctx, signal),
};
