import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeList, KubeObject } from '../api/object.js';
import { StatusError } from '../api/status_error.js';
import type { ConfigMap } from '../api/types/cluster.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { Informer } from './informer.js';
import { InformerFactory } from './informer_factory.js';
import { ResourceClient } from './resource_client.js';
import { Resources } from './resource_type.js';
import type { WatchEvent } from './watch_stream.js';

let tc: TestCluster;
before(async () => {
  tc = await startTestCluster();
});
after(() => tc.stop());

const cm = (name: string, data: Record<string, string> = {}, ns = 'default'): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels: { app: 'inf' } },
  data,
});

test('informer: initial list, then adds, updates and deletes reach the cache and handlers', async () => {
  const cms = new ResourceClient(tc.rest, Resources.configmaps);
  await cms.create(cm('before'));
  const factory = new InformerFactory(tc.rest);
  const inf = factory.informer(Resources.configmaps, { labelSelector: 'app=inf' });
  assert.equal(factory.informer(Resources.configmaps, { labelSelector: 'app=inf' }), inf, 'shared');
  inf.addIndex('first-key', (o) => Object.keys(o.data ?? {}).slice(0, 1));
  const log: string[] = [];
  inf.addHandler({
    onAdd: (o) => log.push(`add ${o.metadata.name}`),
    onUpdate: (a, b) => log.push(`update ${b.metadata.name} ${a.data?.k ?? '-'}->${b.data?.k}`),
    onDelete: (o) => log.push(`delete ${o.metadata.name}`),
  });
  const ac = new AbortController();
  factory.start(ac.signal);
  await factory.waitForSync();
  assert.ok(inf.hasSynced());
  assert.deepEqual(log, ['add before']);
  await cms.create(cm('x', { k: '1' }));
  await cms.patch('default', 'x', 'merge', { data: { k: '2' } });
  await cms.delete('default', 'x');
  await waitFor(() => log.length === 4, 'four events');
  assert.deepEqual(log, ['add before', 'add x', 'update x 1->2', 'delete x']);
  assert.deepEqual(
    inf.cache.list().map((o) => o.metadata.name),
    ['before'],
  );
  await cms.create(cm('y', { key1: 'v' }));
  await waitFor(() => inf.cache.byIndex('first-key', 'key1').length === 1, 'indexed y');
  // A late handler is told of what is cached.
  const late: string[] = [];
  inf.addHandler({ onAdd: (o) => late.push(o.metadata.name!) });
  assert.deepEqual(late.sort(), ['before', 'y']);
  ac.abort();
});

/** A fake resource client whose list and watch are scripted by the test. */
function scriptedClient(lists: KubeList[], watches: (() => AsyncGenerator<WatchEvent>)[]) {
  const calls: string[] = [];
  const fake = {
    type: Resources.configmaps,
    list: (_ns: string, _o: unknown) => {
      calls.push('list');
      return Promise.resolve(lists.shift()!);
    },
    watch: (_ns: string, o: { resourceVersion?: string; signal?: AbortSignal }) => {
      calls.push(`watch@${o.resourceVersion}`);
      const w = watches.shift();
      if (w) return w();
      // Then a watch that stays open until the informer stops.
      return (async function* () {
        await new Promise((resolve) => o.signal?.addEventListener('abort', resolve));
        yield* [];
      })();
    },
  };
  return { client: fake as unknown as ResourceClient<KubeObject>, calls };
}

const obj = (name: string, rv: string): KubeObject => ({
  metadata: { name, namespace: 'd', resourceVersion: rv },
});
const list = (rv: string, ...items: KubeObject[]): KubeList => ({
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: rv },
  items,
});

test('informer: 410 Gone relists and reports the difference; bookmarks advance the revision', async () => {
  const { client, calls } = scriptedClient(
    [list('10', obj('a', '5'), obj('b', '6')), list('20', obj('a', '5'), obj('c', '15'))],
    [
      async function* () {
        yield { type: 'BOOKMARK', object: obj('', '12') };
        throw new StatusError(410, 'Expired', 'too old resource version: 10 (11)');
      },
    ],
  );
  const inf = new Informer(client);
  const log: string[] = [];
  inf.addHandler({
    onAdd: (o) => log.push(`add ${o.metadata.name}`),
    onUpdate: (_a, b) => log.push(`update ${b.metadata.name}`),
    onDelete: (o) => log.push(`delete ${o.metadata.name}`),
  });
  const ac = new AbortController();
  inf.start(ac.signal);
  await waitFor(() => calls.length === 4, 'relist and second watch');
  assert.deepEqual(calls, ['list', 'watch@10', 'list', 'watch@20']);
  assert.deepEqual(log, ['add a', 'add b', 'add c', 'delete b']);
  assert.equal(inf.lastResourceVersion, '20');
  ac.abort();
});

test('informer: a failed watch is retried from the last revision seen', async () => {
  const { client, calls } = scriptedClient(
    [list('10')],
    [
      async function* () {
        yield { type: 'ADDED', object: obj('a', '11') };
        throw new Error('connection reset');
      },
    ],
  );
  const inf = new Informer(client);
  const ac = new AbortController();
  inf.start(ac.signal);
  await waitFor(() => calls.length === 3, 'second watch', 5000);
  assert.deepEqual(calls, ['list', 'watch@10', 'watch@11']);
  assert.equal(inf.cache.size, 1);
  ac.abort();
});
