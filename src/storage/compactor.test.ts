import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startCompactor } from './compactor.js';
import { CompactedError } from './errors.js';
import { SqliteStore } from './sqlite/sqlite_store.js';

test('the compactor compacts to the revision seen one interval earlier', async () => {
  const store = await SqliteStore.open({ path: ':memory:' });
  const ac = new AbortController();
  try {
    for (let i = 0; i < 5; i++) await store.create(`/registry/c/${i}`, Buffer.from('x'));
    const first = await store.currentRevision();
    const compacted: number[] = [];
    startCompactor(store, { intervalMs: 50, signal: ac.signal, onCompacted: (r) => compacted.push(r) });
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 5; i < 10; i++) await store.create(`/registry/c/${i}`, Buffer.from('x'));
    const second = await store.currentRevision();
    while (compacted.length < 2) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(compacted.slice(0, 2), [first, second]);
    assert.equal(await store.compactedRevision(), second);
    await assert.rejects(store.get('/registry/c/0', first - 1), CompactedError);
    assert.equal((await store.list('/registry/c/')).kvs.length, 10);
  } finally {
    ac.abort();
    await store.close();
  }
});
