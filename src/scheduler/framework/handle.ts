/**
 * What the framework offers plugins (upstream's `framework.Handle`): the cycle's snapshot, the
 * API clients, listers of the objects some plugins consult, the pods nominated to nodes, and the
 * framework itself for plugins that re-run filters (preemption).
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/object.js';
import type { Namespace } from '../../api/types/cluster.js';
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import type { ResourceClient } from '../../client/resource_client.js';
import type { PodInfo } from '../cache/pod_info.js';
import type { Snapshot } from '../cache/snapshot.js';
import type { Framework } from './framework.js';

/** Read access to cached objects of one resource. */
export interface Lister<T extends KubeObject> {
  get(namespace: string, name: string): T | undefined;
  list(namespace?: string): T[];
}

/** Pods nominated to run on nodes after preemption (upstream's `PodNominator`). */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** The objects plugins read besides nodes and pods. */
export interface Listers {
  namespaces: Lister<Namespace>;
  persistentVolumeClaims: Lister<KubeObject>;
  persistentVolumes: Lister<KubeObject>;
  storageClasses: Lister<KubeObject>;
  services: Lister<KubeObject>;
  replicationControllers: Lister<KubeObject>;
  replicaSets: Lister<KubeObject>;
  statefulSets: Lister<KubeObject>;
  podDisruptionBudgets: Lister<KubeObject>;
  /** Pods in the informer cache (all, bound or not). */
  pods: Lister<Pod>;
}

/** The API clients plugins write with. */
export interface Clients {
  pods: ResourceClient<Pod>;
  persistentVolumeClaims: ResourceClient<KubeObject>;
  persistentVolumes: ResourceClient<KubeObject>;
}

/** The handle given to plugin factories. */
export interface Handle {
  /** The snapshot of the current cycle. */
  snapshot(): Snapshot;
  clients: Clients;
  listers: Listers;
  nominator: PodNominator;
  /** The pod's priority (spec.priority, else its PriorityClass's value, else the global default, else 0). */
  podPriority(pod: Pod): number;
  /** Set by the framework once it is built. */
  framework?: Framework;
  recorder?: EventRecorder;
  log: Logger;
  clock: Clock;
}
