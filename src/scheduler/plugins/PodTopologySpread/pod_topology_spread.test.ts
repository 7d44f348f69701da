import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, onNode } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Pod, TopologySpreadConstraint } from '../../../api/types/pod.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from './filtering.js';
import { newPodTopologySpread } from './pod_topology_spread.js';

const nodes = [
  makeNode('a1', { labels: { zone: 'a' } }),
  makeNode('a2', { labels: { zone: 'a' } }),
  makeNode('b1', { labels: { zone: 'b' } }),
  makeNode('nolabel'),
];
const spread = (c: Partial<TopologySpreadConstraint>): Pod =>
  makePod('p', {
    labels: { app: 'x' },
    spec: {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'x' } },
          ...c,
        },
      ],
    },
  });
const x = (name: string, node: string) => onNode(makePod(name, { labels: { app: 'x' } }), node);

function filterAll(existing: Pod[], pod: Pod): Record<string, string> {
  const h = harness(nodes, existing);
  const p = newPodTopologySpread(undefined, h.handle);
  const st = new CycleState();
  p.preFilter(st, pod, h.snapshot.nodeInfoList);
  return Object.fromEntries(
    h.snapshot.nodeInfoList.map((ni) => [ni.name, p.filter(st, pod, ni).reasons[0] ?? 'ok']),
  );
}

test('filter table: maxSkew, missing label, minDomains', () => {
  const cases: { name: string; existing: Pod[]; pod: Pod; want: Record<string, string> }[] = [
    {
      name: 'zone a ahead by one: only b fits',
      existing: [x('e1', 'a1')],
      pod: spread({}),
      want: {
        a1: ERR_REASON_CONSTRAINTS_NOT_MATCH,
        a2: ERR_REASON_CONSTRAINTS_NOT_MATCH,
        b1: 'ok',
        nolabel: ERR_REASON_NODE_LABEL_NOT_MATCH,
      },
    },
    {
      name: 'balanced: all labelled fit',
      existing: [x('e1', 'a1'), x('e2', 'b1')],
      pod: spread({}),
      want: { a1: 'ok', a2: 'ok', b1: 'ok', nolabel: ERR_REASON_NODE_LABEL_NOT_MATCH },
    },
    {
      name: 'minDomains above the domain count makes the minimum 0',
      existing: [x('e1', 'a1'), x('e2', 'b1')],
      pod: spread({ minDomains: 3 }),
      want: {
        a1: ERR_REASON_CONSTRAINTS_NOT_MATCH,
        a2: ERR_REASON_CONSTRAINTS_NOT_MATCH,
        b1: ERR_REASON_CONSTRAINTS_NOT_MATCH,
        nolabel: ERR_REASON_NODE_LABEL_NOT_MATCH,
      },
    },
    {
      name: 'maxSkew 2 tolerates',
      existing: [x('e1', 'a1')],
      pod: spread({ maxSkew: 2 }),
      want: { a1: 'ok', a2: 'ok', b1: 'ok', nolabel: ERR_REASON_NODE_LABEL_NOT_MATCH },
    },
  ];
  for (const c of cases) assert.deepEqual(filterAll(c.existing, c.pod), c.want, c.name);
});

test('ScheduleAnyway scoring prefers the emptier zone; unlabelled nodes score 0', () => {
  const h = harness(nodes, [x('e1', 'a1'), x('e2', 'a2')]);
  const p = newPodTopologySpread(undefined, h.handle);
  const pod = spread({ whenUnsatisfiable: 'ScheduleAnyway' });
  const st = new CycleState();
  assert.equal(p.preFilter(st, pod, h.snapshot.nodeInfoList).status.code, Code.Skip);
  assert.equal(p.preScore(st, pod, h.snapshot.nodeInfoList).code, Code.Success);
  const scores = h.snapshot.nodeInfoList.map((ni) => ({ name: ni.name, score: p.score(st, pod, ni) }));
  p.normalizeScore!(st, pod, scores);
  const by = Object.fromEntries(scores.map((s) => [s.name, s.score]));
  assert.ok(by.b1! > by.a1!, JSON.stringify(by));
  assert.equal(by.nolabel, 0);
});

test('system default constraints apply only to pods selected by a service or controller', () => {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: { selector: { app: 'x' } },
  };
  const withSvc = harness(nodes, [], { services: [svc] });
  const p = newPodTopologySpread(undefined, withSvc.handle);
  const pod = makePod('p', { labels: { app: 'x' } });
  assert.equal(p.preScore(new CycleState(), pod, withSvc.snapshot.nodeInfoList).code, Code.Success);
  const bare = harness(nodes);
  assert.equal(
    newPodTopologySpread(undefined, bare.handle).preScore(new CycleState(), pod, bare.snapshot.nodeInfoList)
      .code,
    Code.Skip,
  );
});
