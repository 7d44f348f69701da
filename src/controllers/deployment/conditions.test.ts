import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, DeploymentStatus } from '../../api/types/apps.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  newCondition,
  setCondition,
} from './conditions.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const d = (status: DeploymentStatus = {}): Deployment => ({
  metadata: { name: 'web', generation: 2 },
  spec: { replicas: 3, selector: {}, template: { spec: { containers: [] } }, progressDeadlineSeconds: 600 },
  status,
});

test('setCondition keeps lastTransitionTime while the status stays, and ignores repeats', () => {
  const s: DeploymentStatus = {};
  setCondition(s, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'a', T0));
  setCondition(s, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'b', T0 + 5000));
  assert.equal(s.conditions![0]!.lastTransitionTime, '2024-01-01T00:00:00Z');
  assert.equal(s.conditions![0]!.lastUpdateTime, '2024-01-01T00:00:05Z');
  setCondition(s, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'c', T0 + 9000));
  assert.equal(s.conditions![0]!.message, 'b', 'same status and reason: unchanged');
  setCondition(s, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'd', T0 + 9000));
  assert.equal(s.conditions![0]!.lastTransitionTime, '2024-01-01T00:00:09Z');
});

test('complete, progressing and timed out as upstream decides them', () => {
  const done: DeploymentStatus = {
    observedGeneration: 2,
    replicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
  };
  assert.ok(deploymentComplete(d(), done));
  assert.ok(!deploymentComplete(d(), { ...done, observedGeneration: 1 }));
  assert.ok(deploymentProgressing(d({ updatedReplicas: 1 }), { updatedReplicas: 2 }));
  assert.ok(
    deploymentProgressing(d({ replicas: 5, updatedReplicas: 2 }), { replicas: 4, updatedReplicas: 2 }),
  );
  assert.ok(
    !deploymentProgressing(d({ replicas: 4, updatedReplicas: 2 }), { replicas: 4, updatedReplicas: 2 }),
  );
  const stuck: DeploymentStatus = {
    conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', T0)],
  };
  assert.ok(!deploymentTimedOut(d(), stuck, T0 + 600_000));
  assert.ok(deploymentTimedOut(d(), stuck, T0 + 600_001));
  const finished: DeploymentStatus = {
    conditions: [newCondition('Progressing', 'True', 'NewReplicaSetAvailable', 'x', T0)],
  };
  assert.ok(!deploymentTimedOut(d(), finished, T0 + 10_000_000));
});
