import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinResources } from '../registry/builtin/index.js';
import { SqliteStore } from '../../storage/sqlite/sqlite_store.js';
import { ResourceStore } from './resource_store.js';
import { StorageWatchHub } from './storage_watch_hub.js';

test('an Event written through events.k8s.io/v1 is stored as core/v1 and read back through both', async () => {
  const defs = builtinResources();
  const coreDef = defs.find((d) => d.group === '' && d.plural === 'events')!;
  const v1Def = defs.find((d) => d.group === 'events.k8s.io' && d.plural === 'events')!;
  assert.ok(v1Def.storage && !coreDef.storage);
  const store = await SqliteStore.open({ path: ':memory:' });
  const hub = new StorageWatchHub(store);
  const core = new ResourceStore(coreDef, store, { hub });
  const v1 = new ResourceStore(v1Def, store, { hub });
  try {
    await Promise.all([core.cache.whenReady(), v1.cache.whenReady()]);
    await v1.create({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      note: 'hello',
      reason: 'Tested',
      type: 'Normal',
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
    });
    const stored = JSON.parse((await store.get('/registry/events/default/e')).kv!.value.toString()) as Record<
      string,
      unknown
    >;
    assert.equal(stored.apiVersion, 'v1');
    assert.equal(stored.message, 'hello');
    const asCore = (await core.get('default', 'e')).obj as Record<string, unknown>;
    assert.equal(asCore.message, 'hello');
    assert.deepEqual((asCore.involvedObject as { name: string }).name, 'p');
    const asV1 = (await v1.get('default', 'e')).obj as Record<string, unknown>;
    assert.equal(asV1.apiVersion, 'events.k8s.io/v1');
    assert.equal(asV1.note, 'hello');
    const updated = await v1.update('default', 'e', (o) => ({ ...o, note: 'changed' }));
    assert.equal((updated.obj as { note?: string }).note, 'changed');
    assert.equal(((await core.get('default', 'e')).obj as { message?: string }).message, 'changed');
  } finally {
    core.cache.stop();
    v1.cache.stop();
    hub.stop();
    await store.close();
  }
});
