import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiscoveredResources } from './resource_discovery.js';
import { addResourceList, kindKey } from './resource_discovery.js';

test('monitors preferred versions of list+watch+delete resources, maps every version', () => {
  const out: DiscoveredResources = { monitored: [], byKind: new Map() };
  const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  addResourceList(
    out,
    'v1',
    [
      { name: 'pods', namespaced: true, kind: 'Pod', verbs: all },
      { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get', 'patch'] },
      { name: 'events', namespaced: true, kind: 'Event', verbs: all },
      { name: 'bindings', namespaced: true, kind: 'Binding', verbs: ['create'] },
    ],
    true,
  );
  addResourceList(
    out,
    'example.com/v1beta1',
    [{ name: 'widgets', namespaced: true, kind: 'Widget', verbs: all }],
    false,
  );
  addResourceList(
    out,
    'example.com/v1',
    [{ name: 'widgets', namespaced: true, kind: 'Widget', verbs: all }],
    true,
  );
  assert.deepEqual(
    out.monitored.map((t) => `${t.group}/${t.version}/${t.resource}`),
    ['/v1/pods', 'example.com/v1/widgets'],
  );
  assert.equal(out.byKind.get(kindKey('example.com/v1beta1', 'Widget'))?.version, 'v1beta1');
  assert.equal(out.byKind.get(kindKey('v1', 'Binding'))?.resource, 'bindings');
  assert.equal(out.byKind.get(kindKey('v1', 'Pod'))?.namespaced, true);
});
