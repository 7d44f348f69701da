import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import { Code } from '../../framework/status.js';
import { nodeNameFits } from '../NodeName/node_name.js';
import { checkSchedulingGates } from '../SchedulingGates/scheduling_gates.js';
import { ERR_REASON_UNSCHEDULABLE, nodeUnschedulableFilter } from './node_unschedulable.js';

test('NodeUnschedulable: cordoned nodes take only pods tolerating the unschedulable taint', () => {
  const cordoned = makeNode('n', { spec: { unschedulable: true } });
  const cases = [
    { name: 'schedulable node', node: makeNode('m'), tol: [], code: Code.Success },
    { name: 'cordoned', node: cordoned, tol: [], code: Code.UnschedulableAndUnresolvable },
    {
      name: 'tolerated',
      node: cordoned,
      tol: [
        {
          key: 'node.kubernetes.io/unschedulable',
          operator: 'Exists' as const,
          effect: 'NoSchedule' as const,
        },
      ],
      code: Code.Success,
    },
  ];
  for (const c of cases) {
    const s = nodeUnschedulableFilter(makePod('p', { spec: { tolerations: c.tol } }), c.node);
    assert.equal(s.code, c.code, c.name);
    if (c.code !== Code.Success) assert.deepEqual([...s.reasons], [ERR_REASON_UNSCHEDULABLE]);
  }
});

test('NodeName: a pod naming a node fits only it', () => {
  assert.equal(nodeNameFits(makePod('p'), 'a').code, Code.Success);
  assert.equal(nodeNameFits(makePod('p', { spec: { nodeName: 'a' } }), 'a').code, Code.Success);
  const s = nodeNameFits(makePod('p', { spec: { nodeName: 'a' } }), 'b');
  assert.deepEqual(
    [s.code, ...s.reasons],
    [Code.UnschedulableAndUnresolvable, "node(s) didn't match the requested node name"],
  );
});

test('SchedulingGates: gated pods wait with the gate names', () => {
  assert.equal(checkSchedulingGates(makePod('p')).code, Code.Success);
  const s = checkSchedulingGates(makePod('p', { spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }] } }));
  assert.deepEqual(
    [s.code, ...s.reasons],
    [Code.UnschedulableAndUnresolvable, 'waiting for scheduling gates: [a b]'],
  );
});
