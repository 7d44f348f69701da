import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Affinity } from '../../../api/types/pod.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import {
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  newNodeAffinity,
  nodeAffinityFilter,
  requiredNodeNames,
} from './node_affinity.js';

const node = makeNode('n1', { labels: { zone: 'a', gen: '5' } });

test('filter: nodeSelector and required terms', () => {
  const cases: { name: string; selector?: Record<string, string>; affinity?: Affinity; ok: boolean }[] = [
    { name: 'none', ok: true },
    { name: 'selector match', selector: { zone: 'a' }, ok: true },
    { name: 'selector mismatch', selector: { zone: 'b' }, ok: false },
    {
      name: 'In',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
          },
        },
      },
      ok: true,
    },
    {
      name: 'terms ORed',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] },
              { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] },
            ],
          },
        },
      },
      ok: true,
    },
    {
      name: 'Lt fails',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['5'] }] }],
          },
        },
      },
      ok: false,
    },
    {
      name: 'DoesNotExist',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }],
          },
        },
      },
      ok: true,
    },
    {
      name: 'matchFields name',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }],
          },
        },
      },
      ok: false,
    },
    {
      name: 'empty term matches nothing',
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } },
      },
      ok: false,
    },
  ];
  for (const c of cases) {
    const s = nodeAffinityFilter(
      makePod('p', { spec: { nodeSelector: c.selector, affinity: c.affinity } }),
      node,
    );
    assert.equal(s.code, c.ok ? Code.Success : Code.UnschedulableAndUnresolvable, c.name);
    if (!c.ok) assert.deepEqual([...s.reasons], [ERR_REASON_POD], c.name);
  }
});

test('addedAffinity is enforced with its own reason', () => {
  const added = {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['b'] }] }],
  };
  assert.deepEqual([...nodeAffinityFilter(makePod('p'), node, added).reasons], [ERR_REASON_ENFORCED]);
});

test('PreFilter narrows to metadata.name nodes; skip without constraints', () => {
  const pod = makePod('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a', 'b'] }] },
            ],
          },
        },
      },
    },
  });
  assert.deepEqual([...requiredNodeNames(pod)!], ['a', 'b']);
  const h = harness([node]);
  const p = newNodeAffinity(undefined, h.handle);
  assert.equal(p.preFilter(new CycleState(), makePod('q'), []).status.code, Code.Skip);
});

test('score: weights of matching preferred terms, normalised', () => {
  const nodes = [
    makeNode('a', { labels: { disk: 'ssd', zone: 'z1' } }),
    makeNode('b', { labels: { disk: 'ssd' } }),
    makeNode('c'),
  ];
  const h = harness(nodes);
  const p = newNodeAffinity(undefined, h.handle);
  const pod = makePod('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 2,
              preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
            },
            { weight: 6, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          ],
        },
      },
    },
  });
  const st = new CycleState();
  assert.equal(p.preScore(st, pod, h.snapshot.nodeInfoList).code, Code.Success);
  const scores = ['a', 'b', 'c'].map((n) => ({ name: n, score: p.score(st, pod, h.snapshot.get(n)!) }));
  assert.deepEqual(
    scores.map((s) => s.score),
    [8, 2, 0],
  );
  p.normalizeScore!(st, pod, scores);
  assert.deepEqual(
    scores.map((s) => s.score),
    [100, 25, 0],
  );
});
