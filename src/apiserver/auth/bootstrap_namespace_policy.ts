/**
 * Upstream's default Roles and RoleBindings in namespaces (bootstrappolicy's namespace policy),
 * those kubets' components use: `extension-apiserver-authentication-reader` in kube-system, which
 * lets its holders read the client CA the API server publishes there, held by the controller
 * manager and the scheduler.
 */
import type { KubeObject } from '../../api/object.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABELS, rule } from './bootstrap_roles.js';

const RBAC = 'rbac.authorization.k8s.io';
const meta = (namespace: string, name: string) => ({
  name,
  namespace,
  labels: { ...BOOTSTRAPPING_LABELS },
  annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
});

/** The name of the role that reads kube-system/extension-apiserver-authentication. */
export const AUTHENTICATION_READER_ROLE = 'extension-apiserver-authentication-reader';

/** Every default Role. */
export function bootstrapNamespaceRoles(): KubeObject[] {
  const role: KubeObject & Record<string, unknown> = {
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: meta('kube-system', AUTHENTICATION_READER_ROLE),
    rules: [rule(['get', 'list', 'watch'], [''], ['configmaps'], ['extension-apiserver-authentication'])],
  };
  return [role];
}

/** Every default RoleBinding. */
export function bootstrapNamespaceRoleBindings(): KubeObject[] {
  const binding: KubeObject & Record<string, unknown> = {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: meta('kube-system', `system::${AUTHENTICATION_READER_ROLE}`),
    roleRef: { apiGroup: RBAC, kind: 'Role', name: AUTHENTICATION_READER_ROLE },
    subjects: ['system:kube-controller-manager', 'system:kube-scheduler'].map((name) => ({
      apiGroup: RBAC,
      kind: 'User',
      name,
    })),
  };
  return [binding];
}
