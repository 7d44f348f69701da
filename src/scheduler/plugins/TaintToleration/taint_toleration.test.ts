import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Taint } from '../../../api/types/node.js';
import type { Toleration } from '../../../api/types/pod.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import { newTaintToleration, taintTolerationFilter } from './taint_toleration.js';

test('filter: untolerated NoSchedule/NoExecute taints reject with upstream text', () => {
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; want?: string }[] = [
    { name: 'no taints', taints: [] },
    {
      name: 'untolerated',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      want: 'node(s) had untolerated taint {dedicated: gpu}',
    },
    { name: 'PreferNoSchedule ignored', taints: [{ key: 'a', effect: 'PreferNoSchedule' }] },
    {
      name: 'Equal match',
      taints: [{ key: 'a', value: 'b', effect: 'NoSchedule' }],
      tolerations: [{ key: 'a', operator: 'Equal', value: 'b', effect: 'NoSchedule' }],
    },
    {
      name: 'value mismatch',
      taints: [{ key: 'a', value: 'b', effect: 'NoExecute' }],
      tolerations: [{ key: 'a', value: 'c' }],
      want: 'node(s) had untolerated taint {a: b}',
    },
    {
      name: 'Exists with empty key tolerates all',
      taints: [{ key: 'x', effect: 'NoExecute' }],
      tolerations: [{ operator: 'Exists' }],
    },
    {
      name: 'effect mismatch',
      taints: [{ key: 'a', effect: 'NoExecute' }],
      tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }],
      want: 'node(s) had untolerated taint {a: }',
    },
  ];
  for (const c of cases) {
    const s = taintTolerationFilter(
      makePod('p', { spec: { tolerations: c.tolerations } }),
      makeNode('n', { spec: { taints: c.taints } }),
    );
    if (c.want) {
      assert.equal(s.code, Code.UnschedulableAndUnresolvable, c.name);
      assert.deepEqual([...s.reasons], [c.want], c.name);
    } else assert.equal(s.code, Code.Success, c.name);
  }
});

test('score: fewer untolerated PreferNoSchedule taints score higher', () => {
  const nodes = [
    makeNode('clean'),
    makeNode('one', { spec: { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] } }),
    makeNode('two', {
      spec: {
        taints: [
          { key: 'a', effect: 'PreferNoSchedule' },
          { key: 'b', effect: 'PreferNoSchedule' },
        ],
      },
    }),
  ];
  const h = harness(nodes);
  const p = newTaintToleration(undefined, h.handle);
  const pod = makePod('p', {
    spec: { tolerations: [{ key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' }] },
  });
  const st = new CycleState();
  p.preScore(st, pod, h.snapshot.nodeInfoList);
  const scores = ['clean', 'one', 'two'].map((n) => ({
    name: n,
    score: p.score(st, pod, h.snapshot.get(n)!),
  }));
  assert.deepEqual(
    scores.map((s) => s.score),
    [0, 1, 1],
  );
  p.normalizeScore!(st, pod, scores);
  assert.deepEqual(
    scores.map((s) => s.score),
    [100, 0, 0],
  );
});
