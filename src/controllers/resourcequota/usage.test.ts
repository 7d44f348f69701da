import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Pod } from '../../api/types/pod.js';
import type { Service } from '../../api/types/service.js';
import { countedResources } from './resource_quota_controller.js';
import { podQOS, podResources, quotaUsed } from './usage.js';

const NOW = Date.parse('2024-01-01T00:00:00Z');
const c = (
  requests?: Record<string, string>,
  limits?: Record<string, string>,
  extra: Partial<Container> = {},
): Container => ({
  name: 'c',
  resources: { requests, limits },
  ...extra,
});
const pod = (
  name: string,
  containers: Container[],
  spec: Partial<Pod['spec']> = {},
  status: Pod['status'] = { phase: 'Running' },
): Pod => ({
  metadata: { name, namespace: 'ns' },
  spec: { containers, ...spec },
  status,
});

test('podResources: containers summed, init containers as max, sidecars added, overhead', () => {
  const p = pod('p', [c({ cpu: '100m', memory: '64Mi' }), c({ cpu: '200m' })], {
    initContainers: [
      c({ cpu: '250m' }),
      c({ cpu: '50m' }, undefined, { restartPolicy: 'Always' }),
      c({ cpu: '400m' }),
    ],
    overhead: { cpu: '10m' },
  });
  const r = podResources(p, 'requests');
  assert.equal(r.get('cpu')!.toString(), '460m'); // max(100+200+50, 250, 50+400) + 10
  assert.equal(r.get('memory')!.toString(), '64Mi');
  assert.equal(podQOS(pod('b', [c()])), 'BestEffort');
  assert.equal(podQOS(pod('g', [c({ cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })])), 'Guaranteed');
  assert.equal(podQOS(pod('u', [c({ cpu: '1' })])), 'Burstable');
});

test('quotaUsed: every resource named in hard, scopes select pods only, terminal pods excluded', () => {
  const pods = [
    pod('a', [c({ cpu: '500m', memory: '1Gi', 'example.com/gpu': '1' }, { cpu: '1', memory: '1Gi' })]),
    pod('b', [c()], { activeDeadlineSeconds: 30, priorityClassName: 'high' }),
    pod('done', [c({ cpu: '4' })], {}, { phase: 'Succeeded' }),
    {
      ...pod('gone', [c({ cpu: '4' })]),
      metadata: {
        name: 'gone',
        namespace: 'ns',
        deletionTimestamp: '2023-12-31T23:00:00Z',
        deletionGracePeriodSeconds: 30,
      },
    },
  ];
  const services: Service[] = [
    { metadata: { name: 's1' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } },
    { metadata: { name: 's2' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
    { metadata: { name: 's3' }, spec: {} },
  ];
  const objs = {
    pods,
    services,
    persistentvolumeclaims: [
      {
        metadata: { name: 'v' },
        spec: { storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } },
      },
    ],
    counts: new Map([
      ['configmaps', 3],
      ['deployments.apps', 2],
    ]),
  };
  const hard = (names: string[]) => Object.fromEntries(names.map((n) => [n, '100']));
  assert.deepEqual(
    quotaUsed(
      {
        metadata: { name: 'q' },
        spec: {
          hard: hard([
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
          ]),
        },
      },
      objs,
      NOW,
    ),
    {
      pods: '2',
      'count/pods': '2',
      'requests.cpu': '500m',
      cpu: '500m',
      'limits.cpu': '1',
      'requests.memory': '1Gi',
      'limits.memory': '1Gi',
      'requests.example.com/gpu': '1',
      services: '3',
      'services.nodeports': '3',
      'services.loadbalancers': '1',
      persistentvolumeclaims: '1',
      'requests.storage': '10Gi',
      'fast.storageclass.storage.k8s.io/requests.storage': '10Gi',
      configmaps: '3',
      'count/deployments.apps': '2',
      secrets: '0',
    },
  );
  const scoped = (spec: object) =>
    quotaUsed({ metadata: { name: 'q' }, spec: { hard: hard(['pods', 'services']), ...spec } }, objs, NOW);
  assert.deepEqual(scoped({ scopes: ['Terminating'] }), { pods: '1', services: '0' });
  assert.deepEqual(scoped({ scopes: ['NotTerminating', 'NotBestEffort'] }), { pods: '1', services: '0' });
  assert.deepEqual(scoped({ scopes: ['BestEffort'] }), { pods: '1', services: '0' });
  assert.deepEqual(
    scoped({
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
    }),
    { pods: '1', services: '0' },
  );
  assert.deepEqual(
    countedResources(hard(['pods', 'count/pods', 'configmaps', 'count/secrets', 'count/jobs.batch', 'cpu'])),
    ['configmaps', 'secrets', 'jobs.batch'],
  );
});
