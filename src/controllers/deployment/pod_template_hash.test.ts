import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from './pod_template_hash.js';

test('FNV-32a and SafeEncodeString as upstream', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  // Reference values of FNV-1a 32.
  assert.equal(fnv32a(enc('')), 0x811c9dc5);
  assert.equal(fnv32a(enc('a')), 0xe40c292c);
  assert.equal(fnv32a(enc('foobar')), 0xbf9cf968);
  // '0'..'9' are code points 48..57: 48 % 27 = 21 → '4', 57 % 27 = 3 → 'f'.
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
});

test('computeHash: stable across key order, changed by the template and the collision count', () => {
  const a = {
    metadata: { labels: { app: 'web', x: '1' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
  const b = {
    spec: { containers: [{ image: 'nginx', name: 'c' }] },
    metadata: { labels: { x: '1', app: 'web' } },
  };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(computeHash(a), computeHash(b));
  assert.match(computeHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  const c = { ...a, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } };
  assert.notEqual(computeHash(a), computeHash(c));
  assert.notEqual(computeHash(a), computeHash(a, 1));
  assert.notEqual(computeHash(a, 1), computeHash(a, 2));
});
