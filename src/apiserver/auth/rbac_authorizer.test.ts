import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import type { Attributes } from './authorizer.js';
import { AuthorizerChain, forbiddenFor, privilegedGroupAuthorizer } from './authorizer.js';
import { bootstrapClusterRoleBindings } from './bootstrap_bindings.js';
import { bootstrapClusterRoles } from './bootstrap_roles.js';
import { aggregatedRules } from './cluster_role_aggregation.js';
import { nodeAuthorizer } from './node_authorizer.js';
import { NodeGraph } from './node_graph.js';
import { StaticObjectSource } from './object_source.js';
import { RbacAuthorizer } from './rbac_authorizer.js';

/** The default policy with the aggregated roles filled in, as the aggregation controller leaves it. */
function defaultRoles(): KubeObject[] {
  const roles = bootstrapClusterRoles();
  // view feeds edit feeds admin: aggregate in that order.
  for (const name of ['view', 'edit', 'admin']) {
    const role = roles.find((r) => r.metadata.name === name)!;
    (role as { rules?: unknown }).rules = aggregatedRules(role, roles);
  }
  return roles;
}

function setup(
  extra: { roles?: KubeObject[]; roleBindings?: KubeObject[]; clusterRoleBindings?: KubeObject[] } = {},
) {
  const sources = {
    roles: new StaticObjectSource(extra.roles ?? []),
    roleBindings: new StaticObjectSource(extra.roleBindings ?? []),
    clusterRoles: new StaticObjectSource(defaultRoles()),
    clusterRoleBindings: new StaticObjectSource([
      ...bootstrapClusterRoleBindings(),
      ...(extra.clusterRoleBindings ?? []),
    ]),
  };
  const rbac = new RbacAuthorizer(sources);
  // One pod of account `default` runs on n1.
  const graph = new NodeGraph();
  graph.setPod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { nodeName: 'n1', serviceAccountName: 'default', containers: [] },
  });
  const chain = new AuthorizerChain([privilegedGroupAuthorizer, nodeAuthorizer(graph), rbac]);
  return { rbac, sources, chain };
}

const user = (name: string, ...groups: string[]) => ({ name, groups });
const jane = user('jane', 'system:authenticated');

function attrs(
  u: { name: string; groups: string[] },
  verb: string,
  resource: string,
  ns = '',
  more: Partial<Attributes> = {},
): Attributes {
  return {
    user: u,
    verb,
    isResourceRequest: true,
    path: '',
    namespace: ns,
    apiGroup: '',
    apiVersion: 'v1',
    resource,
    subresource: '',
    name: '',
    ...more,
  };
}
const path = (u: { name: string; groups: string[] }, p: string): Attributes => ({
  ...attrs(u, 'get', ''),
  isResourceRequest: false,
  path: p,
});

const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  ns: string | undefined,
  roleKind: string,
  role: string,
  subjects: object[],
): KubeObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
    subjects,
  }) as KubeObject;

test('the default policy: who may do what', () => {
  const { chain } = setup();
  const anon = user('system:anonymous', 'system:unauthenticated');
  const admin = user('system:admin', 'system:masters', 'system:authenticated');
  const sched = user('system:kube-scheduler', 'system:authenticated');
  const node = user('system:node:n1', 'system:nodes', 'system:authenticated');
  const cases: Array<[string, Attributes, boolean]> = [
    ['anonymous /healthz', path(anon, '/healthz'), true],
    ['anonymous /version', path(anon, '/version'), true],
    ['anonymous /api', path(anon, '/api'), false],
    ['anonymous pods', attrs(anon, 'list', 'pods', 'default'), false],
    ['authenticated discovery', path(jane, '/apis/apps/v1'), true],
    ['authenticated openapi', path(jane, '/openapi/v2'), true],
    ['authenticated /openapi/v3/apis', path(jane, '/openapi/v3/apis/apps/v1'), true],
    [
      'authenticated self review',
      attrs(jane, 'create', 'selfsubjectaccessreviews', '', { apiGroup: 'authorization.k8s.io' }),
      true,
    ],
    ['authenticated pods', attrs(jane, 'list', 'pods', 'default'), false],
    ['authenticated metrics', path(jane, '/metrics'), false],
    ['masters anything', attrs(admin, 'delete', 'nodes'), true],
    ['scheduler binds pods', attrs(sched, 'create', 'pods', 'default', { subresource: 'binding' }), true],
    [
      'scheduler its lease',
      attrs(sched, 'update', 'leases', 'kube-system', {
        apiGroup: 'coordination.k8s.io',
        name: 'kube-scheduler',
      }),
      true,
    ],
    [
      'scheduler other lease',
      attrs(sched, 'update', 'leases', 'kube-system', { apiGroup: 'coordination.k8s.io', name: 'x' }),
      false,
    ],
    ['scheduler may not delete nodes', attrs(sched, 'delete', 'nodes'), false],
    ['node status', attrs(node, 'patch', 'nodes', '', { subresource: 'status', name: 'n1' }), true],
    [
      'node token',
      attrs(node, 'create', 'serviceaccounts', 'default', { subresource: 'token', name: 'default' }),
      true,
    ],
    [
      'node token of an account no pod of its uses',
      attrs(node, 'create', 'serviceaccounts', 'default', { subresource: 'token', name: 'bot' }),
      false,
    ],
    ['node may not delete namespaces', attrs(node, 'delete', 'namespaces', '', { name: 'default' }), false],
    [
      'kube-proxy endpointslices',
      attrs(user('system:kube-proxy', 'system:authenticated'), 'watch', 'endpointslices', '', {
        apiGroup: 'discovery.k8s.io',
      }),
      true,
    ],
    [
      'kube-dns',
      attrs(user('system:serviceaccount:kube-system:kube-dns', 'system:serviceaccounts'), 'list', 'services'),
      true,
    ],
  ];
  for (const [name, a, want] of cases) assert.equal(chain.authorize(a).decision === 'allow', want, name);
});

