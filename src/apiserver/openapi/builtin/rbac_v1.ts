/**
 * rbac.authorization.k8s.io/v1 definitions: Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding.
 */
import type { Definitions } from './dsl.js';
import { atomic, kind, listOf, META, ref, str, strings, struct } from './dsl.js';

const rbac = (name: string) => `io.k8s.api.rbac.v1.${name}`;
const gvk = (k: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: k });
const rules = listOf(rbac('PolicyRule'), 'The permissions granted.', atomic);
const subjects = listOf(rbac('Subject'), 'Who is granted the role.', atomic);
const roleRef = {
  ...ref(rbac('RoleRef'), 'The role granted; cannot change.'),
  'x-kubernetes-map-type': 'atomic',
};

/** The rbac.authorization.k8s.io/v1 definitions. */
export const RBAC_V1: Definitions = {
  [rbac('Role')]: kind(gvk('Role'), 'Permissions within a namespace.', { rules }),
  [rbac('ClusterRole')]: kind(gvk('ClusterRole'), 'Permissions across the cluster.', {
    aggregationRule: ref(rbac('AggregationRule'), 'Other ClusterRoles whose rules this one gathers.'),
    rules,
  }),
  [rbac('RoleBinding')]: kind(
    gvk('RoleBinding'),
    'Grants a Role or ClusterRole within a namespace.',
    { roleRef, subjects },
    ['roleRef'],
  ),
  [rbac('ClusterRoleBinding')]: kind(
    gvk('ClusterRoleBinding'),
    'Grants a ClusterRole across the cluster.',
    { roleRef, subjects },
    ['roleRef'],
  ),
  [rbac('PolicyRule')]: struct(
    'Verbs allowed on resources or non-resource URLs.',
    {
      apiGroups: strings('API groups of the resources; "" is the core group, * all.', atomic),
      nonResourceURLs: strings('URL paths allowed (ClusterRoles only).', atomic),
      resourceNames: strings('Names of the objects allowed; all when empty.', atomic),
      resources: strings('Resources allowed; * all.', atomic),
      verbs: strings('Verbs allowed; * all.', atomic),
    },
    ['verbs'],
  ),
  [rbac('AggregationRule')]: struct('Selects the ClusterRoles an aggregated role gathers.', {
    clusterRoleSelectors: listOf(`${META}.LabelSelector`, 'Selectors of the ClusterRoles.', atomic),
  }),
  [rbac('RoleRef')]: struct(
    'The role a binding grants.',
    {
      apiGroup: str('The API group of the role.'),
      kind: str('Role or ClusterRole.'),
      name: str('The name of the role.'),
    },
    ['apiGroup', 'kind', 'name'],
  ),
  [rbac('Subject')]: {
    ...struct(
      'A user, group or service account.',
      {
        apiGroup: str('The API group of the subject: rbac.authorization.k8s.io for users and groups.'),
        kind: str('User, Group or ServiceAccount.'),
        name: str('The name.'),
        namespace: str('The namespace of a service account.'),
      },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
};
