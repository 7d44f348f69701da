/**
 * Strategic-merge-patch metadata: which list fields merge (and by which key) and which objects
 * retain only the keys a patch names. Upstream reads these from the Go struct tags of k8s.io/api
 * (`patchStrategy:"merge" patchMergeKey:"name"`); here they are a table of the same facts, one
 * entry per Go type, so that a path through an object resolves the way upstream's struct walk
 * does: `spec.template.spec.containers` of a Deployment and `spec.containers` of a Pod both reach
 * `PodSpec.containers`.
 *
 * Only fields that carry a strategy, or lead to one, are listed. A field the table does not list
 * has no strategy: its objects merge key by key and its lists are replaced — exactly upstream's
 * behaviour for untagged fields.
 */

/** The patch metadata of one field, as upstream's `PatchMeta`. */
export interface FieldPatchMeta {
  /** The `patchStrategy` tag split on commas: `merge`, `replace`, `retainKeys`. */
  readonly strategies: readonly string[];
  /** The `patchMergeKey` tag ('' when none). */
  readonly mergeKey: string;
  /** The metadata of the field's type (of its items, for a list); undefined when it has none. */
  readonly type: PatchMeta | undefined;
}

/** The patch metadata of one Go type: what upstream's `LookupPatchMeta` answers. */
export interface PatchMeta {
  /** The Go type's name, as upstream's error messages print it. */
  readonly name: string;
  /** The metadata of a field by its JSON name; undefined for a field without any. */
  field(key: string): FieldPatchMeta | undefined;
}

/** One field in a `PatchMetaTable`: its tags and the name of its (item) type in the table. */
export interface FieldSpec {
  readonly strategy?: string;
  readonly mergeKey?: string;
  readonly type?: string;
}

/** Go types by name, each with the fields that matter for patching. */
export type PatchMetaTable = Readonly<Record<string, Readonly<Record<string, FieldSpec>>>>;

/**
 * The `PatchMeta` of type `name` in `table`. Nested types resolve lazily by name, so types may
 * refer to themselves. Throws when `name` is not in the table.
 */
export function patchMetaFromTable(table: PatchMetaTable, name: string): PatchMeta {
  const cache = new Map<string, PatchMeta>();
  const resolve = (typeName: string): PatchMeta => {
    const cached = cache.get(typeName);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(table, typeName)) {
      throw new Error(`patch metadata: unknown type ${typeName}`);
    }
    const fields = table[typeName] ?? {};
    const meta: PatchMeta = {
      name: typeName,
      field(key: string): FieldPatchMeta | undefined {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) return undefined;
        const spec = fields[key] ?? {};
        return {
          strategies: spec.strategy ? spec.strategy.split(',') : [],
          mergeKey: spec.mergeKey ?? '',
          type: spec.type === undefined ? undefined : resolve(spec.type),
        };
      },
    };
    cache.set(typeName, meta);
    return meta;
  };
  return resolve(name);
}

const merge = (mergeKey: string, type?: string): FieldSpec => ({ strategy: 'merge', mergeKey, type });
const conditions: FieldSpec = merge('type');
const metadata: FieldSpec = { type: 'ObjectMeta' };

/**
 * The tags of the built-in API types (k8s.io/api 1.33, metav1), from the Go sources:
 * core/v1 types.go, apps/v1, batch/v1, autoscaling/v2, policy/v1, storage/v1,
 * admissionregistration/v1, apiregistration/v1 and apimachinery's meta/v1.
 */
