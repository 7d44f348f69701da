import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject, OwnerReference } from '../../api/object.js';
import type { GraphNode, Identity } from './owner_graph.js';
import { OwnerGraph, blockingDependents } from './owner_graph.js';

function recorder() {
  const log: string[] = [];
  const graph = new OwnerGraph({
    attemptToDelete: (n: GraphNode) => log.push(`delete ${n.identity.name}`),
    attemptToOrphan: (n: GraphNode) => log.push(`orphan ${n.identity.name}`),
  });
  return { graph, log };
}
const id = (name: string): Identity => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'ns',
  name,
  uid: name,
});
const ref = (name: string, block = false): OwnerReference => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  name,
  uid: name,
  blockOwnerDeletion: block,
});
const obj = (name: string, owners: OwnerReference[] = [], deleting?: string[]): KubeObject => ({
  metadata: {
    name,
    uid: name,
    namespace: 'ns',
    ownerReferences: owners,
    deletionTimestamp: deleting ? '2024-01-01T00:00:00Z' : undefined,
    finalizers: deleting,
  },
});

test('given these events, the graph asks for these attempts', () => {
  const table: { why: string; events: (g: OwnerGraph) => void; want: string[] }[] = [
    {
      why: 'an unobserved owner becomes a virtual node to verify',
      events: (g) => g.observe(id('dep'), obj('dep', [ref('owner')])),
      want: ['delete owner'],
    },
    {
      why: 'an observed owner needs no check; its deletion queues its dependents',
      events: (g) => {
        g.observe(id('owner'), obj('owner'));
        g.observe(id('dep'), obj('dep', [ref('owner')]));
        g.remove('owner');
      },
      want: ['delete dep'],
    },
    {
      why: 'the orphan finalizer queues the owner for orphaning, once',
      events: (g) => {
        g.observe(id('owner'), obj('owner'));
        g.observe(id('owner'), obj('owner', [], ['orphan']), obj('owner'));
        g.observe(id('owner'), obj('owner', [], ['orphan']), obj('owner', [], ['orphan']));
      },
      want: ['orphan owner'],
    },
    {
      why: 'foreground deletion queues the dependents, then the owner',
      events: (g) => {
        g.observe(id('owner'), obj('owner'));
        g.observe(id('a'), obj('a', [ref('owner', true)]));
        g.observe(id('owner'), obj('owner', [], ['foregroundDeletion']), obj('owner'));
      },
      want: ['delete a', 'delete owner'],
    },
    {
      why: 'a dependent of a waiting owner deleted or released wakes the owner',
      events: (g) => {
        g.observe(id('owner'), obj('owner', [], ['foregroundDeletion']));
        g.observe(id('a'), obj('a', [ref('owner', true)]));
        g.observe(id('b'), obj('b', [ref('owner', true)]));
        g.remove('a');
        g.observe(id('b'), obj('b', []), obj('b', [ref('owner', true)]));
      },
      want: ['delete owner', 'delete owner', 'delete owner'],
    },
    {
      why: 'a virtual owner found absent queues its dependents',
      events: (g) => {
        g.observe(id('dep'), obj('dep', [ref('ghost')]));
        g.removeVirtual('ghost');
      },
      want: ['delete ghost', 'delete dep'],
    },
  ];
  for (const row of table) {
    const { graph, log } = recorder();
    row.events(graph);
    assert.deepEqual(log, row.want, row.why);
  }
});

test('blocking dependents are those whose reference blocks owner deletion', () => {
  const { graph } = recorder();
  graph.observe(id('owner'), obj('owner'));
  graph.observe(id('a'), obj('a', [ref('owner', true)]));
  graph.observe(id('b'), obj('b', [ref('owner', false)]));
  assert.deepEqual(
    blockingDependents(graph.get('owner')!).map((n) => n.identity.name),
    ['a'],
  );
  // A virtual owner is dropped when its last dependent lets go of it.
  graph.observe(id('c'), obj('c', [ref('ghost')]));
  assert.ok(graph.get('ghost')?.virtual);
  graph.observe(id('c'), obj('c'), obj('c', [ref('ghost')]));
  assert.equal(graph.get('ghost'), undefined);
});
