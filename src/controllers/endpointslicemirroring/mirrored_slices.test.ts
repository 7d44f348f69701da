import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoints, Service } from '../../api/types/service.js';
import { mirroredGroups, mirroredLabels, shouldMirror } from './mirrored_slices.js';

const ep = (extra: Partial<Endpoints['metadata']> = {}): Endpoints => ({
  metadata: { name: 'ext', namespace: 'ns', labels: { a: 'b' }, ...extra },
  subsets: [
    {
      addresses: [{ ip: '192.168.1.1' }, { ip: 'fd00::1', hostname: 'h' }, { ip: 'not-an-ip' }],
      notReadyAddresses: [{ ip: '192.168.1.2', nodeName: 'n' }],
      ports: [{ name: 'http', port: 80 }],
    },
  ],
});
const svc = (selector?: Record<string, string>): Service => ({
  metadata: { name: 'ext', namespace: 'ns' },
  spec: { selector },
});

test('shouldMirror: selectorless services only, skip-mirror label and leader locks excluded', () => {
  assert.equal(shouldMirror(ep(), svc()), true);
  assert.equal(shouldMirror(ep(), svc({ app: 'x' })), false);
  assert.equal(shouldMirror(ep(), undefined), false);
  assert.equal(shouldMirror(undefined, svc()), false);
  assert.equal(
    shouldMirror(ep({ labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }), svc()),
    false,
  );
  assert.equal(
    shouldMirror(ep({ annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } }), svc()),
    false,
  );
});

test('mirroredGroups: per family, ready from addresses, not ready from notReadyAddresses', () => {
  const groups = mirroredGroups(ep());
  assert.deepEqual(
    groups.map((g) => [g.addressType, g.ports, [...g.endpoints.values()]]),
    [
      [
        'IPv4',
        [{ name: 'http', port: 80, protocol: 'TCP' }],
        [
          { addresses: ['192.168.1.1'], conditions: { ready: true } },
          { addresses: ['192.168.1.2'], conditions: { ready: false }, nodeName: 'n' },
        ],
      ],
      [
        'IPv6',
        [{ name: 'http', port: 80, protocol: 'TCP' }],
        [{ addresses: ['fd00::1'], conditions: { ready: true }, hostname: 'h' }],
      ],
    ],
  );
  assert.deepEqual(mirroredLabels(ep()), {
    a: 'b',
    'kubernetes.io/service-name': 'ext',
    'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
  });
});
