import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, NodeCondition, Taint } from '../../api/types/node.js';
import { desiredTaints, observe, unknownConditions } from './node_health.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const node = (conditions: NodeCondition[], spec: Node['spec'] = {}): Node => ({
  metadata: { name: 'n', creationTimestamp: '2023-12-31T00:00:00Z' },
  spec,
  status: { conditions },
});
const ready = (status: 'True' | 'False' | 'Unknown', hb = '2024-01-01T00:00:00Z'): NodeCondition => ({
  type: 'Ready',
  status,
  lastHeartbeatTime: hb,
  lastTransitionTime: '2023-12-31T00:00:00Z',
  reason: 'KubeletReady',
  message: 'kubelet is posting ready status',
});

test('observe: heard from when the Ready heartbeat or the lease renewal changes', () => {
  const n = node([ready('True')]);
  const lease = { metadata: { name: 'n' }, spec: { renewTime: '2024-01-01T00:00:01.000000Z' } };
  const r0 = observe(undefined, n, lease, T0);
  assert.equal(r0.probeAt, T0);
  assert.equal(observe(r0, n, lease, T0 + 5000), r0, 'nothing new');
  const renewed = { ...lease, spec: { renewTime: '2024-01-01T00:00:11.000000Z' } };
  assert.equal(observe(r0, n, renewed, T0 + 5000).probeAt, T0 + 5000);
  assert.equal(
    observe(r0, node([ready('True', '2024-01-01T00:01:00Z')]), lease, T0 + 7000).probeAt,
    T0 + 7000,
  );
});

test('unknownConditions: NodeStatusUnknown for posted conditions, NodeStatusNeverUpdated for missing ones', () => {
  const conds = unknownConditions(
    node([ready('True'), { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: 'hb' }]),
    T0,
  )!;
  assert.deepEqual(conds[0], {
    type: 'Ready',
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
    lastHeartbeatTime: '2024-01-01T00:00:00Z',
    lastTransitionTime: '2024-01-01T00:00:00Z',
  });
  assert.equal(conds[1]!.status, 'Unknown');
  assert.deepEqual(
    conds.slice(2).map((c) => [c.type, c.status, c.reason, c.message]),
    [
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
    ],
  );
  assert.equal(unknownConditions({ ...node([]), status: { conditions: conds } }, T0 + 1), undefined);
});

test('desiredTaints: NoExecute and NoSchedule taints follow the conditions; others kept', () => {
  const user: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const cases: { name: string; n: Node; want: string[] | undefined }[] = [
    { name: 'healthy', n: node([ready('True')], { taints: [user] }), want: undefined },
    {
      name: 'unreachable',
      n: node([ready('Unknown')], { taints: [user] }),
      want: [
        'dedicated:NoSchedule',
        'node.kubernetes.io/unreachable:NoSchedule',
        'node.kubernetes.io/unreachable:NoExecute',
      ],
    },
    {
      name: 'not ready replaces unreachable',
      n: node([ready('False')], {
        taints: [
          { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'x' },
        ],
      }),
      want: ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute'],
    },
    {
      name: 'healthy again: removed',
      n: node([ready('True')], {
        taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, user],
      }),
      want: ['dedicated:NoSchedule'],
    },
    {
      name: 'pressure and unschedulable',
      n: node(
        [
          ready('True'),
          { type: 'DiskPressure', status: 'True' },
          { type: 'NetworkUnavailable', status: 'True' },
        ],
        { unschedulable: true },
      ),
      want: [
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/network-unavailable:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ],
    },
  ];
  for (const c of cases) {
    const got = desiredTaints(c.n, T0);
    assert.deepEqual(
      got?.map((t) => `${t.key}:${t.effect}`),
      c.want,
      c.name,
    );
  }
  const added = desiredTaints(node([ready('Unknown')]), T0)!;
  assert.equal(added.find((t) => t.effect === 'NoExecute')!.timeAdded, '2024-01-01T00:00:00Z');
  assert.equal(added.find((t) => t.effect === 'NoSchedule')!.timeAdded, undefined);
});
