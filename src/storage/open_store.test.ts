import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEtcdEndpoints } from './open_store.js';

test('--datastore-endpoint accepts etcd client URLs and refuses anything else', () => {
  assert.deepEqual(parseEtcdEndpoints('http://127.0.0.1:2379'), ['http://127.0.0.1:2379']);
  assert.deepEqual(parseEtcdEndpoints('etcd://10.0.0.1:2379, https://e2:2379'), [
    'http://10.0.0.1:2379',
    'https://e2:2379',
  ]);
  assert.deepEqual(parseEtcdEndpoints('etcd://h1:2379,h2:2379,h3:2379'), [
    'http://h1:2379',
    'http://h2:2379',
    'http://h3:2379',
  ]);
  for (const bad of ['', 'nonsense', 'ftp://h:1', 'http://host-without-port', ',']) {
    assert.throws(() => parseEtcdEndpoints(bad), /--datastore-endpoint/);
  }
});
