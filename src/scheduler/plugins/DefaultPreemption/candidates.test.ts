import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, onNode } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import type { Pod } from '../../../api/types/pod.js';
import { podInfoOf } from '../../cache/pod_info.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import type { Candidate } from './candidates.js';
import { pickOneCandidate, selectVictimsOnNode, splitByPDBViolation, budgetsFrom } from './candidates.js';
import { numCandidates, preemptionIneligibility } from './default_preemption.js';

const prioPod = (name: string, priority: number, cpu: string): Pod =>
  makePod(name, { requests: { cpu }, spec: { priority }, labels: { app: name } });

test('selectVictimsOnNode removes the fewest, lowest-priority pods', () => {
  const node = makeNode('n', { allocatable: { cpu: '3' } });
  const existing = [
    onNode(prioPod('low1', 1, '1'), 'n'),
    onNode(prioPod('low2', 2, '1'), 'n'),
    onNode(prioPod('high', 100, '1'), 'n'),
  ];
  const h = harness([node], existing);
  const fwk = h.framework();
  const pod = prioPod('p', 50, '1');
  const st = new CycleState();
  fwk.runPreFilterPlugins(st, pod, h.snapshot.nodeInfoList);
  const r = selectVictimsOnNode(fwk, st, pod, h.snapshot.get('n')!, []);
  assert.equal(r.status.code, Code.Success);
  assert.deepEqual(
    r.victims!.map((v) => v.pod.metadata.name),
    ['low1'],
  );
  const none = selectVictimsOnNode(fwk, st, prioPod('q', 0, '1'), h.snapshot.get('n')!, []);
  assert.deepEqual(
    [none.status.code, ...none.status.reasons],
    [Code.UnschedulableAndUnresolvable, 'No preemption victims found for incoming pod'],
  );
  const tooBig = selectVictimsOnNode(fwk, st, prioPod('big', 50, '3'), h.snapshot.get('n')!, []);
  assert.deepEqual([...tooBig.status.reasons], ['Insufficient cpu']);
});

test('pickOneCandidate: fewest PDB violations, then lowest highest-priority victim, then fewest victims', () => {
  const v = (name: string, prio: number) => podInfoOf(prioPod(name, prio, '1'));
  const prio = (p: Pod) => p.spec.priority ?? 0;
  const cases: { name: string; cands: Candidate[]; want: string }[] = [
    {
      name: 'pdb',
      cands: [
        { nodeName: 'a', victims: [v('a', 1)], numPDBViolations: 1 },
        { nodeName: 'b', victims: [v('b', 5)], numPDBViolations: 0 },
      ],
      want: 'b',
    },
    {
      name: 'highest victim priority',
      cands: [
        { nodeName: 'a', victims: [v('a', 5)], numPDBViolations: 0 },
        { nodeName: 'b', victims: [v('b', 3), v('c', 3)], numPDBViolations: 0 },
      ],
      want: 'b',
    },
    {
      name: 'fewest victims',
      cands: [
        { nodeName: 'a', victims: [v('a', 3), v('d', 0)], numPDBViolations: 0 },
        { nodeName: 'b', victims: [v('b', 3)], numPDBViolations: 0 },
      ],
      want: 'b',
    },
  ];
  for (const c of cases) assert.equal(pickOneCandidate(c.cands, prio)!.nodeName, c.want, c.name);
});

test('PDB splitting, candidate counts and eligibility', () => {
  const pdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'b', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'a' } } },
    status: { disruptionsAllowed: 0 },
  };
  const [violating, ok] = splitByPDBViolation(
    [podInfoOf(prioPod('a', 1, '1')), podInfoOf(prioPod('b', 1, '1'))],
    budgetsFrom([pdb]),
  );
  assert.deepEqual(
    [violating.map((p) => p.pod.metadata.name), ok.map((p) => p.pod.metadata.name)],
    [['a'], ['b']],
  );
  assert.equal(numCandidates(50, 10, 100), 50);
  assert.equal(numCandidates(5000, 10, 100), 500);
  const h = harness([makeNode('n')]);
  assert.equal(
    preemptionIneligibility(makePod('p', { spec: { preemptionPolicy: 'Never' } }), h.handle),
    'not eligible due to preemptionPolicy=Never.',
  );
  assert.equal(preemptionIneligibility(makePod('p'), h.handle), '');
});
