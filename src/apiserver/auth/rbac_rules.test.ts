import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Attributes } from './authorizer.js';
import type { PolicyRule } from './rbac_rules.js';
import { ruleAllows, subjectMatches } from './rbac_rules.js';

const jane = { name: 'jane', groups: ['dev', 'system:authenticated'] };

function res(verb: string, resource: string, extra: Partial<Attributes> = {}): Attributes {
  return {
    user: jane,
    verb,
    isResourceRequest: true,
    path: '',
    namespace: 'default',
    apiGroup: '',
    apiVersion: 'v1',
    resource,
    subresource: '',
    name: '',
    ...extra,
  };
}

const url = (verb: string, path: string): Attributes => ({
  ...res(verb, ''),
  isResourceRequest: false,
  path,
});

test('rule matching, as upstream RuleAllows', () => {
  const pods: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
  const cases: Array<[string, PolicyRule, Attributes, boolean]> = [
    ['verb and resource', pods, res('list', 'pods'), true],
    ['other verb', pods, res('delete', 'pods'), false],
    ['other group', pods, res('list', 'pods', { apiGroup: 'apps' }), false],
    ['subresource needs its own entry', pods, res('get', 'pods', { subresource: 'log' }), false],
    [
      'pods/log',
      { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      '*/log',
      { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      res('get', 'pods', { subresource: 'log' }),
      true,
    ],
    [
      '*/log is not */status',
      { verbs: ['get'], apiGroups: [''], resources: ['*/log'] },
      res('get', 'pods', { subresource: 'status' }),
      false,
    ],
    [
      '* resources',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      res('delete', 'deployments', { apiGroup: 'apps', subresource: 'scale' }),
      true,
    ],
    [
      'resourceNames match',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      res('get', 'configmaps', { name: 'a' }),
      true,
    ],
    [
      'resourceNames other',
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      res('get', 'configmaps', { name: 'b' }),
      false,
    ],
    [
      'resourceNames never match a list',
      { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      res('list', 'configmaps'),
      false,
    ],
    ['resource rule never allows a path', pods, url('get', '/api'), false],
    ['exact URL', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, url('get', '/healthz'), true],
    ['URL prefix *', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, url('get', '/apis/apps/v1'), true],
    [
      'URL prefix * is not the parent',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      url('get', '/apis'),
      false,
    ],
    ['URL *', { verbs: ['*'], nonResourceURLs: ['*'] }, url('post', '/anything'), true],
    ['URL rule never allows a resource', { verbs: ['*'], nonResourceURLs: ['*'] }, res('get', 'pods'), false],
  ];
  for (const [name, rule, attrs, want] of cases) assert.equal(ruleAllows(attrs, rule), want, name);
});

test('subjects', () => {
  const sa = { name: 'system:serviceaccount:ns:bot', groups: [] };
  assert.equal(subjectMatches(jane, { kind: 'User', name: 'jane' }, ''), true);
  assert.equal(subjectMatches(jane, { kind: 'Group', name: 'dev' }, ''), true);
  assert.equal(subjectMatches(jane, { kind: 'Group', name: 'ops' }, ''), false);
  assert.equal(subjectMatches(sa, { kind: 'ServiceAccount', name: 'bot', namespace: 'ns' }, ''), true);
  assert.equal(
    subjectMatches(sa, { kind: 'ServiceAccount', name: 'bot' }, 'ns'),
    true,
    'namespace defaults to the binding’s',
  );
  assert.equal(subjectMatches(sa, { kind: 'ServiceAccount', name: 'bot' }, ''), false);
  assert.equal(subjectMatches(sa, { kind: 'User', name: 'bot' }, 'ns'), false);
});
