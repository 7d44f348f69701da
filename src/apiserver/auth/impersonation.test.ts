import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import type { AnyRequest } from '../http/body.js';
import type { Attributes, Authorizer } from './authorizer.js';
import { impersonate } from './impersonation.js';

/** A request with these raw headers (name, value, name, value, …). */
function req(...raw: string[]): AnyRequest {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return { headers, rawHeaders: raw } as unknown as AnyRequest;
}

/** Allows impersonating exactly the listed `resource/name` pairs, recording every check. */
function allowing(...allowed: string[]) {
  const asked: string[] = [];
  const authorizer: Authorizer = {
    authorize(a: Attributes) {
      const key = `${a.verb} ${a.apiGroup}/${a.subresource ? `${a.resource}/${a.subresource}` : a.resource}${a.namespace ? ` ns=${a.namespace}` : ''} ${a.name}`;
      asked.push(key);
      return { decision: allowed.includes(key) ? 'allow' : 'noOpinion', reason: '' };
    },
  };
  return { authorizer, asked };
}

const bob = { name: 'bob', groups: ['system:authenticated'] };

test('no headers: the requestor itself', () => {
  const { authorizer, asked } = allowing();
  assert.equal(impersonate(req('Accept', '*/*'), bob, authorizer), bob);
  assert.deepEqual(asked, []);
});

test('a user with groups, a uid and extras, each checked', () => {
  const { authorizer, asked } = allowing(
    'impersonate /users jane',
    'impersonate /groups dev',
    'impersonate /groups ops',
    'impersonate authentication.k8s.io/uids u-1',
    'impersonate authentication.k8s.io/userextras/scopes view',
  );
  const r = impersonate(
    req(
      'Impersonate-User',
      'jane',
      'Impersonate-Group',
      'dev',
      'Impersonate-Group',
      'ops',
      'Impersonate-Uid',
      'u-1',
      'Impersonate-Extra-Scopes',
      'view',
    ),
    bob,
    authorizer,
  );
  assert.deepEqual(r, {
    name: 'jane',
    groups: ['dev', 'ops', 'system:authenticated'],
    uid: 'u-1',
    extra: { scopes: ['view'] },
  });
  assert.equal(asked.length, 5);
});

test('a service account gets its groups; the check is on serviceaccounts in its namespace', () => {
  const { authorizer } = allowing('impersonate /serviceaccounts ns=team bot');
  assert.deepEqual(impersonate(req('Impersonate-User', 'system:serviceaccount:team:bot'), bob, authorizer), {
    name: 'system:serviceaccount:team:bot',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
  });
});

test('refusals: 403 with upstream’s message, and groups without a user', () => {
  const { authorizer } = allowing('impersonate /users jane');
  assert.throws(
    () =>
      impersonate(req('Impersonate-User', 'jane', 'Impersonate-Group', 'system:masters'), bob, authorizer),
    (e: unknown) =>
      e instanceof StatusError &&
      e.code === 403 &&
      e.message ===
        'groups "system:masters" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
  );
  assert.throws(
    () => impersonate(req('Impersonate-Group', 'dev'), bob, authorizer),
    (e: unknown) =>
      e instanceof StatusError && e.code === 500 && /without impersonating a user/.test(e.message),
  );
});
