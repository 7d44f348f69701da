import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
import { fitErrorMessage } from './framework/fit_error.js';
import { Code, Status } from './framework/status.js';
import { ScheduleAlgorithm, numFeasibleNodesToFind, selectHost } from './schedule_algorithm.js';

test('numFeasibleNodesToFind: adaptive percentage as upstream', () => {
  const cases: [number, number, number][] = [
    [0, 50, 50],
    [0, 100, 100],
    [0, 500, 230],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 6000, 300],
    [0, 10000, 500],
    [30, 1000, 300],
    [1, 1000, 100],
  ];
  for (const [pct, n, want] of cases) assert.equal(numFeasibleNodesToFind(pct, n), want, `${pct}% of ${n}`);
});

test('selectHost picks the best and breaks ties at random', () => {
  assert.equal(
    selectHost([
      { name: 'a', score: 1 },
      { name: 'b', score: 3 },
      { name: 'c', score: 2 },
    ]),
    'b',
  );
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++)
    seen.add(
      selectHost([
        { name: 'a', score: 1 },
        { name: 'b', score: 1 },
      ]),
    );
  assert.deepEqual([...seen].sort(), ['a', 'b']);
});

test('FailedScheduling message: sorted histogram, then the preemption message', () => {
  const statuses = new Map([
    ['n1', new Status(Code.Unschedulable, ['Insufficient cpu'])],
    ['n2', new Status(Code.UnschedulableAndUnresolvable, ['node(s) had untolerated taint {a: b}'])],
    ['n3', new Status(Code.UnschedulableAndUnresolvable, ['node(s) had untolerated taint {a: b}'])],
  ]);
  assert.equal(
    fitErrorMessage(
      3,
      statuses,
      '',
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ),
    '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {a: b}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  );
  assert.equal(
    fitErrorMessage(2, statuses, 'pod has unbound immediate PersistentVolumeClaims', ''),
    '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
  );
});

test('the filter walk rotates its start so successive pods see different nodes', () => {
  const nodes = Array.from({ length: 300 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`));
  const h = harness(nodes);
  const fwk = h.framework({ percentageOfNodesToScore: 1 });
  const algo = new ScheduleAlgorithm(1);
  const r1 = algo.schedule(fwk, fwk.newCycleState(), makePod('a'), h.snapshot);
  const r2 = algo.schedule(fwk, fwk.newCycleState(), makePod('b'), h.snapshot);
  assert.ok('host' in r1 && 'host' in r2);
  assert.equal(r1.evaluatedNodes, 100);
  assert.notEqual(
    Math.floor(h.snapshot.listIndex.get(r1.host)! / 100),
    Math.floor(h.snapshot.listIndex.get(r2.host)! / 100),
  );
  const none = algo.schedule(
    fwk,
    fwk.newCycleState(),
    makePod('huge', { requests: { cpu: '100' } }),
    h.snapshot,
  );
  assert.ok('fitError' in none);
  assert.equal(none.fitError.message, '0/300 nodes are available: 300 Insufficient cpu.');
});
