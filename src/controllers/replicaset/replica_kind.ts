/**
 * What differs between the two kinds the replica set core manages: ReplicaSets (apps/v1, a
 * `LabelSelector` object) and ReplicationControllers (core/v1, a plain label map), as upstream
 * runs one `ReplicaSetController` for both with a different GroupVersionKind.
 */
import type { LabelSelector } from '../../api/label_selector.js';
import { labelSelectorAsSelector, selectorFromSet } from '../../api/label_selector.js';
import type { KubeObject } from '../../api/object.js';
import type { ReplicaSet, ReplicationController } from '../../api/types/apps.js';
import type { ResourceType } from '../../client/resource_type.js';
import { Resources, apiVersionOf } from '../../client/resource_type.js';
import type { ReplicaOwner } from './replica_status.js';

/** An object the replica set core manages. */
export type ReplicaObject = KubeObject & ReplicaOwner;

/** One managed kind. */
export interface ReplicaKind<T extends ReplicaObject> {
  type: ResourceType<T>;
  /** `apps/v1` or `v1`. */
  apiVersion: string;
  /** Upstream's controller name (`replicaset`, `replicationcontroller`). */
  controllerName: string;
  /** The event source component (`replicaset-controller`, `replication-controller`). */
  component: string;
  /** The pod selector; throws `SelectorParseError` when invalid. */
  selector(obj: T): LabelSelector;
}

/** ReplicaSets. */
export const REPLICA_SET_KIND: ReplicaKind<ReplicaSet & ReplicaObject> = {
  type: Resources.replicasets as ResourceType<ReplicaSet & ReplicaObject>,
  apiVersion: apiVersionOf(Resources.replicasets),
  controllerName: 'replicaset',
  component: 'replicaset-controller',
  selector: (rs) => labelSelectorAsSelector(rs.spec.selector),
};

/** ReplicationControllers. */
export const REPLICATION_CONTROLLER_KIND: ReplicaKind<ReplicationController & ReplicaObject> = {
  type: Resources.replicationcontrollers as ResourceType<ReplicationController & ReplicaObject>,
  apiVersion: apiVersionOf(Resources.replicationcontrollers),
  controllerName: 'replicationcontroller',
  component: 'replication-controller',
  selector: (rc) => selectorFromSet(rc.spec.selector),
};
