import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../../../test/fixtures/scheduler_harness.js';
import { makeNode } from '../../../test/fixtures/scheduler_objects.js';
import { normalizeConfig } from './config.js';
import { buildFramework } from './profile.js';
import { inTreeRegistry } from './registry.js';

const names = (l: { name: string }[]) => l.map((p) => p.name);

test('default profile: upstream plugins at each extension point with upstream weights', () => {
  const fwk = harness([makeNode('n')]).framework();
  const p = fwk.plugins;
  assert.equal(p.queueSort.name, 'PrioritySort');
  assert.deepEqual(names(p.preEnqueue), ['SchedulingGates']);
  assert.deepEqual(names(p.filter), [
    'NodeUnschedulable',
    'NodeName',
    'TaintToleration',
    'NodeAffinity',
    'NodePorts',
    'NodeResourcesFit',
    'VolumeBinding',
    'PodTopologySpread',
    'InterPodAffinity',
  ]);
  assert.deepEqual(names(p.postFilter), ['DefaultPreemption']);
  assert.deepEqual(
    p.score.map((s) => `${s.plugin.name}:${s.weight}`),
    [
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodeResourcesFit:1',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
    ],
  );
  assert.deepEqual(names(p.bind), ['DefaultBinder']);
});

test('profiles: disable, enable with weight, pluginConfig args, errors', () => {
  const h = harness([makeNode('n')]);
  const cfg = normalizeConfig({
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    profiles: [
      {
        schedulerName: 'packer',
        plugins: {
          score: { disabled: [{ name: '*' }], enabled: [{ name: 'NodeResourcesFit', weight: 5 }] },
          postFilter: { disabled: [{ name: 'DefaultPreemption' }] },
        },
        pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
      },
    ],
  });
  const fwk = buildFramework(cfg.profiles[0]!, inTreeRegistry(), h.handle, 0);
  assert.equal(fwk.profileName, 'packer');
  assert.deepEqual(
    fwk.plugins.score.map((s) => `${s.plugin.name}:${s.weight}`),
    ['NodeResourcesFit:5'],
  );
  assert.equal(fwk.plugins.postFilter.length, 0);
  assert.throws(
    () =>
      buildFramework(
        { schedulerName: 'x', plugins: { filter: { enabled: [{ name: 'Nope' }] } } },
        inTreeRegistry(),
        h.handle,
      ),
    /plugin "Nope" does not exist/,
  );
  assert.throws(
    () =>
      buildFramework(
        {
          schedulerName: 'x',
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'X' } } }],
        },
        inTreeRegistry(),
        h.handle,
      ),
    /initializing plugin "NodeResourcesFit"/,
  );
  assert.throws(
    () => normalizeConfig({ profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] }),
    /Duplicate value/,
  );
  assert.throws(() => normalizeConfig({ percentageOfNodesToScore: 101 }), /not in valid range/);
  assert.equal(
    normalizeConfig({ leaderElection: { leaseDuration: '30s' } }).leaderElection.leaseDurationMs,
    30_000,
  );
});
