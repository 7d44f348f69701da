/**
 * Upstream's default ClusterRoleBindings: cluster-admin to `system:masters`, discovery and
 * self-review to every authenticated user, public info to everyone, and each system component
 * (scheduler, controller manager, kube-proxy, DNS) to its role.
 */
import type { KubeObject } from '../../api/object.js';
import { DNS_SERVICE_ACCOUNT } from './bootstrap_namespace_roles.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABELS } from './bootstrap_roles.js';
import type { Subject } from './rbac_rules.js';

const RBAC = 'rbac.authorization.k8s.io';
const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC, name });
const sa = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', namespace, name });

function binding(name: string, subjects: Subject[], role = name): KubeObject {
  const b: KubeObject & Record<string, unknown> = {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { ...BOOTSTRAPPING_LABELS },
      annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
    },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  };
  if (subjects.length) b.subjects = subjects;
  return b;
}

/** Every default ClusterRoleBinding, in upstream's order. */
export function bootstrapClusterRoleBindings(): KubeObject[] {
  return [
    binding('cluster-admin', [group('system:masters')]),
    binding('system:monitoring', [group('system:monitoring')]),
    binding('system:discovery', [group('system:authenticated')]),
    binding('system:basic-user', [group('system:authenticated')]),
    binding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
    binding('system:node-proxier', [user('system:kube-proxy')]),
    binding('system:kubets:service-lb', [user('system:kube-proxy')]),
    binding('system:kube-controller-manager', [user('system:kube-controller-manager')]),
    binding('system:kube-dns', [sa('kube-system', 'kube-dns')]),
    binding('system:coredns', [sa(DNS_SERVICE_ACCOUNT.namespace, DNS_SERVICE_ACCOUNT.name)]),
    binding('system:kube-scheduler', [user('system:kube-scheduler')]),
    binding('system:volume-scheduler', [user('system:kube-scheduler')]),
    binding('system:node', []),
    binding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  ];
}
