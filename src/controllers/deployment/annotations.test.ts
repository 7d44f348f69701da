import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import { maxRevision, revisionOf, setNewReplicaSetAnnotations } from './annotations.js';

const d: Deployment = {
  metadata: {
    name: 'web',
    annotations: {
      'kubernetes.io/change-cause': 'kubectl set image',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '7',
    },
  },
  spec: { replicas: 4, selector: {}, template: { spec: { containers: [] } } },
};
const rs = (annotations?: Record<string, string>): ReplicaSet => ({
  metadata: { name: 'web-abc', annotations },
  spec: { selector: {} },
});

test('a new ReplicaSet: copied annotations, the revision and the replicas annotations', () => {
  const r = rs();
  assert.ok(setNewReplicaSetAnnotations(d, r, 3, false, 1));
  assert.deepEqual(r.metadata.annotations, {
    'kubernetes.io/change-cause': 'kubectl set image',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
});

test('rolling back to a ReplicaSet keeps its earlier revisions in the history', () => {
  const table: { before: Record<string, string>; rev: number; history?: string; revision: string }[] = [
    { before: { 'deployment.kubernetes.io/revision': '1' }, rev: 3, history: '1', revision: '3' },
    {
      before: { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' },
      rev: 5,
      history: '1,3',
      revision: '5',
    },
    { before: { 'deployment.kubernetes.io/revision': '4' }, rev: 3, history: undefined, revision: '4' },
  ];
  for (const row of table) {
    const r = rs({ ...row.before });
    setNewReplicaSetAnnotations(d, r, row.rev, true, 1);
    assert.equal(r.metadata.annotations!['deployment.kubernetes.io/revision'], row.revision);
    assert.equal(r.metadata.annotations!['deployment.kubernetes.io/revision-history'], row.history);
    assert.equal(
      r.metadata.annotations!['deployment.kubernetes.io/desired-replicas'],
      undefined,
      'exists: untouched',
    );
  }
});

test('revisions: absent is 0, malformed ignored by maxRevision', () => {
  assert.equal(revisionOf(rs()), 0);
  assert.ok(Number.isNaN(revisionOf(rs({ 'deployment.kubernetes.io/revision': 'x' }))));
  assert.equal(
    maxRevision([
      rs({ 'deployment.kubernetes.io/revision': '2' }),
      rs({ 'deployment.kubernetes.io/revision': 'x' }),
      rs({ 'deployment.kubernetes.io/revision': '10' }),
    ]),
    10,
  );
});
