/**
 * Authentication and authorization over real HTTPS against a control plane started as
 * `kubets server` starts it (RBAC, service-account key, a static token file): anonymous
 * requests, bad and good tokens of each kind, 403s with upstream's messages, a RoleBinding
 * taking effect, TokenRequest validation and binding, the review resources, impersonation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { startControlPlane } from '../../src/server/control_plane.js';
import { ensureClusterPki } from '../../src/server/certs/pki.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';
import { waitFor } from '../fixtures/test_cluster.js';
import type { Reply } from '../fixtures/https_call.js';
import { httpsCall } from '../fixtures/https_call.js';

let cp: ControlPlane;
let dir: string;

interface Credentials {
  token?: string;
  cert?: string;
  key?: string;
  headers?: Record<string, string | string[]>;
}

function call(method: string, urlPath: string, who: Credentials = {}, body?: unknown): Promise<Reply> {
  return httpsCall({ port: cp.port, ca: cp.pki.serverCaPem, ...who }, method, urlPath, body);
}

const admin = (): Credentials => ({ cert: cp.pki.adminCertPem, key: cp.pki.adminKeyPem });

async function ok(method: string, p: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await call(method, p, admin(), body);
  assert.ok(r.code >= 200 && r.code < 300, `${method} ${p}: ${r.code} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function tokenFor(sa: string, spec: Record<string, unknown> = {}): Promise<string> {
  const r = await ok('POST', `/api/v1/namespaces/default/serviceaccounts/${sa}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec,
  });
  return (r.status as { token: string }).token;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-auth-'));
  const tokens = path.join(dir, 'tokens.csv');
  fs.writeFileSync(tokens, 'jane-token,jane,uid-jane,"dev"\nbob-token,bob,uid-bob\n');
  cp = await startControlPlane({
    dataDir: dir,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    resources: builtinResources(),
    log: pino({ level: 'silent' }),
    store: await SqliteStore.open({ path: ':memory:' }),
    serviceAccountAdmission: { requireAccount: false },
    tokenAuthFile: tokens,
  });
  await ok('POST', '/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'bot' } });
});

after(async () => {
  await cp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('authentication', () => {
  it('serves the public paths to anonymous requests and refuses the rest with 403', async () => {
    for (const p of ['/healthz', '/livez', '/readyz', '/version'])
      assert.equal((await call('GET', p)).code, 200, p);
    const r = await call('GET', '/api/v1/namespaces/default/pods');
    assert.equal(r.code, 403);
    assert.equal(
      r.body.message,
      'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    assert.equal(
      (await call('GET', '/api')).body.message,
      'forbidden: User "system:anonymous" cannot get path "/api"',
    );
  });

  it('answers 401 for unknown tokens and a certificate of another CA', async () => {
    for (const token of ['nope', 'abcdef.0123456789abcdef', 'a.b.c']) {
      const r = await call('GET', '/version', { token });
      assert.equal(r.code, 401, JSON.stringify(token));
      assert.deepEqual(
        [r.body.kind, r.body.reason, r.body.message],
        ['Status', 'Unauthorized', 'Unauthorized'],
      );
    }
    const other = await ensureClusterPki(path.join(dir, 'other'), { hostnames: [], ips: [] });
    const r = await call('GET', '/version', { cert: other.adminCertPem, key: other.adminKeyPem });
    assert.equal(r.code, 401);
  });

  it('static tokens: the user of the file, forbidden until bound, allowed after', async () => {
    const jane = { token: 'jane-token' };
    const whoami = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', jane, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    assert.equal(whoami.code, 201);
    assert.deepEqual((whoami.body.status as { userInfo: unknown }).userInfo, {
      username: 'jane',
      uid: 'uid-jane',
      groups: ['dev', 'system:authenticated'],
    });
    const denied = await call('GET', '/api/v1/namespaces/default/configmaps', jane);
    assert.equal(denied.code, 403);
    assert.equal(
      denied.body.message,
      'configmaps is forbidden: User "jane" cannot list resource "configmaps" in API group "" in the namespace "default"',
    );
    assert.equal(
      (await call('GET', '/api/v1/nodes', jane)).body.message,
      'nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    await ok('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
      metadata: { name: 'dev-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
    });
    await waitFor(
      async () => (await call('GET', '/api/v1/namespaces/default/configmaps', jane)).code === 200,
      'the RoleBinding to take effect',
    );
    assert.equal((await call('GET', '/api/v1/namespaces/kube-system/configmaps', jane)).code, 403);
    assert.equal((await call('GET', '/api/v1/namespaces/default/secrets', jane)).code, 403);
  });

  it('service-account tokens: issued, accepted while the bound pod lives, refused after', async () => {
    const plain = await tokenFor('bot');
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: plain }, {});
    assert.equal(
      (who.body.status as { userInfo: { username: string } }).userInfo.username,
      'system:serviceaccount:default:bot',
    );
    assert.deepEqual((who.body.status as { userInfo: { groups: string[] } }).userInfo.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);

    const pod = await ok('POST', '/api/v1/namespaces/default/pods', {
      metadata: { name: 'runner' },
      spec: { serviceAccountName: 'bot', containers: [{ name: 'c', image: 'busybox' }] },
    });
    const bound = await tokenFor('bot', {
      boundObjectRef: {
        kind: 'Pod',
        apiVersion: 'v1',
        name: 'runner',
        uid: (pod.metadata as { uid: string }).uid,
      },
    });
    assert.equal((await call('GET', '/version', { token: bound })).code, 200);
    const review = await ok('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token: bound },
    });
    const status = review.status as {
      authenticated: boolean;
      user: { username: string; extra: Record<string, string[]> };
    };
    assert.equal(status.authenticated, true);
    assert.deepEqual(status.user.extra['authentication.kubernetes.io/pod-name'], ['runner']);

    await ok('DELETE', '/api/v1/namespaces/default/pods/runner?gracePeriodSeconds=0');
    await waitFor(
      async () => (await call('GET', '/version', { token: bound })).code === 401,
      'the token to die with its pod',
    );
    const dead = await ok('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      spec: { token: bound },
    });
    assert.equal((dead.status as { authenticated?: boolean }).authenticated, undefined);
    assert.match(String((dead.status as { error: string }).error), /pods "runner" not found/);
    assert.equal((await call('GET', '/version', { token: plain })).code, 200, 'an unbound token lives on');
  });

  it('TokenRequest validation and binding errors', async () => {
    const short = await call('POST', '/api/v1/namespaces/default/serviceaccounts/bot/token', admin(), {
      spec: { expirationSeconds: 599 },
    });
    assert.equal(short.code, 422);
    assert.equal(
      short.body.message,
      'TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    );
    assert.deepEqual((short.body.details as { causes: unknown[] }).causes, [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: 599: may not specify a duration less than 10 minutes',
        field: 'spec.expirationSeconds',
      },
    ]);
    const missing = await call('POST', '/api/v1/namespaces/default/serviceaccounts/ghost/token', admin(), {});
    assert.equal(missing.code, 404);
    const r = await ok('POST', '/api/v1/namespaces/default/serviceaccounts/bot/token', { spec: {} });
    const exp = Date.parse((r.status as { expirationTimestamp: string }).expirationTimestamp) - Date.now();
    assert.ok(exp > 3500_000 && exp <= 3600_000, `default lifetime 1h, got ${exp} ms`);
    assert.deepEqual((r.spec as { audiences: string[] }).audiences, [
      'https://kubernetes.default.svc.cluster.local',
    ]);
  });

  it('bootstrap tokens authenticate as system:bootstrap:<id>', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await ok('POST', '/api/v1/namespaces/kube-system/secrets', {
      metadata: { name: 'bootstrap-token-abcdef' },
      type: 'bootstrap.kubernetes.io/token',
      data: {
        'token-id': b64('abcdef'),
        'token-secret': b64('0123456789abcdef'),
        'usage-bootstrap-authentication': b64('true'),
        'auth-extra-groups': b64('system:bootstrappers:kubets:default-node-token'),
      },
    });
    const token = 'abcdef.0123456789abcdef';
    await waitFor(async () => (await call('GET', '/version', { token })).code === 200, 'the bootstrap token');
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token }, {});
    assert.deepEqual((who.body.status as { userInfo: unknown }).userInfo, {
      username: 'system:bootstrap:abcdef',
      groups: [
        'system:bootstrappers',
        'system:bootstrappers:kubets:default-node-token',
        'system:authenticated',
      ],
    });
    assert.equal((await call('GET', '/version', { token: 'abcdef.ffffffffffffffff' })).code, 401);
  });
});

describe('authorization', () => {
  it('answers the access reviews from the same authorizer', async () => {
    const sar = (spec: unknown) =>
      ok('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec,
      });
    const allowed = await sar({
      user: 'system:kube-scheduler',
      resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'x' },
    });
    assert.equal((allowed.status as { allowed: boolean }).allowed, true);
    assert.match(
      String((allowed.status as { reason: string }).reason),
      /ClusterRoleBinding "system:kube-scheduler"/,
    );
    const denied = await sar({ user: 'bob', resourceAttributes: { verb: 'delete', resource: 'nodes' } });
    assert.equal((denied.status as { allowed: boolean }).allowed, false);
    const url = await sar({
      user: 'bob',
      groups: ['system:authenticated'],
      nonResourceAttributes: { verb: 'get', path: '/apis/apps' },
    });
    assert.equal((url.status as { allowed: boolean }).allowed, true);
    const invalid = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', admin(), {
      spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
    });
    assert.equal(invalid.code, 422);

    const self = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { token: 'bob-token' },
      {
        spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } },
      },
    );
    assert.equal(self.code, 201);
    assert.equal((self.body.status as { allowed: boolean }).allowed, false);

    const rules = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      { token: 'jane-token' },
      {
        spec: { namespace: 'default' },
      },
    );
    const status = rules.body.status as {
      resourceRules: Array<{ resources: string[]; verbs: string[] }>;
      nonResourceRules: unknown[];
    };
    assert.ok(status.resourceRules.some((r) => r.resources.includes('pods/log') && r.verbs.includes('get')));
    assert.ok(status.nonResourceRules.length > 0);

    const local = await call(
      'POST',
      '/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews',
      admin(),
      {
        spec: { user: 'jane', groups: ['dev'], resourceAttributes: { verb: 'list', resource: 'pods' } },
      },
    );
    assert.equal((local.body.status as { allowed: boolean }).allowed, true);
  });

  it('impersonation needs the impersonate verb', async () => {
    const asJane = await call('GET', '/api/v1/namespaces/default/secrets', {
      ...admin(),
      headers: { 'Impersonate-User': 'jane' },
    });
    assert.equal(asJane.code, 403);
    assert.equal(
      asJane.body.message,
      'secrets is forbidden: User "jane" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    const groups = await call('GET', '/api/v1/namespaces/default/configmaps', {
      ...admin(),
      headers: { 'Impersonate-User': 'someone', 'Impersonate-Group': ['dev', 'x'] },
    });
    assert.equal(groups.code, 200, 'impersonated groups count');
    const byBob = await call('GET', '/version', {
      token: 'bob-token',
      headers: { 'Impersonate-User': 'jane' },
    });
    assert.equal(byBob.code, 403);
    assert.equal(
      byBob.body.message,
      'users "jane" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
});
