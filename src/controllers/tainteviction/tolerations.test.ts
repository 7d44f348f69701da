import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Taint } from '../../api/types/node.js';
import type { Toleration } from '../../api/types/pod.js';
import { evictionDecision, toleratesTaint } from './tolerations.js';

const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
  timeAdded: '2024-01-01T00:00:00Z',
};
const T = Date.parse('2024-01-01T00:00:00Z');

test('toleratesTaint as upstream', () => {
  const cases: [Toleration, boolean][] = [
    [{ operator: 'Exists' }, true],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }, true],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, false],
    [{ key: 'other', operator: 'Exists' }, false],
    [{ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: '' }, true],
    [{ key: 'node.kubernetes.io/unreachable', value: 'x' }, false],
  ];
  for (const [t, want] of cases) assert.equal(toleratesTaint(t, unreachable), want, JSON.stringify(t));
});

test('evictionDecision: untolerated now, tolerationSeconds from timeAdded, forever without seconds', () => {
  const tol = (s?: number): Toleration => ({
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: s,
  });
  const noSchedule: Taint = { key: 'x', effect: 'NoSchedule' };
  assert.deepEqual(evictionDecision([], [noSchedule], T), { kind: 'none' });
  assert.deepEqual(evictionDecision([], [unreachable], T), { kind: 'now' });
  assert.deepEqual(evictionDecision([tol(300)], [unreachable], 0), { kind: 'at', at: T + 300_000 });
  assert.deepEqual(
    evictionDecision([tol(300), { operator: 'Exists', tolerationSeconds: 60 }], [unreachable], 0),
    {
      kind: 'at',
      at: T + 60_000,
    },
  );
  assert.deepEqual(evictionDecision([tol()], [unreachable], 0), { kind: 'none' });
  assert.deepEqual(evictionDecision([tol(0)], [unreachable], 0), { kind: 'now' });
  assert.deepEqual(evictionDecision([tol(10)], [{ ...unreachable, timeAdded: undefined }], 5), {
    kind: 'at',
    at: 10_005,
  });
  assert.deepEqual(
    evictionDecision(
      [tol(10)],
      [unreachable, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
      0,
    ),
    { kind: 'now' },
  );
});
