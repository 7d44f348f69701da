import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import type { RequestContext } from '../handlers/context.js';
import type { AdmissionDeps } from './admission.js';
import {
  forbiddenNodeLabels,
  mirrorPodOwnerRefusal,
  mirrorPodRefsRefusal,
  modifiedLabels,
  nodeRestriction,
  nodeUpdateRefusal,
} from './node_restriction.js';

test('forbiddenNodeLabels: kubelet labels and other namespaces pass, the rest of kubernetes.io does not', () => {
  const table: [string, boolean][] = [
    ['kubernetes.io/hostname', false],
    ['kubernetes.io/arch', false],
    ['beta.kubernetes.io/os', false],
    ['topology.kubernetes.io/zone', false],
    ['node.kubernetes.io/instance-type', false],
    ['node.kubernetes.io/anything', false],
    ['foo.node.kubernetes.io/x', false],
    ['kubelet.kubernetes.io/x', false],
    ['example.com/team', false],
    ['plain', false],
    ['node-role.kubernetes.io/control-plane', true],
    ['kubernetes.io/role', true],
    ['topology.kubernetes.io/other', true],
    ['x.k8s.io/y', true],
    ['node-restriction.kubernetes.io/pool', true],
    ['a.node-restriction.kubernetes.io/pool', true],
  ];
  for (const [key, forbidden] of table) assert.equal(forbiddenNodeLabels([key]).length === 1, forbidden, key);
  assert.deepEqual(modifiedLabels({ a: '1', b: '2' }, { b: '3', c: '4' }), ['a', 'b', 'c']);
});

test('nodeUpdateRefusal: labels, taints and configSource', () => {
  const node = (labels: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels },
    spec,
  });
  const base = node({ 'kubernetes.io/hostname': 'n1', 'node-role.kubernetes.io/master': 'true' });
  const table: [string, KubeObject, KubeObject | null, string | null][] = [
    ['register with kubelet labels', node({ 'kubernetes.io/os': 'linux', team: 'a' }), null, null],
    [
      'register with a role',
      node({ 'node-role.kubernetes.io/control-plane': 'true' }),
      null,
      'node "n1" is not allowed to set the following labels: node-role.kubernetes.io/control-plane',
    ],
    [
      'register with a configSource',
      node({}, { configSource: {} }),
      null,
      'node "n1" is not allowed to create pods with a non-nil configSource',
    ],
    ['keep an existing role label', base, base, null],
    [
      'remove a role label',
      node({ 'kubernetes.io/hostname': 'n1' }),
      base,
      'is not allowed to modify labels: node-role.kubernetes.io/master',
    ],
    [
      'add a taint',
      node(base.metadata.labels!, { taints: [{ key: 'k', effect: 'NoSchedule' }] }),
      base,
      'node "n1" is not allowed to modify taints',
    ],
    ['change a free label', node({ ...base.metadata.labels, team: 'b' }), base, null],
  ];
  for (const [name, next, old, want] of table) assert.equal(nodeUpdateRefusal('n1', next, old), want, name);
});

test('mirror pods: annotated, bound to and owned by the node, referring to nothing', () => {
  const mirror = (meta: Record<string, unknown>, spec: Record<string, unknown> = {}): Pod =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'static-n1',
        namespace: 'kube-system',
        annotations: { 'kubernetes.io/config.mirror': 'hash' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u1', controller: true }],
        ...meta,
      },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }], ...spec },
    }) as Pod;
  const owner = [
    ['a mirror pod', mirror({}), null],
    [
      'no annotation',
      mirror({ annotations: {} }),
      'pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
    ],
    [
      'other node',
      mirror({}, { nodeName: 'n2' }),
      'node "n1" can only create pods with spec.nodeName set to itself',
    ],
    [
      'no owner',
      mirror({ ownerReferences: [] }),
      'node "n1" can only create pods with an owner reference set to itself',
    ],
    [
      'not controller',
      mirror({ ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'u1' }] }),
      'node "n1" can only create pods with a controller owner reference set to itself',
    ],
  ] as const;
  for (const [name, pod, want] of owner) assert.equal(mirrorPodOwnerRefusal('n1', pod), want, name);
  const refs = [
    ['nothing', mirror({}), null],
    [
      'account',
      mirror({}, { serviceAccountName: 'default' }),
      'node "n1" can not create pods that reference a service account',
    ],
    [
      'secret',
      mirror({}, { volumes: [{ name: 'v', secret: { secretName: 's' } }] }),
      'node "n1" can not create pods that reference secrets',
    ],
    [
      'config map',
      mirror({}, { containers: [{ name: 'c', image: 'i', envFrom: [{ configMapRef: { name: 'c' } }] }] }),
      'node "n1" can not create pods that reference configmaps',
    ],
    [
      'claim',
      mirror({}, { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' } }] }),
      'node "n1" can not create pods that reference persistentvolumeclaims',
    ],
  ] as const;
  for (const [name, pod, want] of refs) assert.equal(mirrorPodRefsRefusal('n1', pod), want, name);
});

/** Admission deps over fixed pods and nodes (keyed `namespace/name`). */
function fakeDeps(objects: Record<string, Record<string, KubeObject>>): AdmissionDeps {
  const defs = Object.keys(objects).map((plural) => ({ group: '', plural }));
  return {
    registry: { all: () => defs },
    storeFor: (def: { plural: string }) => ({
      key: (ns: string, name: string) => `${ns}/${name}`,
      cache: {
        waitFresh: async () => undefined,
        get: (k: string) => (objects[def.plural]![k] ? { obj: objects[def.plural]![k] } : undefined),
      },
    }),
  } as unknown as AdmissionDeps;
}

