import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { resourceListOf } from '../../api/quota/resource_list.js';
import { Quantity } from '../../api/quantity.js';
import { addDefaultTolerations } from './default_toleration_seconds.js';
import {
  applyLimitRangeDefaults,
  maxConstraint,
  minConstraint,
  podLimitViolations,
  ratioConstraint,
} from './limit_range_rules.js';

const lr = (...limits: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'lr' },
  spec: { limits },
});
const pod = (...containers: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers },
});
const q = (s: string) => Quantity.parse(s);
const list = (o: object) => resourceListOf(o);

test('constraints: upstream texts', () => {
  const cases: Array<[string | null, string | null]> = [
    [
      minConstraint('Container', 'cpu', q('100m'), list({}), list({})),
      'minimum cpu usage per Container is 100m.  No request is specified',
    ],
    [
      minConstraint('Container', 'cpu', q('100m'), list({ cpu: '50m' }), list({})),
      'minimum cpu usage per Container is 100m, but request is 50m',
    ],
    [
      minConstraint('Pod', 'memory', q('1Gi'), list({ memory: '2Gi' }), list({ memory: '512Mi' })),
      'minimum memory usage per Pod is 1Gi, but limit is 512Mi',
    ],
    [minConstraint('Container', 'cpu', q('100m'), list({ cpu: '0.1' }), list({})), null],
    [
      maxConstraint('Container', 'cpu', q('1'), list({}), list({})),
      'maximum cpu usage per Container is 1.  No limit is specified',
    ],
    [
      maxConstraint('Container', 'cpu', q('1'), list({}), list({ cpu: '2' })),
      'maximum cpu usage per Container is 1, but limit is 2',
    ],
    [maxConstraint('Container', 'cpu', q('1'), list({ cpu: '1' }), list({ cpu: '1000m' })), null],
    [
      ratioConstraint('Container', 'cpu', q('2'), list({ cpu: '100m' }), list({ cpu: '300m' })),
      'cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000',
    ],
    [
      ratioConstraint('Container', 'cpu', q('2'), list({}), list({ cpu: '300m' })),
      'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
    ],
    [
      ratioConstraint('Container', 'cpu', q('2'), list({ cpu: '1' }), list({})),
      'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0',
    ],
    [ratioConstraint('Container', 'cpu', q('2'), list({ cpu: '1' }), list({ cpu: '2' })), null],
  ];
  for (const [got, want] of cases) assert.equal(got, want);
});

test('applyLimitRangeDefaults: only missing entries, annotated as upstream', () => {
  const p = pod(
    { name: 'a', resources: { requests: { cpu: '1' } } },
    { name: 'b', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } },
  );
  applyLimitRangeDefaults(
    lr({ type: 'Container', default: { cpu: '2', memory: '512Mi' }, defaultRequest: { cpu: '500m' } }),
    p,
  );
  const [a, b] = (p.spec as { containers: Array<{ resources: object }> }).containers;
  assert.deepEqual(a!.resources, { requests: { cpu: '1' }, limits: { cpu: '2', memory: '512Mi' } });
  assert.deepEqual(b!.resources, {
    limits: { cpu: '1', memory: '1Gi' },
    requests: { cpu: '1', memory: '1Gi' },
  });
  assert.deepEqual(p.metadata.annotations, {
    'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu, memory limit for container a',
  });
  const untouched = pod({ name: 'a' });
  applyLimitRangeDefaults(lr({ type: 'Pod', max: { cpu: '1' } }), untouched);
  assert.equal(untouched.metadata.annotations, undefined);
});

test('podLimitViolations: per container and per pod', () => {
  const range = lr(
    { type: 'Container', max: { cpu: '1' }, maxLimitRequestRatio: { memory: '2' } },
    { type: 'Pod', min: { cpu: '500m' } },
  );
  assert.deepEqual(
    podLimitViolations(
      range,
      pod(
        {
          name: 'a',
          resources: { limits: { cpu: '200m', memory: '1Gi' }, requests: { cpu: '200m', memory: '256Mi' } },
        },
        {
          name: 'b',
          resources: { limits: { cpu: '100m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } },
        },
      ),
    ),
    [
      'memory max limit to request ratio per Container is 2, but provided ratio is 4.000000',
      'minimum cpu usage per Pod is 500m, but request is 300m',
    ],
  );
});

test('addDefaultTolerations: added unless already tolerated', () => {
  const cases: Array<[object[] | undefined, string[]]> = [
    [undefined, ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']],
    [[{ operator: 'Exists' }], []],
    [
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
      ['node.kubernetes.io/unreachable'],
    ],
    [
      [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'],
    ],
  ];
  for (const [tolerations, added] of cases) {
    const p: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { tolerations } };
    addDefaultTolerations(p);
    const all =
      (p.spec as { tolerations?: Array<{ key?: string; tolerationSeconds?: number }> }).tolerations ?? [];
    const got = all.filter((t) => t.tolerationSeconds === 300).map((t) => t.key);
    assert.deepEqual(got, added, JSON.stringify(tolerations));
  }
});
