import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, onNode } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Affinity, Pod } from '../../../api/types/pod.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import {
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
} from './filtering.js';
import { newInterPodAffinity } from './inter_pod_affinity.js';

const nodes = [
  makeNode('a1', { labels: { zone: 'a' } }),
  makeNode('a2', { labels: { zone: 'a' } }),
  makeNode('b1', { labels: { zone: 'b' } }),
];
const term = (key: string, app: string) => ({ topologyKey: key, labelSelector: { matchLabels: { app } } });
const web = (name: string, affinity?: Affinity) =>
  makePod(name, { labels: { app: 'web' }, spec: { affinity } });

function filterAll(existing: Pod[], pod: Pod): Record<string, string> {
  const h = harness(nodes, existing);
  const p = newInterPodAffinity(undefined, h.handle);
  const st = new CycleState();
  const pre = p.preFilter(st, pod, h.snapshot.nodeInfoList);
  const out: Record<string, string> = {};
  for (const ni of h.snapshot.nodeInfoList) {
    const s = pre.status.code === Code.Skip ? pre.status : p.filter(st, pod, ni);
    out[ni.name] = s.reasons[0] ?? (s.code === Code.Skip ? 'skip' : 'ok');
  }
  return out;
}

test('filter table: affinity, anti-affinity, existing anti-affinity', () => {
  const cases: { name: string; existing: Pod[]; pod: Pod; want: Record<string, string> }[] = [
    {
      name: 'no terms: skipped',
      existing: [onNode(web('w'), 'a1')],
      pod: makePod('p'),
      want: { a1: 'skip', a2: 'skip', b1: 'skip' },
    },
    {
      name: 'affinity to zone of web',
      existing: [onNode(web('w'), 'a1')],
      pod: makePod('p', {
        spec: {
          affinity: {
            podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('zone', 'web')] },
          },
        },
      }),
      want: { a1: 'ok', a2: 'ok', b1: ERR_REASON_AFFINITY },
    },
    {
      name: 'first pod of a self-affine group goes anywhere',
      existing: [],
      pod: web('p', {
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('zone', 'web')] },
      }),
      want: { a1: 'ok', a2: 'ok', b1: 'ok' },
    },
    {
      name: 'anti-affinity by hostname',
      existing: [onNode(web('w'), 'a1')],
      pod: web('p', {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [term('kubernetes.io/hostname', 'web')],
        },
      }),
      want: { a1: ERR_REASON_ANTI_AFFINITY, a2: 'ok', b1: 'ok' },
    },
    {
      name: "existing pod's anti-affinity by zone",
      existing: [
        onNode(
          makePod('x', {
            spec: {
              affinity: {
                podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('zone', 'web')] },
              },
            },
          }),
          'b1',
        ),
      ],
      pod: web('p'),
      want: { a1: 'ok', a2: 'ok', b1: ERR_REASON_EXISTING_ANTI_AFFINITY },
    },
  ];
  for (const c of cases) assert.deepEqual(filterAll(c.existing, c.pod), c.want, c.name);
});

test('preferred affinity scores the matching zone highest', () => {
  const h = harness(nodes, [onNode(web('w'), 'b1')]);
  const p = newInterPodAffinity(undefined, h.handle);
  const pod = makePod('p', {
    spec: {
      affinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, podAffinityTerm: term('zone', 'web') },
          ],
        },
      },
    },
  });
  const st = new CycleState();
  assert.equal(p.preScore(st, pod, h.snapshot.nodeInfoList).code, Code.Success);
  const scores = h.snapshot.nodeInfoList.map((ni) => ({ name: ni.name, score: p.score(st, pod, ni) }));
  p.normalizeScore!(st, pod, scores);
  assert.deepEqual(Object.fromEntries(scores.map((s) => [s.name, s.score])), { a1: 0, a2: 0, b1: 100 });
});
