import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { Quantity } from '../quantity.js';
import type { ListedObjects } from './namespace_usage.js';
import { calculateUsage, quotaEvaluators, quotaStatusUsed, usageStats } from './namespace_usage.js';
import { podEvaluator } from './pod_evaluator.js';
import type { ResourceList } from './resource_list.js';
import { resourceListJSON, resourceListOf } from './resource_list.js';
import type { ScopeRequirement } from './scopes.js';
import { quotaScopeRequirements } from './scopes.js';

const NOW = new Date('2024-01-01T00:00:00Z');
const obj = (kind: string, name: string, spec: object = {}, status: object = {}, meta: object = {}) =>
  ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'ns', ...meta }, spec, status }) as KubeObject;
const c = (requests?: object, limits?: object) => ({
  name: 'c',
  image: 'x',
  resources: { requests, limits },
});

const pods = [
  obj('Pod', 'a', {
    containers: [c({ cpu: '500m', memory: '1Gi', 'example.com/gpu': '1' }, { cpu: '1', memory: '1Gi' })],
  }),
  obj('Pod', 'b', { containers: [c()], activeDeadlineSeconds: 30, priorityClassName: 'high' }),
  obj('Pod', 'done', { containers: [c({ cpu: '4' })] }, { phase: 'Succeeded' }),
  obj(
    'Pod',
    'gone',
    { containers: [c({ cpu: '4' })] },
    {},
    { deletionTimestamp: '2023-12-31T23:00:00Z', deletionGracePeriodSeconds: 30 },
  ),
];
const objects: Record<string, KubeObject[]> = {
  pods,
  services: [
    obj('Service', 's1', { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] }),
    obj('Service', 's2', { type: 'LoadBalancer', ports: [{ port: 80 }] }),
    obj('Service', 's3', {}),
  ],
  persistentvolumeclaims: [
    obj('PersistentVolumeClaim', 'v', {
      storageClassName: 'fast',
      resources: { requests: { storage: '10Gi' } },
    }),
  ],
  configmaps: [obj('ConfigMap', 'c1'), obj('ConfigMap', 'c2'), obj('ConfigMap', 'c3')],
  secrets: [],
  'deployments.apps': [obj('Deployment', 'd1'), obj('Deployment', 'd2')],
};

/** The namespace's objects for the quota's evaluators; resources missing from `objects` are not served. */
function listedFor(hardNames: string[]): ListedObjects[] {
  return quotaEvaluators(hardNames).flatMap((evaluator) => {
    const found = objects[evaluator.group ? `${evaluator.resource}.${evaluator.group}` : evaluator.resource];
    return found ? [{ evaluator, objects: found }] : [];
  });
}
const usage = (hardNames: string[], scopes: ScopeRequirement[] = []) =>
  resourceListJSON(calculateUsage(hardNames, scopes, listedFor(hardNames), NOW));

test('quotaEvaluators: one evaluator per charged resource, untracked names left out', () => {
  const names = ['pods', 'count/pods', 'configmaps', 'count/secrets', 'count/jobs.batch', 'cpu'];
  const got = quotaEvaluators([...names, 'requests.storage', 'foo', 'count/']).map((e) =>
    e.group ? `${e.resource}.${e.group}` : e.resource,
  );
  assert.deepEqual(got, ['pods', 'persistentvolumeclaims', 'configmaps', 'secrets', 'jobs.batch']);
  assert.deepEqual(quotaEvaluators(['foo', 'limits.example.com/gpu']), []);
});

test('calculateUsage: every tracked hard name, terminal pods keep only count/pods', () => {
  assert.deepEqual(
    usage([
      'pods',
      'count/pods',
      'requests.cpu',
      'cpu',
      'limits.cpu',
      'requests.memory',
      'limits.memory',
      'requests.example.com/gpu',
      'services',
      'services.nodeports',
      'services.loadbalancers',
      'persistentvolumeclaims',
      'requests.storage',
      'fast.storageclass.storage.k8s.io/requests.storage',
      'configmaps',
      'count/deployments.apps',
      'secrets',
      'count/widgets.example.com',
      'foo',
    ]),
    {
      configmaps: '3',
      'count/deployments.apps': '2',
      'count/pods': '4',
      cpu: '500m',
      'fast.storageclass.storage.k8s.io/requests.storage': '10Gi',
      'limits.cpu': '1',
      'limits.memory': '1Gi',
      persistentvolumeclaims: '1',
      pods: '2',
      'requests.cpu': '500m',
      'requests.example.com/gpu': '1',
      'requests.memory': '1Gi',
      'requests.storage': '10Gi',
      secrets: '0',
      services: '3',
      'services.loadbalancers': '1',
      'services.nodeports': '3',
    },
  );
});

test('calculateUsage: scopes select pods; other kinds match no scope and count zero', () => {
  const scoped = (spec: object) =>
    usage(['pods', 'count/pods', 'services', 'configmaps'], quotaScopeRequirements({ spec }));
  const counts = (pods: string, all: string) => ({ configmaps: '0', 'count/pods': all, pods, services: '0' });
  assert.deepEqual(scoped({ scopes: ['Terminating'] }), counts('1', '1'));
  assert.deepEqual(scoped({ scopes: ['NotTerminating', 'NotBestEffort'] }), counts('1', '3'));
  assert.deepEqual(scoped({ scopes: ['BestEffort'] }), counts('1', '1'));
  const byClass = (operator: string, values: string[]) =>
    scoped({ scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator, values }] } });
  assert.deepEqual(byClass('In', ['high']), counts('1', '1'));
  assert.deepEqual(byClass('NotIn', ['high']), counts('1', '3'));
  assert.deepEqual(byClass('In', ['']), counts('0', '0'));
});

test('usageStats: zero for each named resource, plus the matching objects', () => {
  const stats = usageStats(podEvaluator, pods, [], ['pods', 'requests.cpu', 'limits.memory'], NOW);
  assert.equal(stats.get('pods')?.toString(), '2');
  assert.equal(stats.get('limits.memory')?.toString(), '1Gi');
  assert.equal(stats.get('count/pods')?.toString(), '4');
  const none = usageStats(podEvaluator, [], [], ['pods', 'requests.cpu'], NOW);
  assert.deepEqual(resourceListJSON(none), { pods: '0', 'requests.cpu': '0' });
});

test('quotaStatusUsed: new usage replaces the recorded, kept to the hard names', () => {
  const recorded = resourceListOf({ pods: '5', foo: '1', gone: '2' });
  const computed: ResourceList = new Map([['pods', Quantity.fromValue(1)]]);
  assert.deepEqual(resourceListJSON(quotaStatusUsed(recorded, computed, ['pods', 'foo', 'bar'])), {
    foo: '1',
    pods: '1',
  });
});
