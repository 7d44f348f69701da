import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runStoreConformance } from '../conformance.js';
import { StoreClosedError, UnavailableError } from '../errors.js';
import { SqliteStore } from './sqlite_store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-sqlite-'));
let n = 0;

runStoreConformance('sqlite (file, WAL)', async () => {
  const file = path.join(tmp, `store-${n++}.db`);
  const store = await SqliteStore.open({ path: file });
  return {
    store,
    prefix: '/registry/conformance/',
    cleanup: async () => {
      await store.close();
      for (const f of [file, file + '-wal', file + '-shm']) fs.rmSync(f, { force: true });
    },
  };
});

runStoreConformance('sqlite (in memory)', async () => {
  const store = await SqliteStore.open({ path: ':memory:' });
  return { store, prefix: '/registry/conformance/', cleanup: () => store.close() };
});

test('a second opener of the same database file is refused while the first holds it', async () => {
  const file = path.join(tmp, 'exclusive.db');
  const first = await SqliteStore.open({ path: file });
  try {
    await assert.rejects(SqliteStore.open({ path: file }), (err: unknown) => {
      assert.ok(err instanceof UnavailableError);
      assert.match(err.message, /in use by another process/);
      return true;
    });
  } finally {
    await first.close();
  }
  const again = await SqliteStore.open({ path: file });
  await again.close();
});

test('writes queued before close are committed, later calls fail with StoreClosedError', async () => {
  const file = path.join(tmp, 'close.db');
  const store = await SqliteStore.open({ path: file });
  const pending = store.create('/registry/x/a', Buffer.from('1'));
  await store.close();
  assert.ok((await pending).succeeded);
  await assert.rejects(store.create('/registry/x/b', Buffer.from('2')), StoreClosedError);
  await assert.rejects(store.get('/registry/x/a'), StoreClosedError);
  const reopened = await SqliteStore.open({ path: file });
  assert.equal(Buffer.from((await reopened.get('/registry/x/a')).kv!.value).toString(), '1');
  await reopened.close();
});

test('a watcher of a quiet prefix learns the revision of every commit before the writer resumes', async () => {
  const store = await SqliteStore.open({ path: ':memory:' });
  const ac = new AbortController();
  let progress = 0;
  store.watch(
    '/registry/quiet/',
    { afterRevision: 0, signal: ac.signal },
    { onEvents: () => undefined, onProgress: (r) => (progress = r), onError: () => undefined },
  );
  await new Promise((r) => setImmediate(r));
  const res = await store.create('/registry/busy/x', Buffer.from('1'));
  assert.equal(progress, res.revision);
  ac.abort();
  await store.close();
});
