/**
 * The default namespaced Roles and RoleBindings: upstream's (bootstrappolicy NamespaceRoles and
 * NamespaceRoleBindings in kube-system and kube-public: the authentication ConfigMap reader,
 * leader locking, the bootstrap signer and token cleaner) and kubets' own for the cluster DNS
 * server, which keeps the kube-dns Service and its EndpointSlices in kube-system.
 */
import type { KubeObject } from '../../api/object.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABELS, rule } from './bootstrap_roles.js';
import type { PolicyRule, Subject } from './rbac_rules.js';

const RBAC = 'rbac.authorization.k8s.io';
const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC, name });
const sa = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', namespace, name });
const events = (): PolicyRule => rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

/** The service account the cluster DNS server acts as (CoreDNS's in k3s). */
export const DNS_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'coredns' };

function meta(namespace: string, name: string) {
  return {
    name,
    namespace,
    labels: { ...BOOTSTRAPPING_LABELS },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
}

function role(namespace: string, name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: meta(namespace, name), rules } as KubeObject;
}

function binding(namespace: string, name: string, roleName: string, subjects: Subject[]): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: meta(namespace, name),
    roleRef: { apiGroup: RBAC, kind: 'Role', name: roleName },
    subjects,
  } as KubeObject;
}

/** Every default Role. */
export function bootstrapNamespaceRoles(): KubeObject[] {
  return [
    role('kube-system', 'extension-apiserver-authentication-reader', [
      rule(['get', 'list', 'watch'], [''], ['configmaps'], ['extension-apiserver-authentication']),
    ]),
    role('kube-system', 'system::leader-locking-kube-controller-manager', [
      rule(['watch'], [''], ['configmaps']),
      rule(['get', 'update'], [''], ['configmaps'], ['kube-controller-manager']),
    ]),
    role('kube-system', 'system::leader-locking-kube-scheduler', [
      rule(['watch'], [''], ['configmaps']),
      rule(['get', 'update'], [''], ['configmaps'], ['kube-scheduler']),
    ]),
    role('kube-system', 'system:controller:bootstrap-signer', [
      rule(['get', 'list', 'watch'], [''], ['secrets']),
    ]),
    role('kube-system', 'system:controller:token-cleaner', [
      rule(['delete', 'get', 'list', 'watch'], [''], ['secrets']),
      events(),
    ]),
    role('kube-public', 'system:controller:bootstrap-signer', [
      rule(['get', 'list', 'watch'], [''], ['configmaps']),
      rule(['update'], [''], ['configmaps'], ['cluster-info']),
      events(),
    ]),
    // kubets: the DNS server registers the kube-dns Service and one EndpointSlice per instance.
    role('kube-system', 'system:kubets:dns-registration', [
      rule(['get', 'create', 'update'], [''], ['services']),
      rule(['get', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    ]),
  ];
}

/** Every default RoleBinding. */
export function bootstrapNamespaceRoleBindings(): KubeObject[] {
  return [
    binding(
      'kube-system',
      'system::extension-apiserver-authentication-reader',
      'extension-apiserver-authentication-reader',
      [user('system:kube-controller-manager'), user('system:kube-scheduler')],
    ),
    binding(
      'kube-system',
      'system::leader-locking-kube-controller-manager',
      'system::leader-locking-kube-controller-manager',
      [user('system:kube-controller-manager'), sa('kube-system', 'kube-controller-manager')],
    ),
    binding('kube-system', 'system::leader-locking-kube-scheduler', 'system::leader-locking-kube-scheduler', [
      user('system:kube-scheduler'),
      sa('kube-system', 'kube-scheduler'),
    ]),
    binding('kube-system', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', [
      sa('kube-system', 'bootstrap-signer'),
    ]),
    binding('kube-system', 'system:controller:token-cleaner', 'system:controller:token-cleaner', [
      sa('kube-system', 'token-cleaner'),
    ]),
    binding('kube-public', 'system:controller:bootstrap-signer', 'system:controller:bootstrap-signer', [
      sa('kube-system', 'bootstrap-signer'),
    ]),
    binding('kube-system', 'system:kubets:dns-registration', 'system:kubets:dns-registration', [
      sa(DNS_SERVICE_ACCOUNT.namespace, DNS_SERVICE_ACCOUNT.name),
    ]),
  ];
}
