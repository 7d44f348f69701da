import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { EtcdStore } from '../../storage/etcd/etcd_store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite_store.js';
import { startEtcd } from '../../storage/etcd/etcd_process.js';
import { testResources } from '../../../test/fixtures/resources.js';
import { ResourceStore } from './resource_store.js';
import { StorageWatchHub } from './storage_watch_hub.js';

const etcd = await startEtcd();
after(() => etcd.stop());

const [nsDef, cmDef] = [
  testResources().find((d) => d.plural === 'namespaces')!,
  testResources().find((d) => d.plural === 'configmaps')!,
];

test('on etcd, a consistent read of a quiet resource does not wait for writes to another one', async () => {
  const store = await EtcdStore.open({ endpoints: [etcd.endpoint] });
  const hub = new StorageWatchHub(store);
  const namespaces = new ResourceStore(nsDef, store, { hub });
  const configmaps = new ResourceStore(cmDef, store, { hub });
  try {
    await Promise.all([namespaces.cache.whenReady(), configmaps.cache.whenReady()]);
    for (let i = 0; i < 5; i++) {
      const cm: KubeObject = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${i}`, namespace: 'default' },
      };
      const written = await configmaps.create(cm);
      // Consistent read of namespaces: its cache must know it is current at the configmap's revision.
      const page = await namespaces.list('', {});
      assert.ok(
        page.revision >= written.revision,
        `namespaces read at ${page.revision} < ${written.revision}`,
      );
      const got = await configmaps.get('default', `c${i}`);
      assert.equal(got.obj.metadata.resourceVersion, String(written.revision));
    }
  } finally {
    namespaces.cache.stop();
    configmaps.cache.stop();
    hub.stop();
    await store.close();
  }
});

test('two resources on one storage prefix (events in two groups) both stay current', async () => {
  const store = await SqliteStore.open({ path: ':memory:' });
  const hub = new StorageWatchHub(store);
  const a = new ResourceStore(cmDef, store, { hub });
  const b = new ResourceStore({ ...cmDef, group: 'example.com' }, store, { hub });
  try {
    await Promise.all([a.cache.whenReady(), b.cache.whenReady()]);
    const written = await a.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'n' },
    });
    for (const rs of [a, b]) {
      const page = await rs.list('n', {});
      assert.equal(page.revision, written.revision);
      assert.deepEqual(
        page.entries.map((e) => e.name),
        ['x'],
      );
    }
  } finally {
    a.cache.stop();
    b.cache.stop();
    hub.stop();
    await store.close();
  }
});
