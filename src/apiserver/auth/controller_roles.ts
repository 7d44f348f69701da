/**
 * Upstream's controller roles (bootstrappolicy/controller_policy.go): a ClusterRole
 * `system:controller:<name>` for each controller of kube-controller-manager, bound to the service
 * account kube-system/<name> it acts as under `--use-service-account-credentials`. The rule sets
 * are upstream's, including those of controllers kubets does not run yet, so that a controller
 * manager pointed at kubets finds the roles it expects.
 */
import type { KubeObject } from '../../api/object.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABELS, rule } from './bootstrap_roles.js';
import type { PolicyRule } from './rbac_rules.js';

/** The prefix of the controllers' ClusterRoles. */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

const READ = ['get', 'list', 'watch'];
const LEGACY = [''];
const APPS = ['apps'];
const APPS_EXT = ['apps', 'extensions'];
const BATCH = ['batch'];
const STORAGE = ['storage.k8s.io'];
const CERTS = ['certificates.k8s.io'];

const events = (): PolicyRule => rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

/** Each controller's rules, by the name of its service account, in upstream's order. */
function controllerRules(): [string, PolicyRule[]][] {
  return [
    [
      'attachdetach-controller',
      [
        rule(['list', 'watch'], LEGACY, ['persistentvolumes', 'persistentvolumeclaims']),
        rule(READ, LEGACY, ['nodes']),
        rule(['patch', 'update'], LEGACY, ['nodes/status']),
        rule(['list', 'watch'], LEGACY, ['pods']),
        events(),
        rule(['get', 'create', 'delete', 'list', 'watch'], STORAGE, ['volumeattachments']),
        rule(['get', 'watch', 'list'], STORAGE, ['csidrivers']),
        rule(['get', 'watch', 'list'], STORAGE, ['csinodes']),
      ],
    ],
    [
      'clusterrole-aggregation-controller',
      [
        rule(
          ['escalate', 'get', 'list', 'watch', 'update', 'patch'],
          ['rbac.authorization.k8s.io'],
          ['clusterroles'],
        ),
      ],
    ],
    [
      'cronjob-controller',
      [
        rule(['get', 'list', 'watch', 'update'], BATCH, ['cronjobs']),
        rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], BATCH, ['jobs']),
        rule(['update'], BATCH, ['cronjobs/status']),
        rule(['update'], BATCH, ['cronjobs/finalizers']),
        rule(['list', 'watch', 'delete'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'daemon-set-controller',
      [
        rule(READ, APPS_EXT, ['daemonsets']),
        rule(['update'], APPS_EXT, ['daemonsets/status']),
        rule(['update'], APPS_EXT, ['daemonsets/finalizers']),
        rule(['list', 'watch'], LEGACY, ['nodes']),
        rule(['list', 'watch', 'create', 'delete', 'patch'], LEGACY, ['pods']),
        rule(['create'], LEGACY, ['pods/binding']),
        rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], APPS, ['controllerrevisions']),
        events(),
      ],
    ],
    [
      'deployment-controller',
      [
        rule(['get', 'list', 'watch', 'update'], APPS_EXT, ['deployments']),
        rule(['update'], APPS_EXT, ['deployments/status']),
        rule(['update'], APPS_EXT, ['deployments/finalizers']),
        rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], APPS_EXT, ['replicasets']),
        rule(['get', 'list', 'watch', 'update'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'disruption-controller',
      [
        rule(READ, APPS_EXT, ['deployments']),
        rule(READ, APPS_EXT, ['replicasets']),
        rule(READ, LEGACY, ['replicationcontrollers']),
        rule(READ, ['policy'], ['poddisruptionbudgets']),
        rule(READ, APPS, ['statefulsets']),
        rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
        rule(['patch', 'update'], LEGACY, ['pods/status']),
        rule(['get'], ['*'], ['*/scale']),
        events(),
      ],
    ],
    [
      'endpoint-controller',
      [
        rule(READ, LEGACY, ['services', 'pods']),
        rule(['get', 'list', 'watch', 'create', 'update', 'delete'], LEGACY, ['endpoints']),
        rule(['create'], LEGACY, ['endpoints/restricted']),
        events(),
      ],
    ],
    [
      'endpointslice-controller',
      [
        rule(READ, LEGACY, ['services', 'pods', 'nodes']),
        rule(['update'], LEGACY, ['services/finalizers']),
        rule(
          ['get', 'list', 'watch', 'create', 'update', 'delete'],
          ['discovery.k8s.io'],
          ['endpointslices'],
        ),
        events(),
      ],
    ],
    [
      'endpointslicemirroring-controller',
      [
        rule(READ, LEGACY, ['services', 'endpoints']),
        rule(['update'], LEGACY, ['services/finalizers']),
        rule(['update'], LEGACY, ['endpoints/finalizers']),
        rule(
          ['get', 'list', 'watch', 'create', 'update', 'delete'],
          ['discovery.k8s.io'],
          ['endpointslices'],
        ),
        events(),
      ],
    ],
    [
      'expand-controller',
      [
        rule(['get', 'list', 'watch', 'update', 'patch'], LEGACY, ['persistentvolumes']),
        rule(['update', 'patch'], LEGACY, ['persistentvolumeclaims/status']),
        rule(READ, LEGACY, ['persistentvolumeclaims']),
        events(),
        rule(['get'], LEGACY, ['services']),
      ],
    ],
    [
      'ephemeral-volume-controller',
      [
        rule(READ, LEGACY, ['pods']),
        rule(['update'], LEGACY, ['pods/finalizers']),
        rule(['get', 'list', 'watch', 'create'], LEGACY, ['persistentvolumeclaims']),
        events(),
      ],
    ],
    [
      'generic-garbage-collector',
      [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), events()],
    ],
    [
      'horizontal-pod-autoscaler',
      [
        rule(READ, ['autoscaling'], ['horizontalpodautoscalers']),
        rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
        rule(['get', 'update'], ['*'], ['*/scale']),
        rule(['list', 'watch'], LEGACY, ['pods']),
        rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
        rule(READ, ['custom.metrics.k8s.io'], ['*']),
        rule(READ, ['external.metrics.k8s.io'], ['*']),
        events(),
      ],
    ],
    [
      'job-controller',
      [
        rule(['get', 'list', 'watch', 'update', 'patch'], BATCH, ['jobs']),
        rule(['update'], BATCH, ['jobs/status']),
        rule(['update'], BATCH, ['jobs/finalizers']),
        rule(['list', 'watch', 'create', 'delete', 'patch'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'namespace-controller',
      [
        rule(['get', 'list', 'watch', 'delete'], LEGACY, ['namespaces']),
        rule(['update'], LEGACY, ['namespaces/finalize', 'namespaces/status']),
        rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
      ],
    ],
    [
      'node-controller',
      [
        rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], LEGACY, ['nodes']),
        rule(['patch', 'update'], LEGACY, ['nodes/status']),
        rule(['patch', 'update'], LEGACY, ['pods/status']),
        rule(['list', 'watch', 'get', 'delete'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'persistent-volume-binder',
      [
        rule(['get', 'list', 'watch', 'update', 'create', 'delete'], LEGACY, ['persistentvolumes']),
        rule(['update'], LEGACY, ['persistentvolumes/status']),
        rule(['get', 'list', 'watch', 'update'], LEGACY, ['persistentvolumeclaims']),
        rule(['update'], LEGACY, ['persistentvolumeclaims/status']),
        rule(['list', 'watch', 'get', 'create', 'delete'], LEGACY, ['pods']),
        rule(READ, STORAGE, ['storageclasses']),
        rule(['list', 'watch'], LEGACY, ['nodes']),
        events(),
        rule(['watch'], LEGACY, ['events']),
        rule(['get'], LEGACY, ['services']),
      ],
    ],
    [
      'pod-garbage-collector',
      [
        rule(['list', 'watch', 'delete'], LEGACY, ['pods']),
        rule(READ, LEGACY, ['nodes']),
        rule(['patch'], LEGACY, ['pods/status']),
      ],
    ],
    [
      'replicaset-controller',
      [
        rule(['get', 'list', 'watch', 'update'], APPS_EXT, ['replicasets']),
        rule(['update'], APPS_EXT, ['replicasets/status']),
        rule(['update'], APPS_EXT, ['replicasets/finalizers']),
        rule(['list', 'watch', 'patch', 'create', 'delete'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'replication-controller',
      [
        rule(['get', 'list', 'watch', 'update'], LEGACY, ['replicationcontrollers']),
        rule(['update'], LEGACY, ['replicationcontrollers/status']),
        rule(['update'], LEGACY, ['replicationcontrollers/finalizers']),
        rule(['list', 'watch', 'patch', 'create', 'delete'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'resourcequota-controller',
      [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], LEGACY, ['resourcequotas/status']), events()],
    ],
    [
      'route-controller',
      [rule(['list', 'watch'], LEGACY, ['nodes']), rule(['patch'], LEGACY, ['nodes/status']), events()],
    ],
    ['service-account-controller', [rule(['create'], LEGACY, ['serviceaccounts']), events()]],
    [
      'service-controller',
      [
        rule(READ, LEGACY, ['services']),
        rule(['patch', 'update'], LEGACY, ['services/status']),
        rule(['list', 'watch'], LEGACY, ['nodes']),
        events(),
      ],
    ],
    [
      'statefulset-controller',
      [
        rule(['list', 'watch'], LEGACY, ['pods']),
        rule(READ, APPS, ['statefulsets']),
        rule(['update'], APPS, ['statefulsets/status']),
        rule(['update'], APPS, ['statefulsets/finalizers']),
        rule(['get', 'create', 'delete', 'update', 'patch'], LEGACY, ['pods']),
        rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], APPS, ['controllerrevisions']),
        rule(['get', 'create', 'list', 'watch'], LEGACY, ['persistentvolumeclaims']),
        rule(['update', 'delete'], LEGACY, ['persistentvolumeclaims']),
        rule(['update'], LEGACY, ['pods/finalizers']),
        events(),
      ],
    ],
    ['ttl-controller', [rule(['update', 'patch', 'list', 'watch'], LEGACY, ['nodes']), events()]],
    [
      'certificate-controller',
      [
        rule(['get', 'list', 'watch', 'delete'], CERTS, ['certificatesigningrequests']),
        rule(['update'], CERTS, ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
        rule(['approve'], CERTS, ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
        rule(
          ['sign'],
          CERTS,
          ['signers'],
          [
            'kubernetes.io/legacy-unknown',
            'kubernetes.io/kube-apiserver-client',
            'kubernetes.io/kube-apiserver-client-kubelet',
            'kubernetes.io/kubelet-serving',
          ],
        ),
        rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
        events(),
      ],
    ],
    [
      'pvc-protection-controller',
      [
        rule(['get', 'list', 'watch', 'update'], LEGACY, ['persistentvolumeclaims']),
        rule(['list', 'watch', 'get'], LEGACY, ['pods']),
        events(),
      ],
    ],
    [
      'pv-protection-controller',
      [rule(['get', 'list', 'watch', 'update'], LEGACY, ['persistentvolumes']), events()],
    ],
    ['ttl-after-finished-controller', [rule(['get', 'list', 'watch', 'delete'], BATCH, ['jobs']), events()]],
    ['root-ca-cert-publisher', [rule(['create', 'update'], LEGACY, ['configmaps']), events()]],
    [
      'validatingadmissionpolicy-status-controller',
      [
        rule(READ, ['admissionregistration.k8s.io'], ['validatingadmissionpolicies']),
        rule(
          ['get', 'patch', 'update'],
          ['admissionregistration.k8s.io'],
          ['validatingadmissionpolicies/status'],
        ),
        events(),
      ],
    ],
    [
      'legacy-service-account-token-cleaner',
      [
        rule(['get'], LEGACY, ['configmaps'], ['kube-apiserver-legacy-service-account-token-tracking']),
        rule(['patch', 'delete'], LEGACY, ['secrets']),
      ],
    ],
  ];
}

function meta(name: string) {
  return {
    name,
    labels: { ...BOOTSTRAPPING_LABELS },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
}

/** The ClusterRoles `system:controller:<name>`, in upstream's order. */
export function controllerClusterRoles(): KubeObject[] {
  return controllerRules().map(
    ([name, rules]) =>
      ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: meta(CONTROLLER_ROLE_PREFIX + name),
        rules,
      }) as KubeObject,
  );
}

/** The ClusterRoleBindings `system:controller:<name>`, each to the service account kube-system/<name>. */
export function controllerClusterRoleBindings(): KubeObject[] {
  return controllerRules().map(
    ([name]) =>
      ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: meta(CONTROLLER_ROLE_PREFIX + name),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: CONTROLLER_ROLE_PREFIX + name,
        },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
      }) as KubeObject,
  );
}
