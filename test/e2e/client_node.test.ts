/**
 * The official JavaScript client (`@kubernetes/client-node`) against a running kubets: typed
 * create and list, a raw watch, and an informer (list + watch cache) that sees adds, updates and
 * deletes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { pino } from 'pino';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import { startControlPlane } from '../../src/server/control_plane.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';

let cp: ControlPlane;
let dir: string;
let kc: k8s.KubeConfig;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-client-node-'));
  cp = await startControlPlane({
    dataDir: dir,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    resources: builtinResources(),
    log: pino({ level: 'silent' }),
    store: await SqliteStore.open({ path: ':memory:' }),
  });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(cp.kubeconfigPath);
});

after(async () => {
  await cp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('client-node: typed create and list', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'from-client-node' }, data: { a: '1' } },
  });
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  assert.ok(list.items.some((cm) => cm.metadata?.name === 'from-client-node' && cm.data?.a === '1'));
  const nss = await core.listNamespace();
  assert.ok(nss.items.some((ns) => ns.metadata?.name === 'kube-system' && ns.status?.phase === 'Active'));
});

test('client-node: watch and informer see adds, updates and deletes', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const seen: string[] = [];
  const watch = new k8s.Watch(kc);
  const req = await watch.watch(
    '/api/v1/namespaces/default/configmaps',
    {},
    (type: string, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`),
    () => undefined,
  );

  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  );
  const events: string[] = [];
  informer.on('add', (o: k8s.V1ConfigMap) => events.push(`add ${o.metadata?.name}`));
  informer.on('update', (o: k8s.V1ConfigMap) => events.push(`update ${o.metadata?.name} ${o.data?.v}`));
  informer.on('delete', (o: k8s.V1ConfigMap) => events.push(`delete ${o.metadata?.name}`));
  await informer.start();

  await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'inf' }, data: { v: '1' } },
  });
  await core.patchNamespacedConfigMap(
    { namespace: 'default', name: 'inf', body: { data: { v: '2' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
  await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf' });

  await until(() => events.includes('delete inf'), 'the informer to see the delete');
  await until(() => seen.includes('DELETED inf'), 'the watch to see the delete');
  assert.deepEqual(
    events.filter((e) => e.includes(' inf')),
    ['add inf', 'update inf 2', 'delete inf'],
  );
  assert.deepEqual(
    seen.filter((e) => e.endsWith(' inf')),
    ['ADDED inf', 'MODIFIED inf', 'DELETED inf'],
  );
  assert.deepEqual(
    informer
      .list('default')
      .map((o) => o.metadata?.name)
      .filter((n) => n === 'inf'),
    [],
  );
  await informer.stop();
  req.abort();
});
