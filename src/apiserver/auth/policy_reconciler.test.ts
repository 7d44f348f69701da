import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { bootstrapClusterRoleBindings } from './bootstrap_bindings.js';
import { bootstrapNamespaceRoleBindings, bootstrapNamespaceRoles } from './bootstrap_namespace_roles.js';
import { bootstrapClusterRoles } from './bootstrap_roles.js';
import { aggregatedRules } from './cluster_role_aggregation.js';
import { reconcileDefault } from './policy_reconciler.js';

const role = (name: string) =>
  structuredClone(bootstrapClusterRoles().find((r) => r.metadata.name === name)!);

test('every default role and binding is marked for reconciliation and bindings name existing roles', () => {
  const roles = bootstrapClusterRoles();
  const names = new Set(roles.map((r) => r.metadata.name));
  for (const want of [
    'cluster-admin',
    'admin',
    'edit',
    'view',
    'system:discovery',
    'system:basic-user',
    'system:public-info-viewer',
    'system:node-bootstrapper',
    'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    'system:kube-scheduler',
    'system:kube-controller-manager',
    'system:node',
    'system:kube-dns',
    'system:node-proxier',
  ])
    assert.ok(names.has(want), want);
  for (const o of [...roles, ...bootstrapClusterRoleBindings()]) {
    assert.equal(
      o.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'],
      'true',
      o.metadata.name,
    );
    assert.equal(o.metadata.labels?.['kubernetes.io/bootstrapping'], 'rbac-defaults', o.metadata.name);
  }
  for (const b of bootstrapClusterRoleBindings()) {
    assert.ok(names.has((b as unknown as { roleRef: { name: string } }).roleRef.name), b.metadata.name);
  }
  const cab = bootstrapClusterRoleBindings().find((b) => b.metadata.name === 'cluster-admin') as {
    subjects?: unknown;
  };
  assert.deepEqual(cab.subjects, [
    { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' },
  ]);
});

test('reconciling adds missing rules, labels and subjects, keeps additions, honours autoupdate=false', () => {
  const current = role('system:discovery') as KubeObject & { rules: unknown[] };
  const extraRule = { verbs: ['get'], nonResourceURLs: ['/custom'] };
  current.rules = [extraRule];
  current.metadata.labels = { mine: 'yes' };
  const next = reconcileDefault(current, role('system:discovery')) as KubeObject & { rules: unknown[] };
  assert.deepEqual(next.rules, [
    extraRule,
    ...(role('system:discovery') as unknown as { rules: unknown[] }).rules,
  ]);
  assert.deepEqual(next.metadata.labels, { 'kubernetes.io/bootstrapping': 'rbac-defaults', mine: 'yes' });
  assert.equal(reconcileDefault(next, role('system:discovery')), null, 'nothing more to do');
  current.metadata.annotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'false' };
  assert.equal(reconcileDefault(current, role('system:discovery')), null);

  const binding = structuredClone(
    bootstrapClusterRoleBindings().find((b) => b.metadata.name === 'system:basic-user')!,
  );
  (binding as { subjects?: unknown[] }).subjects = [{ kind: 'User', name: 'jane' }];
  const fixed = reconcileDefault(
    binding,
    bootstrapClusterRoleBindings().find((b) => b.metadata.name === 'system:basic-user')!,
  );
  assert.deepEqual((fixed as { subjects?: unknown[] }).subjects, [
    { kind: 'User', name: 'jane' },
    { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' },
  ]);
});

test('aggregation: the union of the matching roles’ rules, in name order, without duplicates', () => {
  const rule = (r: string) => ({ verbs: ['get'], apiGroups: ['example.com'], resources: [r] });
  const mk = (name: string, labels: Record<string, string>, rules: unknown[]) =>
    ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules,
    }) as KubeObject;
  const view = role('view');
  const all = [
    view,
    mk('b-widgets', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, [
      rule('widgets'),
      rule('gadgets'),
    ]),
    mk('a-gadgets', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, [rule('gadgets')]),
    mk('unrelated', { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, [rule('nope')]),
  ];
  assert.deepEqual(aggregatedRules(view, all), [rule('gadgets'), rule('widgets')]);
  assert.equal(aggregatedRules(all[1]!, all), null);
});

test('the default namespace Role gets its rules back; its binding names it', () => {
  const [reader] = bootstrapNamespaceRoles();
  const [binding] = bootstrapNamespaceRoleBindings();
  assert.equal(reader!.metadata.namespace, 'kube-system');
  assert.equal((binding as { roleRef?: { name?: string } }).roleRef?.name, reader!.metadata.name);
  const stripped = { ...structuredClone(reader!), rules: [] } as KubeObject;
  assert.deepEqual(
    (reconcileDefault(stripped, reader!) as { rules?: unknown }).rules,
    (reader as { rules?: unknown }).rules,
  );
  assert.equal(reconcileDefault(structuredClone(reader!), reader!), null);
});