function ctx(
  user: string,
  plural: string,
  info: { subresource?: string; name?: string; namespace?: string },
  group = '',
): RequestContext {
  const groups = user.startsWith('system:node:') ? ['system:nodes'] : [];
  return {
    def: { group, plural },
    info: { subresource: '', name: '', namespace: '', ...info },
    user: { name: user, groups },
  } as unknown as RequestContext;
}

test('the plugin: what node n1 may do to pods, nodes, tokens and leases', async () => {
  const pod = (name: string, nodeName: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'a' } },
    spec: { nodeName, containers: [] },
  });
  const mine = pod('mine', 'n1');
  const theirs = pod('theirs', 'n2');
  const plugin = nodeRestriction(
    fakeDeps({
      pods: { 'ns/mine': mine, 'ns/theirs': theirs },
      nodes: { '/n1': { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u1' } } },
    }),
  );
  const n1 = 'system:node:n1';
  const token = (name: string, uid: string): KubeObject => ({
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name: 'default', namespace: 'ns' },
    spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name, uid } },
  });
  const lease = (name: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-node-lease' },
  });
  const relabelled = { ...mine, metadata: { ...mine.metadata, labels: { app: 'b' } } };
  const cases: [string, () => Promise<void> | void, string | null][] = [
    ['delete its pod', () => plugin.validateDelete!(ctx(n1, 'pods', { name: 'mine' }), mine), null],
    [
      'delete another node pod',
      () => plugin.validateDelete!(ctx(n1, 'pods', { name: 'theirs' }), theirs),
      'node "n1" can only delete pods with spec.nodeName set to itself',
    ],
    [
      'anyone else deletes',
      () => plugin.validateDelete!(ctx('jane', 'pods', { name: 'theirs' }), theirs),
      null,
    ],
    [
      'update a pod',
      () => plugin.validateUpdate!(ctx(n1, 'pods', { name: 'mine' }), mine, mine),
      'unexpected operation "UPDATE", node "n1" can only create and delete mirror pods',
    ],
    [
      'its pod status',
      () => plugin.validateUpdate!(ctx(n1, 'pods', { name: 'mine', subresource: 'status' }), mine, mine),
      null,
    ],
    [
      'another pod status',
      () =>
        plugin.validateUpdate!(ctx(n1, 'pods', { name: 'theirs', subresource: 'status' }), theirs, theirs),
      'node "n1" can only update pod status for pods with spec.nodeName set to itself',
    ],
    [
      'labels through status',
      () =>
        plugin.validateUpdate!(ctx(n1, 'pods', { name: 'mine', subresource: 'status' }), relabelled, mine),
      'node "n1" cannot update labels through pod status',
    ],
    [
      'evict its pod',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'pods', { name: 'mine', namespace: 'ns', subresource: 'eviction' }),
          mine,
        ),
      null,
    ],
    [
      'evict another pod',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'pods', { name: 'theirs', namespace: 'ns', subresource: 'eviction' }),
          theirs,
        ),
      'node n1 can only evict pods with spec.nodeName set to itself',
    ],
    [
      'create a plain pod',
      () => plugin.validateCreate!(ctx(n1, 'pods', { namespace: 'ns' }), mine),
      'pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
    ],
    [
      'update another node',
      () =>
        plugin.validateUpdate!(
          ctx(n1, 'nodes', { name: 'n2' }),
          { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } },
          { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } },
        ),
      'node "n1" is not allowed to modify node "n2"',
    ],
    [
      'token for its pod',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'serviceaccounts', { name: 'default', namespace: 'ns', subresource: 'token' }),
          token('mine', 'uid-mine'),
        ),
      null,
    ],
    [
      'token for another pod',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'serviceaccounts', { name: 'default', namespace: 'ns', subresource: 'token' }),
          token('theirs', 'uid-theirs'),
        ),
      'node requested token bound to a pod scheduled on a different node',
    ],
    [
      'token for a recreated pod',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'serviceaccounts', { name: 'default', namespace: 'ns', subresource: 'token' }),
          token('mine', 'old'),
        ),
      'the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated',
    ],
    [
      'unbound token',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'serviceaccounts', { name: 'default', namespace: 'ns', subresource: 'token' }),
          {
            ...token('', ''),
            spec: {},
          },
        ),
      'node requested token not bound to a pod',
    ],
    [
      'create its lease',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'leases', { namespace: 'kube-node-lease' }, 'coordination.k8s.io'),
          lease('n1'),
        ),
      null,
    ],
    [
      'create another lease',
      () =>
        plugin.validateCreate!(
          ctx(n1, 'leases', { namespace: 'kube-node-lease' }, 'coordination.k8s.io'),
          lease('n2'),
        ),
      'can only access node lease with the same name as the requesting node',
    ],
    [
      'delete a claim',
      () =>
        plugin.validateDelete!(ctx(n1, 'persistentvolumeclaims', { name: 'c' }), {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'c' },
        }),
      'may only update PVC status',
    ],
  ];
  for (const [name, run, want] of cases) {
    try {
      await run();
      assert.equal(null, want, `${name}: allowed`);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      assert.equal(err.code, 403, name);
      assert.ok(want !== null, `${name}: refused with ${err.message}`);
      assert.ok(err.message.endsWith(`is forbidden: ${want}`), `${name}: ${err.message}`);
    }
  }
  // Evicting a pod that does not exist is NotFound, as upstream.
  await assert.rejects(
    async () =>
      plugin.validateCreate!(
        ctx(n1, 'pods', { name: 'gone', namespace: 'ns', subresource: 'eviction' }),
        mine,
      ),
    (err: unknown) => err instanceof StatusError && err.code === 404,
  );
});
