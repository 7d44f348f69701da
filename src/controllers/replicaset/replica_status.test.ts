import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../api/types/pod.js';
import type { ReplicaOwner } from './replica_status.js';
import { calculateReplicaStatus, replicaStatusChanged } from './replica_status.js';

const NOW = Date.parse('2024-01-01T12:00:00Z');
const pod = (labels: Record<string, string>, readyAgoS?: number): Pod => ({
  metadata: { labels },
  spec: { containers: [] },
  status: {
    conditions:
      readyAgoS === undefined
        ? []
        : [
            {
              type: 'Ready',
              status: 'True',
              lastTransitionTime: new Date(NOW - readyAgoS * 1000).toISOString(),
            },
          ],
  },
});
const owner = (over: Partial<ReplicaOwner['spec']> = {}, status?: ReplicaOwner['status']): ReplicaOwner => ({
  metadata: { generation: 2 },
  spec: {
    replicas: 3,
    minReadySeconds: 10,
    template: { metadata: { labels: { app: 'w', tier: 'x' } }, spec: { containers: [] } },
    ...over,
  },
  status,
});

test('counts fully labeled, ready and available pods', () => {
  const pods = [pod({ app: 'w', tier: 'x' }, 100), pod({ app: 'w', tier: 'x' }, 5), pod({ app: 'w' })];
  const s = calculateReplicaStatus(owner(), pods, undefined, NOW);
  assert.deepEqual(s, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 });
  assert.ok(replicaStatusChanged(owner(), s));
});

test('ReplicaFailure: FailedCreate when short, FailedDelete when over, removed on success', () => {
  const err = new Error('pods "x" is forbidden: exceeded quota');
  const short = calculateReplicaStatus(owner(), [pod({ app: 'w' })], err, NOW);
  assert.equal(short.conditions?.[0]?.type, 'ReplicaFailure');
  assert.equal(short.conditions?.[0]?.reason, 'FailedCreate');
  assert.equal(short.conditions?.[0]?.message, err.message);
  const over = calculateReplicaStatus(owner({ replicas: 0 }), [pod({ app: 'w' })], err, NOW);
  assert.equal(over.conditions?.[0]?.reason, 'FailedDelete');
  const healed = calculateReplicaStatus(owner({}, short), [], undefined, NOW);
  assert.equal(healed.conditions, undefined);
  // Steady state: nothing to write.
  const steady = owner({}, { replicas: 0, observedGeneration: 2 });
  assert.ok(!replicaStatusChanged(steady, calculateReplicaStatus(steady, [], undefined, NOW)));
});