test('view, edit and admin through a RoleBinding', () => {
  const bot = user(
    'system:serviceaccount:team:bot',
    'system:serviceaccounts',
    'system:serviceaccounts:team',
    'system:authenticated',
  );
  const { chain } = setup({
    roleBindings: [
      binding('RoleBinding', 'bot-view', 'team', 'ClusterRole', 'view', [
        { kind: 'ServiceAccount', name: 'bot' },
      ]),
      binding('RoleBinding', 'jane-edit', 'team', 'ClusterRole', 'edit', [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      ]),
      binding('RoleBinding', 'ops-admin', 'team', 'ClusterRole', 'admin', [
        { kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' },
      ]),
    ],
  });
  const ops = user('olga', 'ops', 'system:authenticated');
  const cases: Array<[string, Attributes, boolean]> = [
    ['view lists pods', attrs(bot, 'list', 'pods', 'team'), true],
    ['view reads logs', attrs(bot, 'get', 'pods', 'team', { subresource: 'log', name: 'p' }), true],
    ['view only in its namespace', attrs(bot, 'list', 'pods', 'other'), false],
    ['view not across namespaces', attrs(bot, 'list', 'pods', ''), false],
    ['view reads no secrets', attrs(bot, 'get', 'secrets', 'team', { name: 's' }), false],
    ['view creates nothing', attrs(bot, 'create', 'pods', 'team'), false],
    ['view gets its namespace', attrs(bot, 'get', 'namespaces', 'team', { name: 'team' }), true],
    ['edit creates deployments', attrs(jane, 'create', 'deployments', 'team', { apiGroup: 'apps' }), true],
    ['edit reads secrets', attrs(jane, 'get', 'secrets', 'team', { name: 's' }), true],
    ['edit lists pods (from view)', attrs(jane, 'list', 'pods', 'team'), true],
    [
      'edit grants no roles',
      attrs(jane, 'create', 'rolebindings', 'team', { apiGroup: 'rbac.authorization.k8s.io' }),
      false,
    ],
    [
      'admin grants roles',
      attrs(ops, 'create', 'rolebindings', 'team', { apiGroup: 'rbac.authorization.k8s.io' }),
      true,
    ],
    ['admin lists pods', attrs(ops, 'list', 'pods', 'team'), true],
  ];
  for (const [name, a, want] of cases) assert.equal(chain.authorize(a).decision === 'allow', want, name);
});

test('reasons, missing roles, and changes picked up from the sources', () => {
  const { rbac, sources } = setup();
  const a = attrs(jane, 'list', 'pods', 'team');
  assert.deepEqual(rbac.authorize(a), { decision: 'noOpinion', reason: '' });
  sources.roles.set([
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'team' },
      rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }],
    } as KubeObject,
  ]);
  sources.roleBindings.set([
    binding('RoleBinding', 'r', 'team', 'Role', 'reader', [{ kind: 'User', name: 'jane' }]),
    binding('RoleBinding', 'gone', 'team', 'Role', 'missing', [{ kind: 'User', name: 'jane' }]),
  ]);
  assert.deepEqual(rbac.authorize(a), {
    decision: 'allow',
    reason: 'RBAC: allowed by RoleBinding "r/team" of Role "reader" to User "jane"',
  });
  assert.deepEqual(rbac.authorize(attrs(jane, 'delete', 'pods', 'team')), {
    decision: 'noOpinion',
    reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found',
  });
  const rules = rbac.rulesFor(jane, 'team');
  assert.equal(rules.incomplete, true);
  assert.ok(rules.resourceRules.some((r) => r.resources?.includes('pods') && r.verbs.includes('list')));
  assert.ok(rules.nonResourceRules.some((r) => r.nonResourceURLs?.includes('/healthz')));
  sources.clusterRoleBindings.set([
    binding('ClusterRoleBinding', 'jane-admin', undefined, 'ClusterRole', 'cluster-admin', [
      { kind: 'User', name: 'jane' },
    ]),
  ]);
  assert.equal(
    rbac.authorize(attrs(jane, 'delete', 'nodes', '')).reason,
    'RBAC: allowed by ClusterRoleBinding "jane-admin" of ClusterRole "cluster-admin" to User "jane"',
  );
});

test('forbidden messages, as upstream writes them', () => {
  const cases: Array<[Attributes, string]> = [
    [
      attrs(jane, 'list', 'pods', 'default'),
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    ],
    [
      attrs(jane, 'list', 'nodes'),
      'nodes is forbidden: User "jane" cannot list resource "nodes" at the cluster scope'.replace(
        'at',
        'in API group "" at',
      ),
    ],
    [
      attrs(jane, 'get', 'pods', 'ns', { subresource: 'log', name: 'web' }),
      'pods "web" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "ns"',
    ],
    [
      attrs(jane, 'create', 'deployments', 'ns', { apiGroup: 'apps' }),
      'deployments.apps is forbidden: User "jane" cannot create resource "deployments" in API group "apps" in the namespace "ns"',
    ],
    [path(jane, '/metrics'), 'forbidden: User "jane" cannot get path "/metrics"'],
  ];
  for (const [a, msg] of cases) {
    const err = forbiddenFor(a, '');
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, msg);
  }
});
