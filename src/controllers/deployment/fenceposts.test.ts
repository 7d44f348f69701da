import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, ReplicaSet } from '../../api/types/apps.js';
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  proportion,
  resolveFenceposts,
  scaledValue,
} from './fenceposts.js';

const dep = (
  replicas: number,
  surge: number | string,
  unavailable: number | string,
  statusReplicas = 0,
): Deployment => ({
  metadata: { name: 'd' },
  spec: {
    replicas,
    selector: {},
    template: { spec: { containers: [] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
  },
  status: { replicas: statusReplicas },
});
const rs = (name: string, replicas: number, maxReplicas?: number): ReplicaSet => ({
  metadata: {
    name,
    uid: name,
    annotations:
      maxReplicas === undefined ? {} : { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) },
  },
  spec: { replicas, selector: {} },
});

test('percentages: maxSurge rounds up, maxUnavailable rounds down, both zero makes unavailable 1', () => {
  const table: [number | string, number | string, number, [number, number]][] = [
    ['25%', '25%', 10, [3, 2]],
    ['25%', '25%', 4, [1, 1]],
    ['25%', '25%', 1, [1, 0]],
    [0, '10%', 5, [0, 1]],
    ['0%', '0%', 3, [0, 1]],
    [2, 0, 7, [2, 0]],
    ['100%', '100%', 3, [3, 3]],
  ];
  for (const [s, u, n, want] of table)
    assert.deepEqual(resolveFenceposts(s, u, n), want, `${s} ${u} of ${n}`);
  assert.equal(scaledValue('33%', 10, true), 4);
  assert.equal(scaledValue('33%', 10, false), 3);
  assert.equal(maxSurge(dep(10, '25%', '25%')), 3);
  assert.equal(maxUnavailable(dep(0, '25%', '25%')), 0);
  assert.equal(maxUnavailable(dep(2, 0, 5)), 2, 'never more than the replicas');
});

test('the new ReplicaSet grows within replicas + maxSurge', () => {
  const d = dep(10, 3, 2);
  const newRS = rs('new', 0);
  assert.equal(newRSNewReplicas(d, [rs('old', 10), newRS], newRS), 3);
  assert.equal(newRSNewReplicas(d, [rs('old', 13), newRS], newRS), 0);
  const half = rs('new', 5);
  assert.equal(newRSNewReplicas(d, [rs('old', 5), half], half), 8);
  assert.equal(newRSNewReplicas(d, [rs('old', 1), rs('new', 9)], rs('new', 9)), 10);
});

test('proportional scaling shares the added replicas by size, capped by what is left', () => {
  // Scaling 10 → 15 (maxSurge 3: 13 → 18) with ReplicaSets of 8 and 5, last scaled at max 13.
  const d = dep(15, 3, 2, 13);
  const a = rs('a', 8, 13);
  const b = rs('b', 5, 13);
  const pa = proportion(a, d, 5, 0);
  assert.equal(pa, 3); // round(8 * 18 / 13) - 8 = 11 - 8
  assert.equal(proportion(b, d, 5, pa), 2); // round(5 * 18 / 13) - 5 = 2
  // Scaling down to zero: each loses its whole size.
  assert.equal(proportion(a, dep(0, 3, 2, 13), -13, 0), -8);
  assert.equal(proportion(rs('z', 0, 13), d, 5, 0), 0);
});
