import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { BootstrapTokenAuthenticator, bootstrapTokenGroups, parseBootstrapToken } from './bootstrap_token.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const b64 = (s: string) => Buffer.from(s).toString('base64');

function secret(
  data: Record<string, string>,
  extra: Partial<KubeObject> & { type?: string } = {},
): KubeObject {
  const d: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) d[k] = b64(v);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: d,
    ...extra,
  } as KubeObject;
}

const GOOD = {
  'token-id': 'abcdef',
  'token-secret': '0123456789abcdef',
  'usage-bootstrap-authentication': 'true',
};

test('token form', () => {
  assert.deepEqual(parseBootstrapToken('abcdef.0123456789abcdef'), {
    id: 'abcdef',
    secret: '0123456789abcdef',
  });
  for (const bad of [
    'ABCDEF.0123456789abcdef',
    'abcde.0123456789abcdef',
    'abcdef.0123456789abcde',
    'abcdef0123456789abcdef',
  ])
    assert.equal(parseBootstrapToken(bad), null, bad);
});

test('bootstrap token rules', () => {
  const cases: Array<{ name: string; secret?: KubeObject; token?: string; user: object | null }> = [
    {
      name: 'valid, with extra groups',
      secret: secret({ ...GOOD, 'auth-extra-groups': 'system:bootstrappers:kubets:default-node-token' }),
      user: {
        name: 'system:bootstrap:abcdef',
        groups: ['system:bootstrappers', 'system:bootstrappers:kubets:default-node-token'],
      },
    },
    {
      name: 'valid, not yet expired',
      secret: secret({ ...GOOD, expiration: '2026-12-08T00:00:00Z' }),
      user: { name: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'] },
    },
    { name: 'expired', secret: secret({ ...GOOD, expiration: '2026-12-07T11:00:00Z' }), user: null },
    { name: 'unparseable expiration', secret: secret({ ...GOOD, expiration: 'tomorrow' }), user: null },
    { name: 'wrong secret', secret: secret({ ...GOOD, 'token-secret': 'ffffffffffffffff' }), user: null },
    {
      name: 'no authentication usage',
      secret: secret({ ...GOOD, 'usage-bootstrap-authentication': 'false' }),
      user: null,
    },
    { name: 'wrong type', secret: secret(GOOD, { type: 'Opaque' }), user: null },
    {
      name: 'bad extra group',
      secret: secret({ ...GOOD, 'auth-extra-groups': 'system:masters' }),
      user: null,
    },
    {
      name: 'being deleted',
      secret: secret(GOOD, {
        metadata: { name: 'bootstrap-token-abcdef', deletionTimestamp: '2026-12-07T00:00:00Z' },
      }),
      user: null,
    },
    { name: 'no secret', user: null },
    { name: 'not a bootstrap token', secret: secret(GOOD), token: 'hello', user: null },
  ];
  for (const c of cases) {
    const names: string[] = [];
    const a = new BootstrapTokenAuthenticator(
      (n) => {
        names.push(n);
        return c.secret;
      },
      () => NOW,
    );
    const r = a.authenticateToken(c.token ?? 'abcdef.0123456789abcdef');
    assert.deepEqual(r ? r.user : null, c.user, c.name);
    if (!c.token) assert.deepEqual(names, ['bootstrap-token-abcdef'], c.name);
  }
});

test('extra groups are trimmed, deduplicated and sorted', () => {
  const s = secret({
    ...GOOD,
    'auth-extra-groups': ' system:bootstrappers:b, system:bootstrappers:a,system:bootstrappers:b',
  });
  assert.deepEqual(bootstrapTokenGroups(s), [
    'system:bootstrappers',
    'system:bootstrappers:a',
    'system:bootstrappers:b',
  ]);
  assert.throws(
    () => bootstrapTokenGroups(secret({ 'auth-extra-groups': 'system:bootstrappers:' })),
    /is not a valid bootstrap group name/,
  );
});