export const BUILTIN_PATCH_META: PatchMetaTable = {
  // meta/v1
  ObjectMeta: {
    ownerReferences: merge('uid'),
    finalizers: { strategy: 'merge' },
  },
  // core/v1
  PodTemplateSpec: { metadata, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'EphemeralContainer'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    schedulingGates: merge('name'),
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  Container: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  EphemeralContainer: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  PodStatus: {
    conditions,
    hostIPs: merge('ip'),
    podIPs: merge('ip'),
    resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  Pod: { metadata, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  PodTemplate: { metadata, template: { type: 'PodTemplateSpec' } },
  ReplicationController: {
    metadata,
    spec: { type: 'ReplicationControllerSpec' },
    status: { type: 'ReplicationControllerStatus' },
  },
  ReplicationControllerSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicationControllerStatus: { conditions },
  Service: { metadata, spec: { type: 'ServiceSpec' }, status: { type: 'ServiceStatus' } },
  ServiceSpec: { ports: merge('port') },
  ServiceStatus: { conditions },
  ServiceAccount: { metadata, secrets: merge('name') },
  Node: { metadata, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: { conditions, addresses: merge('type') },
  Namespace: { metadata, status: { type: 'NamespaceStatus' } },
  NamespaceStatus: { conditions },
  PersistentVolumeClaim: { metadata, status: { type: 'PersistentVolumeClaimStatus' } },
  PersistentVolumeClaimStatus: { conditions },
  ComponentStatus: { metadata, conditions },
  // apps/v1
  Deployment: { metadata, spec: { type: 'DeploymentSpec' }, status: { type: 'DeploymentStatus' } },
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { strategy: 'retainKeys' } },
  DeploymentStatus: { conditions },
  StatefulSet: { metadata, spec: { type: 'StatefulSetSpec' }, status: { type: 'StatefulSetStatus' } },
  StatefulSetSpec: { template: { type: 'PodTemplateSpec' } },
  StatefulSetStatus: { conditions },
  DaemonSet: { metadata, spec: { type: 'DaemonSetSpec' }, status: { type: 'DaemonSetStatus' } },
  DaemonSetSpec: { template: { type: 'PodTemplateSpec' } },
  DaemonSetStatus: { conditions },
  ReplicaSet: { metadata, spec: { type: 'ReplicaSetSpec' }, status: { type: 'ReplicaSetStatus' } },
  ReplicaSetSpec: { template: { type: 'PodTemplateSpec' } },
  ReplicaSetStatus: { conditions },
  // batch/v1
  Job: { metadata, spec: { type: 'JobSpec' }, status: { type: 'JobStatus' } },
  JobSpec: { template: { type: 'PodTemplateSpec' } },
  JobStatus: { conditions },
  CronJob: { metadata, spec: { type: 'CronJobSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata, spec: { type: 'JobSpec' } },
  // autoscaling/v2, policy/v1
  HorizontalPodAutoscaler: { metadata, status: { type: 'HorizontalPodAutoscalerStatus' } },
  HorizontalPodAutoscalerStatus: { conditions },
  PodDisruptionBudget: { metadata, status: { type: 'PodDisruptionBudgetStatus' } },
  PodDisruptionBudgetStatus: { conditions },
  // storage/v1
  CSINode: { metadata, spec: { type: 'CSINodeSpec' } },
  CSINodeSpec: { drivers: merge('name') },
  // admissionregistration/v1, apiregistration/v1
  MutatingWebhookConfiguration: { metadata, webhooks: merge('name') },
  ValidatingWebhookConfiguration: { metadata, webhooks: merge('name') },
  APIService: { metadata, status: { type: 'APIServiceStatus' } },
  APIServiceStatus: { conditions },
};

/** Built-in kinds whose only patch metadata is their ObjectMeta, by API group. */
const METADATA_ONLY_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Binding',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'PersistentVolume',
    'ResourceQuota',
    'Secret',
  ],
  apps: ['ControllerRevision'],
  autoscaling: ['Scale'],
  policy: ['Eviction'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy', 'IPAddress', 'ServiceCIDR'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'storage.k8s.io': [
    'CSIDriver',
    'CSIStorageCapacity',
    'StorageClass',
    'VolumeAttachment',
    'VolumeAttributesClass',
  ],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'admissionregistration.k8s.io': [
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'events.k8s.io': ['Event'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
};

/** Built-in kinds with their own entry in `BUILTIN_PATCH_META`, by API group. */
const TABLE_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'Service',
    'ServiceAccount',
    'Node',
    'Namespace',
    'PersistentVolumeClaim',
    'ComponentStatus',
  ],
  apps: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  batch: ['Job', 'CronJob'],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['PodDisruptionBudget'],
  'storage.k8s.io': ['CSINode'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
  'apiregistration.k8s.io': ['APIService'],
};

const metaByKind = new Map<string, PatchMeta>();
{
  const table: Record<string, Readonly<Record<string, FieldSpec>>> = { ...BUILTIN_PATCH_META };
  for (const [group, kinds] of Object.entries(METADATA_ONLY_KINDS)) {
    for (const kind of kinds) {
      table[kind] ??= { metadata };
      metaByKind.set(`${group}/${kind}`, patchMetaFromTable(table, kind));
    }
  }
  for (const [group, kinds] of Object.entries(TABLE_KINDS)) {
    for (const kind of kinds) metaByKind.set(`${group}/${kind}`, patchMetaFromTable(table, kind));
  }
}

/**
 * The strategic-merge-patch metadata of a built-in kind (`group` '' for the core group), or
 * undefined for kinds that do not support strategic merge patch — custom resources, for which
 * the API server answers 415 as upstream does.
 */
export function patchMetaForKind(group: string, kind: string): PatchMeta | undefined {
  return metaByKind.get(`${group}/${kind}`);
}
