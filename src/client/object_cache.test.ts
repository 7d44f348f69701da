import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { ObjectCache, objectKey, splitKey } from './object_cache.js';

const obj = (ns: string, name: string, node?: string, rv = '1'): KubeObject => ({
  metadata: { namespace: ns || undefined, name, resourceVersion: rv },
  spec: { nodeName: node },
});

test('keys: namespace/name or name', () => {
  assert.equal(objectKey(obj('a', 'b')), 'a/b');
  assert.equal(objectKey(obj('', 'n')), 'n');
  assert.deepEqual(splitKey('a/b'), { namespace: 'a', name: 'b' });
  assert.deepEqual(splitKey('n'), { namespace: '', name: 'n' });
});

test('indexes follow sets and deletes, including indexes added later', () => {
  const c = new ObjectCache<KubeObject>();
  c.set(obj('a', 'p1', 'n1'));
  c.set(obj('a', 'p2', 'n2'));
  c.addIndex('node', (o) => {
    const n = (o.spec as { nodeName?: string }).nodeName;
    return n ? [n] : [];
  });
  c.set(obj('b', 'p3', 'n1'));
  assert.deepEqual(c.byIndex('node', 'n1').map(objectKey).sort(), ['a/p1', 'b/p3']);
  assert.deepEqual(c.byIndex('namespace', 'a').map(objectKey).sort(), ['a/p1', 'a/p2']);
  c.set(obj('a', 'p1', 'n2', '2'));
  assert.deepEqual(c.byIndex('node', 'n1').map(objectKey), ['b/p3']);
  assert.deepEqual(c.byIndex('node', 'n2').map(objectKey).sort(), ['a/p1', 'a/p2']);
  assert.equal(c.delete('a/p2')?.metadata.name, 'p2');
  assert.deepEqual(c.byIndex('node', 'n2').map(objectKey), ['a/p1']);
  assert.deepEqual(c.indexValues('node').sort(), ['n1', 'n2']);
  assert.equal(c.size, 2);
  assert.throws(() => c.byIndex('nope', 'x'), /does not exist/);
});
