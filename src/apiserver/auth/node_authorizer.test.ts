import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { Attributes } from './authorizer.js';
import { nodeAuthorizer, nodeIdentity } from './node_authorizer.js';
import { NodeGraph } from './node_graph.js';

const n1 = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

function a(
  verb: string,
  resource: string,
  more: Partial<Attributes> = {},
  user: Attributes['user'] = n1,
): Attributes {
  return {
    user,
    verb,
    isResourceRequest: true,
    path: '',
    namespace: '',
    apiGroup: '',
    apiVersion: 'v1',
    resource,
    subresource: '',
    name: '',
    ...more,
  };
}

function graph(): NodeGraph {
  const g = new NodeGraph();
  const pod = (name: string, nodeName: string, secret: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns' },
    spec: {
      nodeName,
      serviceAccountName: `sa-${name}`,
      containers: [{ name: 'c', image: 'i', envFrom: [{ configMapRef: { name: `cm-${name}` } }] }],
      volumes: [
        { name: 's', secret: { secretName: secret } },
        { name: 'd', persistentVolumeClaim: { claimName: `claim-${name}` } },
      ],
    },
  });
  g.setPod(pod('mine', 'n1', 'mine'));
  g.setPod(pod('theirs', 'n2', 'theirs'));
  g.setPersistentVolume({
    metadata: { name: 'pv-mine' },
    spec: { claimRef: { namespace: 'ns', name: 'claim-mine' } },
  });
  g.setVolumeAttachment({ metadata: { name: 'va-mine' }, spec: { nodeName: 'n1' } });
  return g;
}

const RELATION = "no relationship found between node 'n1' and this object";

test('nodeIdentity: system:node:<name> in system:nodes only', () => {
  assert.equal(nodeIdentity(n1), 'n1');
  assert.equal(nodeIdentity({ name: 'system:node:n1', groups: [] }), null);
  assert.equal(nodeIdentity({ name: 'jane', groups: ['system:nodes'] }), null);
  assert.equal(nodeIdentity({ name: 'system:node:', groups: ['system:nodes'] }), null);
});

test('node authorizer decisions, with upstream reasons', () => {
  const authz = nodeAuthorizer(graph());
  const ns = { namespace: 'ns' };
  const lease = { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease' };
  const csi = { apiGroup: 'storage.k8s.io' };
  const table: [string, Attributes, 'allow' | 'noOpinion', string][] = [
    ['get its pod secret', a('get', 'secrets', { ...ns, name: 'mine' }), 'allow', ''],
    ['watch its pod secret by name', a('watch', 'secrets', { ...ns, name: 'mine' }), 'allow', ''],
    ['list its pod secret by name', a('list', 'secrets', { ...ns, name: 'mine' }), 'allow', ''],
    ['get another node pod secret', a('get', 'secrets', { ...ns, name: 'theirs' }), 'noOpinion', RELATION],
    ['get an unknown secret', a('get', 'secrets', { ...ns, name: 'nope' }), 'noOpinion', RELATION],
    ['list secrets', a('list', 'secrets', ns), 'noOpinion', 'No Object name found'],
    [
      'list secrets cluster-wide',
      a('list', 'secrets'),
      'noOpinion',
      'can only read namespaced object of this type',
    ],
    [
      'update a secret',
      a('update', 'secrets', { ...ns, name: 'mine' }),
      'noOpinion',
      'can only read resources of this type',
    ],
    ['get its configmap', a('get', 'configmaps', { ...ns, name: 'cm-mine' }), 'allow', ''],
    ['get another configmap', a('get', 'configmaps', { ...ns, name: 'cm-theirs' }), 'noOpinion', RELATION],
    ['get its claim', a('get', 'persistentvolumeclaims', { ...ns, name: 'claim-mine' }), 'allow', ''],
    [
      'list claims',
      a('list', 'persistentvolumeclaims', ns),
      'noOpinion',
      'can only get individual resources of this type',
    ],
    [
      'claim status',
      a('patch', 'persistentvolumeclaims', { ...ns, name: 'claim-mine', subresource: 'status' }),
      'allow',
      '',
    ],
    ['get its pv', a('get', 'persistentvolumes', { name: 'pv-mine' }), 'allow', ''],
    ['get its attachment', a('get', 'volumeattachments', { ...csi, name: 'va-mine' }), 'allow', ''],
    [
      'token of its pod account',
      a('create', 'serviceaccounts', { ...ns, name: 'sa-mine', subresource: 'token' }),
      'allow',
      '',
    ],
    [
      'token of another account',
      a('create', 'serviceaccounts', { ...ns, name: 'sa-theirs', subresource: 'token' }),
      'noOpinion',
      RELATION,
    ],
    [
      'get a service account',
      a('get', 'serviceaccounts', { ...ns, name: 'sa-mine' }),
      'noOpinion',
      'can only create tokens for individual service accounts',
    ],
    ['its lease', a('update', 'leases', { ...lease, name: 'n1' }), 'allow', ''],
    ['create a lease', a('create', 'leases', lease), 'allow', ''],
    [
      'another lease',
      a('update', 'leases', { ...lease, name: 'n2' }),
      'noOpinion',
      'can only access node lease with the same name as the requesting node',
    ],
    [
      'a lease elsewhere',
      a('get', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-system', name: 'n1' }),
      'noOpinion',
      'can only access leases in the "kube-node-lease" system namespace',
    ],
    [
      'list leases',
      a('list', 'leases', lease),
      'noOpinion',
      'can only get, create, update, patch, or delete a node lease',
    ],
    ['its csinode', a('patch', 'csinodes', { ...csi, name: 'n1' }), 'allow', ''],
    [
      'another csinode',
      a('get', 'csinodes', { ...csi, name: 'n2' }),
      'noOpinion',
      'can only access CSINode with the same name as the requesting node',
    ],
    ['node rules: its node status', a('patch', 'nodes', { name: 'n1', subresource: 'status' }), 'allow', ''],
    ['node rules: pods', a('list', 'pods'), 'allow', ''],
    ['node rules: services', a('watch', 'services'), 'allow', ''],
    ['not in the rules', a('delete', 'namespaces', { name: 'ns' }), 'noOpinion', ''],
    [
      'not a node',
      a('get', 'secrets', { ...ns, name: 'mine' }, { name: 'jane', groups: [] }),
      'noOpinion',
      '',
    ],
    [
      'a node without a name',
      a('get', 'secrets', { ...ns, name: 'mine' }, { name: 'system:node:', groups: ['system:nodes'] }),
      'noOpinion',
      'unknown node for user "system:node:"',
    ],
  ];
  for (const [name, attrs, decision, reason] of table) {
    const d = authz.authorize(attrs);
    assert.equal(d.decision, decision, name);
    assert.equal(d.reason, reason, name);
  }
});
