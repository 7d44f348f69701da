import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { EndpointSlice, Service, SliceEndpoint } from '../../api/types/service.js';
import { desiredGroups, sliceLabels } from './desired_slices.js';
import type { EndpointGroup, SliceTemplate } from './slice_plan.js';
import { endpointKey, planSlices } from './slice_plan.js';

const ep = (i: number): SliceEndpoint => ({
  addresses: [`10.0.${Math.floor(i / 250)}.${i % 250}`],
  targetRef: { uid: `u${i}` },
});
const group = (n: number, from = 0, port = 80): EndpointGroup => ({
  addressType: 'IPv4',
  ports: [{ name: '', port, protocol: 'TCP' }],
  endpoints: new Map(Array.from({ length: n }, (_, i) => ep(from + i)).map((e) => [endpointKey(e), e])),
});
const tpl: SliceTemplate = {
  labels: { l: 'v' },
  newSlice: (addressType, ports) => ({
    metadata: { generateName: 's-', labels: { l: 'v' } },
    addressType,
    ports,
    endpoints: [],
  }),
};
const slice = (name: string, eps: SliceEndpoint[], port = 80): EndpointSlice => ({
  metadata: { name, labels: { l: 'v' } },
  addressType: 'IPv4',
  ports: [{ name: '', port, protocol: 'TCP' }],
  endpoints: eps,
});
const sizes = (ss: EndpointSlice[]) => ss.map((s) => s.endpoints?.length ?? 0);

test('planSlices: new slices of at most 100; stable slices untouched; changes in place', () => {
  const p1 = planSlices([group(250)], [], tpl);
  assert.deepEqual([sizes(p1.create), p1.update.length, p1.delete.length], [[100, 100, 50], 0, 0]);
  const existing = [
    slice(
      'a',
      Array.from({ length: 100 }, (_, i) => ep(i)),
    ),
    slice('b', [ep(100), ep(101)]),
  ];
  assert.deepEqual(planSlices([group(102)], existing, tpl), { create: [], update: [], delete: [] });
  // Two more endpoints: one fills the room left in a (which changes anyway), one goes to b; a changed endpoint updated in place.
  const g = group(104);
  g.endpoints.delete('uid:u5');
  g.endpoints.set('uid:u7', { ...ep(7), conditions: { ready: false } });
  const p2 = planSlices([g], existing, tpl);
  assert.deepEqual(p2.create, []);
  assert.deepEqual(
    p2.update.map((s) => [s.metadata.name, s.endpoints!.length]),
    [
      ['a', 100],
      ['b', 3],
    ],
  );
  assert.equal(p2.update[0]!.endpoints!.find((e) => e.targetRef?.uid === 'u7')!.conditions?.ready, false);
  // A port change moves everything to new slices; old ones deleted.
  const p3 = planSlices([group(102, 0, 81)], existing, tpl);
  assert.deepEqual(
    [sizes(p3.create), p3.delete.map((s) => s.metadata.name)],
    [
      [100, 2],
      ['a', 'b'],
    ],
  );
  // Labels wrong: updated.
  const relabel = planSlices(
    [group(2, 100)],
    [{ ...existing[1]!, metadata: { name: 'b', labels: {} } }],
    tpl,
  );
  assert.deepEqual(
    relabel.update.map((s) => s.metadata.labels),
    [{ l: 'v' }],
  );
});

test('planSlices: a placeholder slice when nothing is desired (unless disabled)', () => {
  const empty: EndpointGroup = { addressType: 'IPv4', ports: [], endpoints: new Map() };
  const p = planSlices([empty], [slice('a', [ep(1)])], tpl);
  assert.deepEqual(
    [p.create.map((s) => [s.endpoints, s.ports]), p.delete.map((s) => s.metadata.name)],
    [[[[], []]], ['a']],
  );
  const placeholder: EndpointSlice = { ...slice('p', []), ports: [] };
  assert.deepEqual(planSlices([empty], [placeholder], tpl), { create: [], update: [], delete: [] });
  assert.deepEqual(planSlices([empty], [placeholder], { ...tpl, placeholder: false }).delete, [placeholder]);
});

test('desiredGroups: conditions, terminating pods, zones, per-pod ports, families', () => {
  const svc: Service = {
    metadata: { name: 's', namespace: 'ns', labels: { app: 'a' } },
    spec: {
      selector: { app: 'a' },
      ports: [{ name: 'http', port: 80, targetPort: 'web' }],
      ipFamilies: ['IPv4', 'IPv6'],
    },
  };
  const pod = (name: string, ready: boolean, terminating = false, port = 8080): Pod => ({
    metadata: {
      name,
      namespace: 'ns',
      uid: name,
      labels: { app: 'a' },
      ...(terminating ? { deletionTimestamp: 'x' } : {}),
    },
    spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'web', containerPort: port }] }] },
    status: {
      podIPs: [{ ip: `10.0.0.${name.length}` }, { ip: 'fd00::1' }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
  const groups = desiredGroups(
    svc,
    [pod('a', true), pod('bb', false), pod('ccc', true, true), pod('dddd', true, false, 9090)],
    () => ({
      metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } },
    }),
  );
  const v4 = groups.filter((g) => g.addressType === 'IPv4' && g.endpoints.size > 0);
  assert.deepEqual(
    v4.map((g) => [g.ports[0]?.port, g.endpoints.size]),
    [
      [8080, 3],
      [9090, 1],
    ],
  );
  assert.deepEqual(
    [...v4[0]!.endpoints.values()].map((e) => [e.addresses[0], e.conditions, e.zone, e.nodeName]),
    [
      ['10.0.0.1', { ready: true, serving: true, terminating: false }, 'z1', 'n1'],
      ['10.0.0.2', { ready: false, serving: false, terminating: false }, 'z1', 'n1'],
      ['10.0.0.3', { ready: false, serving: true, terminating: true }, 'z1', 'n1'],
    ],
  );
  assert.equal(
    groups.filter((g) => g.addressType === 'IPv6').reduce((n, g) => n + g.endpoints.size, 0),
    4,
  );
  assert.deepEqual(sliceLabels(svc), {
    app: 'a',
    'kubernetes.io/service-name': 's',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
});
