/**
 * Descriptors of the resources components use, and the URL paths they live at. A descriptor
 * carries the object type it decodes to, so `ResourceClient<Pod>` needs no casts.
 */
import type { KubeObject } from '../api/object.js';
import type { Deployment, ReplicaSet, ReplicationController } from '../api/types/apps.js';
import type { ConfigMap, CoreEvent, Lease, Namespace, Secret, ServiceAccount } from '../api/types/cluster.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import type { EndpointSlice, Endpoints, Service } from '../api/types/service.js';

/** A resource: where it is served and what kind of object it holds. */
export interface ResourceType<T extends KubeObject = KubeObject> {
  group: string;
  version: string;
  /** The plural, as in the URL (`pods`). */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Phantom field carrying the object type; never set. */
  readonly _type?: T;
}

/** `v1` or `apps/v1`. */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/**
 * The URL path of the resource's collection (`namespace` empty: across all namespaces), of one
 * object when `name` is given, and of its subresource when `subresource` is given.
 */
export function resourcePath(t: ResourceType, namespace = '', name?: string, subresource?: string): string {
  let p = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  if (t.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${t.resource}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

const def = <T extends KubeObject>(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced = true,
): ResourceType<T> => ({ group, version, resource, kind, namespaced });

/** Built-in resources used by kubets components. */
export const Resources = {
  pods: def<Pod>('', 'v1', 'pods', 'Pod'),
  nodes: def<Node>('', 'v1', 'nodes', 'Node', false),
  namespaces: def<Namespace>('', 'v1', 'namespaces', 'Namespace', false),
  services: def<Service>('', 'v1', 'services', 'Service'),
  endpoints: def<Endpoints>('', 'v1', 'endpoints', 'Endpoints'),
  configmaps: def<ConfigMap>('', 'v1', 'configmaps', 'ConfigMap'),
  secrets: def<Secret>('', 'v1', 'secrets', 'Secret'),
  serviceaccounts: def<ServiceAccount>('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  events: def<CoreEvent>('', 'v1', 'events', 'Event'),
  replicationcontrollers: def<ReplicationController>(
    '',
    'v1',
    'replicationcontrollers',
    'ReplicationController',
  ),
  persistentvolumes: def('', 'v1', 'persistentvolumes', 'PersistentVolume', false),
  persistentvolumeclaims: def('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim'),
  resourcequotas: def('', 'v1', 'resourcequotas', 'ResourceQuota'),
  limitranges: def('', 'v1', 'limitranges', 'LimitRange'),
  deployments: def<Deployment>('apps', 'v1', 'deployments', 'Deployment'),
  replicasets: def<ReplicaSet>('apps', 'v1', 'replicasets', 'ReplicaSet'),
  statefulsets: def('apps', 'v1', 'statefulsets', 'StatefulSet'),
  daemonsets: def('apps', 'v1', 'daemonsets', 'DaemonSet'),
  controllerrevisions: def('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  jobs: def('batch', 'v1', 'jobs', 'Job'),
  cronjobs: def('batch', 'v1', 'cronjobs', 'CronJob'),
  leases: def<Lease>('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  endpointslices: def<EndpointSlice>('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  poddisruptionbudgets: def('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  priorityclasses: def('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false),
  storageclasses: def('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false),
  csinodes: def('storage.k8s.io', 'v1', 'csinodes', 'CSINode', false),
  customresourcedefinitions: def(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
    'CustomResourceDefinition',
    false,
  ),
  certificatesigningrequests: def(
    'certificates.k8s.io',
    'v1',
    'certificatesigningrequests',
    'CertificateSigningRequest',
    false,
  ),
} as const;
