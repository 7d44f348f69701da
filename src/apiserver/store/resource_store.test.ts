import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { SqliteStore } from '../../storage/sqlite/sqlite_store.js';
import { testResources } from '../../../test/fixtures/resources.js';
import { NO_CHANGE, ResourceStore } from './resource_store.js';
import { TooOldResourceVersionError } from './watch_cache.js';
import type { CacheEvent } from './watch_cache.js';

const cmDef = testResources().find((d) => d.plural === 'configmaps')!;
const cm = (name: string, ns = 'default', data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data,
});

async function setup(capacity?: number) {
  const store = await SqliteStore.open({ path: ':memory:' });
  const rs = new ResourceStore(cmDef, store, { cacheCapacity: capacity });
  await rs.cache.whenReady();
  return { store, rs };
}

test('keys follow the upstream layout and reads are consistent after writes', async () => {
  const { store, rs } = await setup();
  assert.equal(rs.key('default', 'a'), '/registry/configmaps/default/a');
  const created = await rs.create(cm('a'));
  assert.equal(created.obj.metadata.resourceVersion, String(created.revision));
  const got = await rs.get('default', 'a');
  assert.equal(got.obj.metadata.resourceVersion, String(created.revision));
  await assert.rejects(
    rs.create(cm('a')),
    (e: unknown) => e instanceof StatusError && e.reason === 'AlreadyExists',
  );
  await assert.rejects(rs.get('default', 'nope'), (e: unknown) => e instanceof StatusError && e.code === 404);
  await store.close();
});

test('paging: continue tokens stay at the first page revision while objects change', async () => {
  const { store, rs } = await setup();
  for (let i = 0; i < 10; i++) await rs.create(cm(`c${i}`, 'p'));
  const first = await rs.list('p', { limit: 4 });
  assert.deepEqual(
    first.entries.map((e) => e.name),
    ['c0', 'c1', 'c2', 'c3'],
  );
  assert.equal(first.remainingItemCount, 6);
  assert.ok(first.continueToken);
  await rs.create(cm('c35', 'p'));
  await rs.update('p', 'c5', (o) => ({ ...o, data: { changed: 'yes' } }));
  const names = first.entries.map((e) => e.name);
  let token: string | undefined = first.continueToken;
  while (token) {
    const page = await rs.list('p', { limit: 4, continueToken: token });
    assert.equal(page.revision, first.revision);
    for (const e of page.entries) {
      names.push(e.name);
      if (e.name === 'c5') assert.deepEqual((e.obj as { data?: unknown }).data, {});
    }
    token = page.continueToken;
  }
  assert.deepEqual(
    names,
    Array.from({ length: 10 }, (_, i) => `c${i}`),
  );
  await assert.rejects(
    rs.list('p', { continueToken: 'garbage!' }),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
  await store.close();
});

test('updates: compare-and-swap, NO_CHANGE skips the write, Exact reads an old revision', async () => {
  const { store, rs } = await setup();
  const c = await rs.create(cm('u', 'default', { v: '1' }));
  const u = await rs.update('default', 'u', (o) => ({ ...o, data: { v: '2' } }), {
    expectedRevision: c.revision,
  });
  assert.ok(u.revision > c.revision);
  await assert.rejects(
    rs.update('default', 'u', (o) => o, { expectedRevision: c.revision }),
    (e: unknown) => e instanceof StatusError && e.reason === 'Conflict',
  );
  const same = await rs.update('default', 'u', () => NO_CHANGE);
  assert.equal(same.unchanged, true);
  assert.equal(same.revision, u.revision);
  const old = await rs.list('default', {
    resourceVersion: String(c.revision),
    resourceVersionMatch: 'Exact',
  });
  assert.deepEqual((old.entries[0]!.obj as { data?: unknown }).data, { v: '1' });
  await store.close();
});

test('watch cache: replays the window, refuses older revisions, reports deletions at their revision', async () => {
  const { store, rs } = await setup(3);
  const start = rs.cache.revision;
  const a = await rs.create(cm('a'));
  await rs.create(cm('b'));
  await rs.create(cm('c'));
  const del = await rs.deleteAt('default', 'a', a.revision);
  assert.throws(
    () =>
      rs.cache.watch(start, { events: () => undefined, progress: () => undefined, reset: () => undefined }),
    TooOldResourceVersionError,
  );
  const seen: CacheEvent[] = [];
  const stop = rs.cache.watch(a.revision, {
    events: (e) => seen.push(...e),
    progress: () => undefined,
    reset: () => undefined,
  });
  await rs.create(cm('d'));
  stop();
  assert.deepEqual(
    seen.map((e) => `${e.type} ${e.entry.name}`),
    ['ADDED b', 'ADDED c', 'DELETED a', 'ADDED d'],
  );
  const deleted = seen[2]!;
  assert.equal(deleted.entry.obj.metadata.resourceVersion, String(del.revision));
  await store.close();
});

test('stored built-in objects are read without the fields their kind does not declare', async () => {
  const { store, rs } = await setup();
  const old = {
    ...cm('old', 'default', { k: 'v' }),
    dat: { typo: 'x' },
    metadata: { name: 'old', namespace: 'default', bogus: 1 },
  };
  await store.create(rs.key('default', 'old'), Buffer.from(JSON.stringify(old)));
  await rs.cache.waitFresh();
  const got = await rs.get('default', 'old');
  assert.deepEqual((got.obj as { data?: unknown }).data, { k: 'v' });
  assert.equal('dat' in got.obj, false);
  assert.equal('bogus' in got.obj.metadata, false);
  assert.equal(JSON.parse(got.json).dat, undefined);
  await store.close();
});
