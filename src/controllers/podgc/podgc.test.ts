import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { FakeClock } from '../../client/clock.js';
import { outOfServiceTerminatingPods, terminatedPodsToDelete, unscheduledTerminatingPods } from './pod_gc.js';
import { PodGCReconciler } from './podgc_controller.js';

const pod = (
  name: string,
  opts: { phase?: string; created?: string; node?: string; deleting?: boolean; reason?: string } = {},
): Pod =>
  ({
    metadata: {
      name,
      namespace: 'ns',
      creationTimestamp: opts.created ?? '2024-01-01T00:00:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}),
    },
    spec: { containers: [], nodeName: opts.node },
    status: { phase: opts.phase, reason: opts.reason },
  }) as Pod;

test('terminated pods beyond the threshold, evicted then oldest first', () => {
  const pods = [
    pod('new', { phase: 'Succeeded', created: '2024-01-03T00:00:00Z' }),
    pod('old', { phase: 'Failed', created: '2024-01-01T00:00:00Z' }),
    pod('evicted', { phase: 'Failed', created: '2024-01-04T00:00:00Z', reason: 'Evicted' }),
    pod('running', { phase: 'Running', created: '2023-01-01T00:00:00Z' }),
  ];
  const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);
  assert.deepEqual(names(terminatedPodsToDelete(pods, 1)), ['evicted', 'old']);
  assert.deepEqual(names(terminatedPodsToDelete(pods, 3)), []);
  assert.deepEqual(names(terminatedPodsToDelete(pods, 0)), [], '0 disables');
  assert.deepEqual(
    names(
      unscheduledTerminatingPods([
        pod('a', { deleting: true }),
        pod('b', { deleting: true, node: 'n' }),
        pod('c'),
      ]),
    ),
    ['a'],
  );
  const nodes: Record<string, Node> = {
    down: {
      metadata: { name: 'down' },
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    },
    up: {
      metadata: { name: 'up' },
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    },
  };
  assert.deepEqual(
    names(
      outOfServiceTerminatingPods(
        [
          pod('x', { deleting: true, node: 'down' }),
          pod('y', { deleting: true, node: 'up' }),
          pod('z', { node: 'down' }),
        ],
        (n) => nodes[n],
      ),
    ),
    ['x'],
  );
});

test('orphans: deleted only after the quarantine and a GET that finds no node; marked Failed first', async () => {
  const clock = new FakeClock();
  const pods = [
    pod('orphan', { phase: 'Running', node: 'gone' }),
    pod('fine', { phase: 'Running', node: 'here' }),
    pod('late', { phase: 'Running', node: 'slow' }),
  ];
  const writes: string[] = [];
  const existing = new Set(['slow']);
  const r = new PodGCReconciler(
    { list: () => pods, byIndex: (_i: string, n: string) => pods.filter((p) => p.spec.nodeName === n) },
    { get: () => undefined, has: (n: string) => n === 'here' },
    {
      delete: (_ns: string, name: string, o?: { gracePeriodSeconds?: number }) => {
        writes.push(`delete ${name} grace=${o?.gracePeriodSeconds}`);
        return Promise.resolve({ metadata: {} } as Pod);
      },
      patch: (_ns: string, name: string, type: string, patch: unknown, o?: { subresource?: string }) => {
        const { status } = patch as { status: Pod['status'] };
        const c = status?.conditions?.[0];
        writes.push(`${type} ${o?.subresource} ${name} ${status?.phase} ${c?.type}/${c?.reason}`);
        return Promise.resolve({ metadata: { name } } as Pod);
      },
    },
    {
      get: (_ns: string, name: string) =>
        existing.has(name)
          ? Promise.resolve({ metadata: { name } } as Node)
          : Promise.reject(new StatusError(404, 'NotFound', 'not found')),
    },
    { threshold: 10, periodMs: 20_000, quarantineMs: 40_000, clock },
  );
  assert.deepEqual(await r.reconcile({ namespace: '', name: 'podgc' }), { requeueAfterMs: 20_000 });
  clock.advance(20_000);
  assert.deepEqual(await r.reconcile({ namespace: '', name: 'podgc' }), { requeueAfterMs: 20_000 });
  assert.deepEqual(writes, []);
  clock.advance(20_000);
  await r.reconcile({ namespace: '', name: 'podgc' });
  assert.deepEqual(writes, [
    'merge status orphan Failed DisruptionTarget/DeletionByPodGC',
    'delete orphan grace=0',
  ]);
});
