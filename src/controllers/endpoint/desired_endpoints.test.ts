import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { Endpoints, Service } from '../../api/types/service.js';
import { desiredSubsets, endpointsToWrite, truncateSubsets } from './desired_endpoints.js';
import { findPort, shouldPodBeInEndpoints } from './pod_endpoint_util.js';

const svc = (spec: Partial<Service['spec']> = {}, name = 's'): Service => ({
  metadata: { name, namespace: 'ns', labels: { app: 'a' }, creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { selector: { app: 'a' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }], ...spec },
});
const pod = (
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: Partial<Pod['spec']> = {},
  more: Partial<Pod> = {},
): Pod => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'a' } },
  spec: {
    containers: [{ name: 'c', ports: [{ name: 'web', containerPort: name === 'p2' ? 8081 : 8080 }] }],
    nodeName: 'n1',
    ...extra,
  },
  status: {
    phase: 'Running',
    podIP: ip,
    conditions: [
      { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2024-01-02T00:00:00Z' },
    ],
  },
  ...more,
});

test('findPort and shouldPodBeInEndpoints', () => {
  const p = pod('p', '10.0.0.1', true);
  assert.equal(findPort(p, { port: 80, targetPort: 'web' }), 8080);
  assert.equal(findPort(p, { port: 80, targetPort: 'web', protocol: 'UDP' }), undefined);
  assert.equal(findPort(p, { port: 80, targetPort: 9000 }), 9000);
  assert.equal(findPort(p, { port: 80 }), 80);
  const cases: [Pod, boolean, boolean][] = [
    [p, false, true],
    [pod('x', undefined, true), false, false],
    [{ ...p, metadata: { ...p.metadata, deletionTimestamp: 'x' } }, false, false],
    [{ ...p, metadata: { ...p.metadata, deletionTimestamp: 'x' } }, true, true],
    [
      { ...p, spec: { ...p.spec, restartPolicy: 'Never' }, status: { ...p.status, phase: 'Failed' } },
      false,
      false,
    ],
    [
      { ...p, spec: { ...p.spec, restartPolicy: 'OnFailure' }, status: { ...p.status, phase: 'Failed' } },
      false,
      true,
    ],
    [
      { ...p, spec: { ...p.spec, restartPolicy: 'OnFailure' }, status: { ...p.status, phase: 'Succeeded' } },
      false,
      false,
    ],
  ];
  for (const [i, [pd, term, want]] of cases.entries())
    assert.equal(shouldPodBeInEndpoints(pd, term), want, `case ${i}`);
});

test('desiredSubsets: ready and not ready, named ports per pod, repacked and sorted', () => {
  const pods = [
    pod('p3', '10.0.0.3', false),
    pod('p1', '10.0.0.1', true, { hostname: 'h1', subdomain: 's' }),
    pod('p2', '10.0.0.2', true),
    pod(
      'p4',
      '10.0.0.4',
      true,
      {},
      { metadata: { name: 'p4', namespace: 'ns', uid: 'u4', labels: {}, deletionTimestamp: 'x' } },
    ),
  ];
  assert.deepEqual(desiredSubsets(svc(), pods), [
    {
      addresses: [
        {
          ip: '10.0.0.1',
          hostname: 'h1',
          nodeName: 'n1',
          targetRef: { kind: 'Pod', namespace: 'ns', name: 'p1', uid: 'uid-p1' },
        },
      ],
      notReadyAddresses: [
        {
          ip: '10.0.0.3',
          nodeName: 'n1',
          targetRef: { kind: 'Pod', namespace: 'ns', name: 'p3', uid: 'uid-p3' },
        },
      ],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
    {
      addresses: [
        {
          ip: '10.0.0.2',
          nodeName: 'n1',
          targetRef: { kind: 'Pod', namespace: 'ns', name: 'p2', uid: 'uid-p2' },
        },
      ],
      ports: [{ name: 'http', port: 8081, protocol: 'TCP' }],
    },
  ]);
  // publishNotReadyAddresses: every address ready (terminating ones too).
  const all = desiredSubsets(svc({ publishNotReadyAddresses: true, ports: [{ port: 80 }] }), pods);
  assert.deepEqual(
    all.map((s) => [s.addresses?.map((a) => a.ip), s.notReadyAddresses]),
    [[['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], undefined]],
  );
  // Headless without ports: addresses without ports; a non-headless service without ports: none.
  assert.deepEqual(desiredSubsets(svc({ clusterIP: 'None', ports: [] }), [pods[2]!]), [
    {
      addresses: [
        {
          ip: '10.0.0.2',
          nodeName: 'n1',
          targetRef: { kind: 'Pod', namespace: 'ns', name: 'p2', uid: 'uid-p2' },
        },
      ],
    },
  ]);
  assert.deepEqual(desiredSubsets(svc({ ports: [] }), [pods[2]!]), []);
  // An IPv6 service takes the pods' IPv6 addresses.
  const dual = pod('d', '10.0.0.9', true);
  dual.status!.podIPs = [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }];
  assert.equal(
    desiredSubsets(svc({ ipFamilies: ['IPv6'], ports: [{ port: 80 }] }), [dual])[0]!.addresses![0]!.ip,
    'fd00::9',
  );
});

test('endpointsToWrite: labels, headless label, trigger time; nothing when up to date; truncation', () => {
  const s = svc({ clusterIP: 'None' });
  const pods = [pod('p1', '10.0.0.1', true)];
  const want = endpointsToWrite(s, pods, undefined, '2024-01-02T00:00:00Z')!;
  assert.deepEqual(want.metadata, {
    name: 's',
    namespace: 'ns',
    labels: { app: 'a', 'service.kubernetes.io/headless': '' },
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-02T00:00:00Z' },
  });
  const stored: Endpoints = { ...want, metadata: { ...want.metadata, resourceVersion: '5' } };
  assert.equal(endpointsToWrite(s, pods, stored, 'later'), undefined);
  const changed = endpointsToWrite(s, [], stored, 'later')!;
  assert.deepEqual(changed.subsets, []);
  assert.equal(changed.metadata.resourceVersion, '5');
  const subsets = [
    {
      addresses: Array.from({ length: 3 }, (_, i) => ({ ip: `10.0.0.${i}` })),
      notReadyAddresses: [{ ip: '10.0.1.1' }],
    },
  ];
  assert.equal(truncateSubsets(subsets, 2), true);
  assert.deepEqual(subsets, [{ addresses: [{ ip: '10.0.0.0' }, { ip: '10.0.0.1' }] }]);
});
