import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { AuthenticationError } from './authenticator.js';
import { signJwt, unverifiedClaims } from './jwt.js';
import type { ServiceAccountLookups, TokenSpec } from './service_account_token.js';
import {
  issueServiceAccountToken,
  parseServiceAccountUsername,
  ServiceAccountTokenAuthenticator,
  serviceAccountKey,
} from './service_account_token.js';

const pair = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const key = serviceAccountKey(pair.privateKey, pair.publicKey);
const NOW = new Date('2026-12-07T12:00:00Z');

const obj = (kind: string, name: string, uid: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'ns', uid },
});

function lookups(objects: KubeObject[]): ServiceAccountLookups {
  const find = (kind: string) => (ns: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === ns);
  return { serviceAccount: find('ServiceAccount'), pod: find('Pod'), secret: find('Secret') };
}

const SPEC: TokenSpec = {
  namespace: 'ns',
  serviceAccount: { name: 'builder', uid: 'sa-uid' },
  bound: { kind: 'Pod', name: 'web', uid: 'pod-uid' },
  audiences: [],
  expirationSeconds: 3600,
  now: NOW,
};

test('issued claims are upstream’s', () => {
  const { token, expirationTimestamp } = issueServiceAccountToken(key, SPEC);
  assert.equal(expirationTimestamp, '2026-12-07T13:00:00Z');
  const c = unverifiedClaims(token)!;
  const iat = NOW.getTime() / 1000;
  assert.match(String(c.jti), /^[0-9a-f-]{36}$/);
  delete c.jti;
  assert.deepEqual(c, {
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: iat + 3600,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    'kubernetes.io': {
      namespace: 'ns',
      serviceaccount: { name: 'builder', uid: 'sa-uid' },
      pod: { name: 'web', uid: 'pod-uid' },
    },
    nbf: iat,
    sub: 'system:serviceaccount:ns:builder',
  });
});

test('a bound token authenticates while its service account and pod live', () => {
  const { token } = issueServiceAccountToken(key, SPEC);
  const live = [obj('ServiceAccount', 'builder', 'sa-uid'), obj('Pod', 'web', 'pod-uid')];
  const a = new ServiceAccountTokenAuthenticator(key, lookups(live), () => NOW);
  const r = a.authenticateToken(token)!;
  assert.equal(r.user.name, 'system:serviceaccount:ns:builder');
  assert.equal(r.user.uid, 'sa-uid');
  assert.deepEqual(r.user.groups, ['system:serviceaccounts', 'system:serviceaccounts:ns']);
  assert.deepEqual(r.user.extra?.['authentication.kubernetes.io/pod-name'], ['web']);
  assert.deepEqual(r.audiences, ['https://kubernetes.default.svc.cluster.local']);
});

test('tokens refused, each with its reason', () => {
  const { token } = issueServiceAccountToken(key, SPEC);
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sa = obj('ServiceAccount', 'builder', 'sa-uid');
  const pod = obj('Pod', 'web', 'pod-uid');
  const later = new Date(NOW.getTime() + 3601_000);
  const cases: Array<{
    name: string;
    token?: string;
    live: KubeObject[];
    now?: Date;
    aud?: string[];
    err: RegExp;
  }> = [
    { name: 'pod deleted', live: [sa], err: /pods "web" not found/ },
    {
      name: 'pod recreated',
      live: [sa, obj('Pod', 'web', 'other')],
      err: /pod UID \(other\) does not match pod claim \(pod-uid\)/,
    },
    { name: 'account deleted', live: [pod], err: /serviceaccounts "builder" not found/ },
    {
      name: 'account recreated',
      live: [obj('ServiceAccount', 'builder', 'x'), pod],
      err: /service account UID \(x\)/,
    },
    { name: 'expired', live: [sa, pod], now: later, err: /service account token has expired/ },
    {
      name: 'other audience',
      live: [sa, pod],
      aud: ['vault'],
      err: /token audiences \["https:\/\/kubernetes.default.svc.cluster.local"\] is invalid for the target audiences \["vault"\]/,
    },
    {
      name: 'signed by another key',
      token: signJwt(unverifiedClaims(token)!, other.privateKey, 'k'),
      live: [sa, pod],
      err: /invalid signature/,
    },
  ];
  for (const c of cases) {
    const a = new ServiceAccountTokenAuthenticator(key, lookups(c.live), () => c.now ?? NOW);
    assert.throws(
      () => a.authenticateToken(c.token ?? token, c.aud),
      (e: unknown) => e instanceof AuthenticationError && c.err.test(e.message),
      c.name,
    );
  }
});

test('tokens of other issuers, and non-JWTs, are not its kind', () => {
  const a = new ServiceAccountTokenAuthenticator(key, lookups([]), () => NOW);
  assert.equal(a.authenticateToken(signJwt({ iss: 'https://accounts.example' }, key.privateKey, 'k')), null);
  assert.equal(a.authenticateToken('abcdef.0123456789abcdef'), null);
  assert.deepEqual(parseServiceAccountUsername('system:serviceaccount:ns:sa'), {
    namespace: 'ns',
    name: 'sa',
  });
  assert.equal(parseServiceAccountUsername('system:serviceaccount:ns'), null);
  assert.equal(parseServiceAccountUsername('jane'), null);
});
