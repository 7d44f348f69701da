import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import { compareForDeletion, isPodAvailable, isPodActive, podsToDelete } from './pod_ranking.js';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface P {
  name: string;
  node?: string;
  phase?: 'Pending' | 'Running' | 'Unknown' | 'Failed' | 'Succeeded';
  readyFor?: number;
  created?: number;
  restarts?: number;
  cost?: string;
  deleting?: boolean;
}

function pod(p: P): Pod {
  return {
    metadata: {
      name: p.name,
      uid: p.name,
      creationTimestamp: ago(p.created ?? 1000),
      annotations: p.cost ? { 'controller.kubernetes.io/pod-deletion-cost': p.cost } : undefined,
      deletionTimestamp: p.deleting ? ago(0) : undefined,
    },
    spec: { containers: [], nodeName: p.node },
    status: {
      phase: p.phase,
      conditions:
        p.readyFor !== undefined
          ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(p.readyFor) }]
          : [],
      containerStatuses: p.restarts ? [{ name: 'c', restartCount: p.restarts } as never] : [],
    },
  };
}

test('deletion order: each rule of ActivePodsWithRanks decides before the next', () => {
  const table: { why: string; first: P; second: P }[] = [
    { why: 'unassigned before assigned', first: { name: 'a' }, second: { name: 'b', node: 'n1' } },
    {
      why: 'pending before running',
      first: { name: 'a', phase: 'Pending', node: 'n' },
      second: { name: 'b', phase: 'Running', node: 'n' },
    },
    {
      why: 'unknown before running',
      first: { name: 'a', phase: 'Unknown' },
      second: { name: 'b', phase: 'Running' },
    },
    {
      why: 'not ready before ready',
      first: { name: 'a', phase: 'Running' },
      second: { name: 'b', phase: 'Running', readyFor: 10 },
    },
    {
      why: 'lower deletion cost first',
      first: { name: 'a', cost: '-5', readyFor: 10 },
      second: { name: 'b', readyFor: 10 },
    },
    {
      why: 'ready for less time first',
      first: { name: 'a', readyFor: 10 },
      second: { name: 'b', readyFor: 10_000 },
    },
    { why: 'more restarts first', first: { name: 'a', restarts: 3 }, second: { name: 'b' } },
    { why: 'newer first', first: { name: 'a', created: 5 }, second: { name: 'b', created: 5000 } },
    {
      why: 'same log bucket: uid order',
      first: { name: 'a', created: 1000 },
      second: { name: 'b', created: 1001 },
    },
  ];
  for (const row of table) {
    const a = pod(row.first);
    const b = pod(row.second);
    assert.ok(compareForDeletion(a, b, 0, 0, NOW) < 0, row.why);
    assert.ok(compareForDeletion(b, a, 0, 0, NOW) > 0, `${row.why} (reversed)`);
  }
});

test('podsToDelete prefers pods doubled up on a node with related pods', () => {
  const pods = [pod({ name: 'a', node: 'n1' }), pod({ name: 'b', node: 'n2' })];
  const related = [...pods, pod({ name: 'c', node: 'n2' }), pod({ name: 'd', node: 'n2', deleting: true })];
  assert.deepEqual(
    podsToDelete(pods, related, 1, NOW).map((p) => p.metadata.name),
    ['b'],
  );
  assert.equal(podsToDelete(pods, related, 5, NOW).length, 2);
});

test('availability waits minReadySeconds; terminated and deleting pods are not active', () => {
  assert.ok(isPodAvailable(pod({ name: 'a', readyFor: 0 }), 0, NOW));
  assert.ok(!isPodAvailable(pod({ name: 'a', readyFor: 5 }), 10, NOW));
  assert.ok(isPodAvailable(pod({ name: 'a', readyFor: 11 }), 10, NOW));
  assert.ok(!isPodAvailable(pod({ name: 'a' }), 0, NOW));
  assert.ok(isPodActive(pod({ name: 'a', phase: 'Running' })));
  assert.ok(!isPodActive(pod({ name: 'a', phase: 'Failed' })));
  assert.ok(!isPodActive(pod({ name: 'a', phase: 'Succeeded' })));
  assert.ok(!isPodActive(pod({ name: 'a', deleting: true })));
});
