import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { JwtError, keyId, looksLikeJwt, signJwt, unverifiedClaims, verifyJwt } from './jwt.js';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

test('a signed token verifies with its public key and carries the claims and kid', () => {
  const kid = keyId(pair.publicKey);
  const token = signJwt({ sub: 'system:serviceaccount:ns:sa', n: 1 }, pair.privateKey, kid);
  assert.equal(looksLikeJwt(token), true);
  assert.deepEqual(verifyJwt(token, pair.publicKey), { sub: 'system:serviceaccount:ns:sa', n: 1 });
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as object;
  assert.deepEqual(header, { alg: 'RS256', kid });
  assert.match(kid, /^[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(unverifiedClaims(token), { sub: 'system:serviceaccount:ns:sa', n: 1 });
});

test('tokens that must not verify', () => {
  const token = signJwt({ sub: 'a' }, pair.privateKey, 'k');
  const [h, p, s] = token.split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ sub: 'system:admin' })).toString('base64url');
  const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  const cases: Array<[string, string, RegExp]> = [
    ['other key', signJwt({ sub: 'a' }, other.privateKey, 'k'), /invalid signature/],
    ['changed payload', `${h}.${forged}.${s}`, /invalid signature/],
    ['alg none', `${none}.${p}.`, /unexpected signing algorithm "none"/],
    ['two parts', `${h}.${p}`, /not a JWT/],
    ['garbage header', `!!.${p}.${s}`, /malformed JWT header/],
  ];
  for (const [name, t, re] of cases) {
    assert.throws(
      () => verifyJwt(t, pair.publicKey),
      (e: unknown) => e instanceof JwtError && re.test(e.message),
      name,
    );
  }
  assert.equal(looksLikeJwt('abcdef.0123456789abcdef'), false);
  assert.equal(unverifiedClaims('a.b'), null);
});
