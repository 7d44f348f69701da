/** Per-object watches against a real API server: started by the first user, stopped by the last. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../api/types/cluster.js';
import { Informer } from '../client/informer.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { ObjectWatches } from './object_watches.js';

describe('ObjectWatches', () => {
  let tc: TestCluster;
  let cms: ResourceClient<ConfigMap>;
  const ac = new AbortController();
  const changes: string[][] = [];
  const selectors: string[] = [];
  let watches: ObjectWatches<ConfigMap>;

  before(async () => {
    tc = await startTestCluster();
    cms = new ResourceClient(tc.rest, Resources.configmaps);
    watches = new ObjectWatches<ConfigMap>({
      newInformer: (namespace, name) => {
        selectors.push(`${namespace} metadata.name=${name}`);
        return new Informer(new ResourceClient(tc.rest, Resources.configmaps), {
          namespace,
          fieldSelector: `metadata.name=${name}`,
        });
      },
      signal: ac.signal,
      changed: (uids) => changes.push([...uids].sort()),
    });
  });

  after(async () => {
    ac.abort();
    await tc.stop();
  });

  const cm = (name: string, v: string): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { v },
  });

  it('watches exactly what the pods need, shares a watch, and stops it with its last user', async () => {
    await cms.create(cm('a', '1'));
    await cms.create(cm('other', 'x'));
    watches.track('pod-1', 'default', ['a', 'b', 'a', '']);
    watches.track('pod-2', 'default', ['b']);
    assert.deepEqual(watches.watched(), ['default/a', 'default/b']);
    assert.deepEqual(selectors, ['default metadata.name=a', 'default metadata.name=b']);
    await watches.synced('pod-1', 5000);
    assert.equal(watches.get('default', 'a')?.data?.v, '1');
    assert.equal(watches.get('default', 'b'), undefined);
    assert.equal(watches.get('default', 'other'), undefined);

    // An object created later, and a change, reach the pods that use it.
    changes.length = 0;
    await cms.create(cm('b', '2'));
    await waitFor(() => watches.get('default', 'b')?.data?.v === '2', 'b appears');
    await waitFor(() => changes.some((c) => c.join() === 'pod-1,pod-2'), 'both pods told of b');
    const cur = await cms.get('default', 'a');
    await cms.update({ ...cur, data: { v: '3' } });
    await waitFor(() => watches.get('default', 'a')?.data?.v === '3', 'a updated');
    assert.ok(changes.some((c) => c.join() === 'pod-1'));

    // pod-1 now needs only b; then it goes; then pod-2 goes.
    watches.track('pod-1', 'default', ['b']);
    assert.deepEqual(watches.watched(), ['default/b']);
    assert.equal(watches.get('default', 'a'), undefined);
    watches.untrack('pod-1');
    assert.deepEqual(watches.watched(), ['default/b']);
    watches.untrack('pod-2');
    assert.deepEqual(watches.watched(), []);
    // A pod that needs nothing is synced at once.
    await watches.synced('pod-3', 60_000);
  });
});
