import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { VertexType } from './node_graph.js';
import { NodeGraph } from './node_graph.js';

function pod(name: string, nodeName: string | undefined, spec: Record<string, unknown> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}), ...spec },
  } as Pod;
}

const reaches = (g: NodeGraph, node: string, type: VertexType, ns: string, name: string) =>
  g.pathError(node, type, ns, name) === null;

test('paths from what pods need to the node they run on, and nowhere else', () => {
  const g = new NodeGraph();
  g.setPod(
    pod('a', 'n1', {
      serviceAccountName: 'sa',
      volumes: [
        { name: 'v', secret: { secretName: 's1' } },
        { name: 'c', configMap: { name: 'cm' } },
        { name: 'd', persistentVolumeClaim: { claimName: 'claim' } },
      ],
    }),
  );
  g.setPod(pod('b', 'n2', { imagePullSecrets: [{ name: 's2' }] }));
  g.setPod(pod('pending', undefined, { volumes: [{ name: 'v', secret: { secretName: 's3' } }] }));
  g.setPersistentVolume({
    metadata: { name: 'pv1' },
    spec: {
      claimRef: { namespace: 'ns', name: 'claim' },
      csi: { driver: 'd', volumeHandle: 'h', nodePublishSecretRef: { name: 'csi', namespace: 'ns' } },
    },
  });
  g.setVolumeAttachment({ metadata: { name: 'va1' }, spec: { nodeName: 'n1' } });
  const table: [string, VertexType, string, string, boolean][] = [
    ['n1', 'secret', 'ns', 's1', true],
    ['n1', 'configmap', 'ns', 'cm', true],
    ['n1', 'serviceAccount', 'ns', 'sa', true],
    ['n1', 'pvc', 'ns', 'claim', true],
    ['n1', 'pv', '', 'pv1', true],
    ['n1', 'secret', 'ns', 'csi', true],
    ['n1', 'volumeattachment', '', 'va1', true],
    ['n1', 'secret', 'ns', 's2', false],
    ['n2', 'secret', 'ns', 's2', true],
    ['n2', 'secret', 'ns', 's1', false],
    ['n2', 'volumeattachment', '', 'va1', false],
    ['n1', 'secret', 'ns', 's3', false],
    ['n1', 'secret', 'other', 's1', false],
    ['n3', 'secret', 'ns', 's1', false],
  ];
  for (const [node, type, ns, name, want] of table)
    assert.equal(reaches(g, node, type, ns, name), want, `${node} ${type} ${ns}/${name}`);
  assert.match(g.pathError('n3', 'secret', 'ns', 's1')!, /unknown node 'n3'/);
  assert.match(g.pathError('n1', 'secret', 'ns', 'nope')!, /cannot get unknown secret ns\/nope/);
  assert.match(g.pathError('n1', 'secret', 'ns', 's2')!, /no relationship to this object was found/);
});

test('updates and deletions take edges away', () => {
  const g = new NodeGraph();
  g.setPod(pod('a', 'n1', { volumes: [{ name: 'v', secret: { secretName: 's1' } }] }));
  assert.ok(reaches(g, 'n1', 'secret', 'ns', 's1'));
  // The same pod now needs another secret (a pod recreated with the same name).
  g.setPod(pod('a', 'n1', { volumes: [{ name: 'v', secret: { secretName: 's2' } }] }));
  assert.ok(!reaches(g, 'n1', 'secret', 'ns', 's1'));
  assert.ok(reaches(g, 'n1', 'secret', 'ns', 's2'));
  assert.ok(!g.has('secret', 'ns', 's1'));
  g.deletePod('ns', 'a');
  assert.ok(!reaches(g, 'n1', 'secret', 'ns', 's2'));
  assert.equal(g.edgeCount, 0);

  g.setPod(pod('a', 'n1', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] }));
  g.setPersistentVolume({ metadata: { name: 'pv' }, spec: { claimRef: { namespace: 'ns', name: 'c' } } });
  assert.ok(reaches(g, 'n1', 'pv', '', 'pv'));
  // Released: no longer bound to the claim.
  g.setPersistentVolume({ metadata: { name: 'pv' }, spec: {} });
  assert.ok(!reaches(g, 'n1', 'pv', '', 'pv'));
  g.setVolumeAttachment({ metadata: { name: 'va' }, spec: { nodeName: 'n1' } });
  g.deleteVolumeAttachment('va');
  assert.ok(!reaches(g, 'n1', 'volumeattachment', '', 'va'));
  g.clear('pod');
  assert.equal(g.edgeCount, 0);
});

test('a secret shared by pods on two nodes is readable by both, and by one after the other pod goes', () => {
  const g = new NodeGraph();
  const spec = { volumes: [{ name: 'v', secret: { secretName: 'shared' } }] };
  g.setPod(pod('a', 'n1', spec));
  g.setPod(pod('b', 'n2', spec));
  assert.ok(reaches(g, 'n1', 'secret', 'ns', 'shared'));
  assert.ok(reaches(g, 'n2', 'secret', 'ns', 'shared'));
  g.deletePod('ns', 'a');
  assert.ok(!reaches(g, 'n1', 'secret', 'ns', 'shared'));
  assert.ok(reaches(g, 'n2', 'secret', 'ns', 'shared'));
});
