import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, onNode } from '../../../../test/fixtures/scheduler_harness.js';
import { makeNode, makePod } from '../../../../test/fixtures/scheduler_objects.js';
import { podInfoOf } from '../../cache/pod_info.js';
import { podRequests } from '../../cache/resource.js';
import { CycleState } from '../../framework/cycle_state.js';
import { Code } from '../../framework/status.js';
import { newBalancedAllocation } from '../NodeResourcesBalancedAllocation/balanced_allocation.js';
import { insufficientResources, newNodeResourcesFit } from './node_resources_fit.js';
import { brokenLinearFunction } from './resource_allocation.js';

const node = makeNode('n1', { allocatable: { cpu: '2', memory: '4Gi', pods: '2', 'example.com/gpu': '1' } });

test('filter: reasons in upstream order and wording', () => {
  const used = onNode(makePod('used', { requests: { cpu: '1500m', memory: '1Gi' } }), 'n1');
  const cases: { name: string; requests: Record<string, string>; pods?: number; want: string[] }[] = [
    { name: 'fits', requests: { cpu: '500m', memory: '1Gi' }, want: [] },
    { name: 'cpu', requests: { cpu: '600m' }, want: ['Insufficient cpu'] },
    {
      name: 'cpu and memory',
      requests: { cpu: '1', memory: '4Gi' },
      want: ['Insufficient cpu', 'Insufficient memory'],
    },
    { name: 'extended', requests: { 'example.com/gpu': '2' }, want: ['Insufficient example.com/gpu'] },
    { name: 'too many pods', requests: {}, pods: 2, want: ['Too many pods'] },
  ];
  for (const c of cases) {
    const bound = [used];
    if (c.pods === 2) bound.push(onNode(makePod('other', { requests: {} }), 'n1'));
    const h = harness([node], bound);
    const ni = h.snapshot.get('n1')!;
    assert.deepEqual(
      insufficientResources(podInfoOf(makePod('p', { requests: c.requests })), ni),
      c.want,
      c.name,
    );
    const plugin = newNodeResourcesFit(undefined, h.handle);
    const s = plugin.filter(new CycleState(), makePod('p', { requests: c.requests }), ni);
    assert.equal(s.code, c.want.length ? Code.Unschedulable : Code.Success, c.name);
    assert.deepEqual([...s.reasons], c.want, c.name);
  }
});

test('ignoredResources skips extended resources', () => {
  const h = harness([node]);
  const p = newNodeResourcesFit({ ignoredResources: ['example.com/gpu'] }, h.handle);
  assert.equal(
    p.filter(new CycleState(), makePod('p', { requests: { 'example.com/gpu': '5' } }), h.snapshot.get('n1')!)
      .code,
    Code.Success,
  );
});

test('pod requests: init containers, sidecars and overhead', () => {
  const pod = makePod('p', { requests: { cpu: '100m', memory: '100Mi' } });
  pod.spec.initContainers = [
    { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
    { name: 'init', resources: { requests: { cpu: '1', memory: '50Mi' } } },
  ];
  pod.spec.overhead = { cpu: '10m' };
  const r = podRequests(pod);
  // max(containers 100m + sidecar 200m, init 1000m + sidecar 200m) + overhead 10m
  assert.equal(r.milliCPU, 1210);
  assert.equal(r.memory, 100 * 1024 * 1024);
  const nz = podRequests(makePod('q', { requests: {} }), true);
  assert.deepEqual([nz.milliCPU, nz.memory], [100, 200 * 1024 * 1024]);
});

test('scores: LeastAllocated, MostAllocated, RequestedToCapacityRatio, BalancedAllocation', () => {
  const big = makeNode('big', { allocatable: { cpu: '4', memory: '4Gi' } });
  const small = makeNode('small', { allocatable: { cpu: '2', memory: '4Gi' } });
  const h = harness([big, small]);
  const pod = makePod('p', { requests: { cpu: '1', memory: '1Gi' } });
  const score = (args: Record<string, unknown> | undefined, n: string) =>
    newNodeResourcesFit(args, h.handle).score(new CycleState(), pod, h.snapshot.get(n)!);
  // least: cpu (4000-1000)*100/4000=75, mem 75 → 75; small: cpu 50, mem 75 → 62
  assert.equal(score(undefined, 'big'), 75);
  assert.equal(score(undefined, 'small'), 62);
  assert.equal(score({ scoringStrategy: { type: 'MostAllocated' } }, 'big'), 25);
  assert.equal(score({ scoringStrategy: { type: 'MostAllocated' } }, 'small'), 37);
  const shape = {
    type: 'RequestedToCapacityRatio',
    requestedToCapacityRatio: {
      shape: [
        { utilization: 0, score: 0 },
        { utilization: 100, score: 10 },
      ],
    },
  };
  assert.equal(score({ scoringStrategy: shape }, 'small'), 38);
  const bal = newBalancedAllocation(undefined, h.handle);
  // big: fractions .25/.25 → 100; small: .5/.25 → (1-.125)*100 = 87
  assert.equal(bal.score(new CycleState(), pod, h.snapshot.get('big')!), 100);
  assert.equal(bal.score(new CycleState(), pod, h.snapshot.get('small')!), 87);
  assert.throws(
    () => newNodeResourcesFit({ scoringStrategy: { type: 'Bogus' } }, h.handle),
    /Unsupported value/,
  );
});

test('brokenLinearFunction interpolates between shape points', () => {
  const f = brokenLinearFunction([
    { utilization: 10, score: 0 },
    { utilization: 50, score: 100 },
  ]);
  assert.deepEqual([0, 10, 30, 50, 90].map(f), [0, 0, 50, 100, 100]);
});
