/**
 * Which `apiVersion`/`kind` pairs a Kubernetes protobuf body may carry, and the message that
 * encodes each: the built-in kinds of the API groups that kubectl and client-go's typed clients
 * write with `Content-Type: application/vnd.kubernetes.protobuf`.
 */

/** One API group version: its protobuf package and the kinds registered in it. */
interface GroupVersionMessages {
  readonly packageName: string;
  readonly kinds: readonly string[];
}

/** Upstream's scheme, by `apiVersion`, for the packages transcribed under `proto/`. */
const GROUP_VERSIONS: Readonly<Record<string, GroupVersionMessages>> = {
  v1: {
    packageName: 'k8s.io.api.core.v1',
    kinds: [
      'Binding',
      'ComponentStatus',
      'ConfigMap',
      'Endpoints',
      'Event',
      'LimitRange',
      'Namespace',
      'Node',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'Pod',
      'PodStatusResult',
      'PodTemplate',
      'RangeAllocation',
      'ReplicationController',
      'ResourceQuota',
      'Secret',
      'Service',
      'ServiceAccount',
    ],
  },
  'apps/v1': {
    packageName: 'k8s.io.api.apps.v1',
    kinds: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  },
  'batch/v1': { packageName: 'k8s.io.api.batch.v1', kinds: ['CronJob', 'Job'] },
  'autoscaling/v1': { packageName: 'k8s.io.api.autoscaling.v1', kinds: ['HorizontalPodAutoscaler', 'Scale'] },
  'autoscaling/v2': { packageName: 'k8s.io.api.autoscaling.v2', kinds: ['HorizontalPodAutoscaler'] },
  'policy/v1': { packageName: 'k8s.io.api.policy.v1', kinds: ['Eviction', 'PodDisruptionBudget'] },
  'networking.k8s.io/v1': {
    packageName: 'k8s.io.api.networking.v1',
    kinds: ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  },
  'rbac.authorization.k8s.io/v1': {
    packageName: 'k8s.io.api.rbac.v1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  },
  'scheduling.k8s.io/v1': { packageName: 'k8s.io.api.scheduling.v1', kinds: ['PriorityClass'] },
  'authentication.k8s.io/v1': {
    packageName: 'k8s.io.api.authentication.v1',
    kinds: ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  },
  'authorization.k8s.io/v1': {
    packageName: 'k8s.io.api.authorization.v1',
    kinds: [
      'LocalSubjectAccessReview',
      'SelfSubjectAccessReview',
      'SelfSubjectRulesReview',
      'SubjectAccessReview',
    ],
  },
  'certificates.k8s.io/v1': {
    packageName: 'k8s.io.api.certificates.v1',
    kinds: ['CertificateSigningRequest'],
  },
};

/**
 * The options kinds that upstream registers in every group version (`metav1.AddToGroupVersion`)
 * and under `meta.k8s.io/v1`; of them only DeleteOptions travels as a request body.
 */
const OPTIONS_KINDS: Readonly<Record<string, string>> = {
  DeleteOptions: 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
};

/**
 * The full protobuf message name (`k8s.io.api.apps.v1.Deployment`) of `kind` in `apiVersion`,
 * or undefined when kubets has no protobuf schema for it (custom resources, other groups).
 */
export function protobufMessageForKind(apiVersion: string, kind: string): string | undefined {
  const options = Object.hasOwn(OPTIONS_KINDS, kind) ? OPTIONS_KINDS[kind] : undefined;
  if (options) return options;
  const gv = Object.hasOwn(GROUP_VERSIONS, apiVersion) ? GROUP_VERSIONS[apiVersion] : undefined;
  if (!gv || !gv.kinds.includes(kind)) return undefined;
  return `${gv.packageName}.${kind}`;
}

/** Every `apiVersion`/`kind` with a protobuf schema (DeleteOptions listed once, as `meta.k8s.io/v1`). */
export function protobufKinds(): Array<{ apiVersion: string; kind: string }> {
  const out: Array<{ apiVersion: string; kind: string }> = [];
  for (const [apiVersion, gv] of Object.entries(GROUP_VERSIONS)) {
    for (const kind of gv.kinds) out.push({ apiVersion, kind });
  }
  for (const kind of Object.keys(OPTIONS_KINDS)) out.push({ apiVersion: 'meta.k8s.io/v1', kind });
  return out;
}
