import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { podConstraints, podMatchesScope, podUsage } from './pod_evaluator.js';
import { podLimits, podRequests } from './pod_resources.js';
import { resourceListJSON } from './resource_list.js';
import { pvcUsage, serviceUsage } from './service_pvc_evaluators.js';

const c = (name: string, requests?: object, limits?: object, extra: object = {}) => ({
  name,
  image: 'x',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});
const pod = (spec: object, meta: object = {}, status: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...meta },
  spec,
  status,
});
const now = new Date('2026-01-01T00:00:00Z');

test('podRequests and podLimits: containers summed, init containers as a floor, sidecars added', () => {
  const cases: Array<[string, object, Record<string, string>, Record<string, string>]> = [
    [
      'two containers',
      { containers: [c('a', { cpu: '100m' }, { cpu: '1' }), c('b', { cpu: '200m', memory: '1Gi' })] },
      { cpu: '300m', memory: '1Gi' },
      { cpu: '1' },
    ],
    [
      'a big init container',
      { containers: [c('a', { cpu: '100m' })], initContainers: [c('i', { cpu: '2' })] },
      { cpu: '2' },
      {},
    ],
    [
      'a sidecar counts in the total and during later inits',
      {
        containers: [c('a', { cpu: '100m' })],
        initContainers: [
          c('s', { cpu: '500m' }, undefined, { restartPolicy: 'Always' }),
          c('i', { cpu: '1' }),
        ],
      },
      { cpu: '1500m' },
      {},
    ],
    [
      'overhead on requests and on set limits',
      { containers: [c('a', { cpu: '1' }, { cpu: '2' })], overhead: { cpu: '100m', memory: '10Mi' } },
      { cpu: '1100m', memory: '10Mi' },
      { cpu: '2100m' },
    ],
  ];
  for (const [name, spec, req, lim] of cases) {
    assert.deepEqual(resourceListJSON(podRequests(spec)), req, name);
    assert.deepEqual(resourceListJSON(podLimits(spec)), lim, name);
  }
});

test('podUsage: compute resources while charged, count/pods always', () => {
  const spec = { containers: [c('a', { cpu: '100m', memory: '64Mi' }, { cpu: '200m' })] };
  assert.deepEqual(resourceListJSON(podUsage(pod(spec), now)), {
    'count/pods': '1',
    cpu: '100m',
    'limits.cpu': '200m',
    memory: '64Mi',
    pods: '1',
    'requests.cpu': '100m',
    'requests.memory': '64Mi',
  });
  assert.deepEqual(resourceListJSON(podUsage(pod(spec, {}, { phase: 'Succeeded' }), now)), {
    'count/pods': '1',
  });
  const expired = { deletionTimestamp: '2025-12-31T23:00:00Z', deletionGracePeriodSeconds: 30 };
  assert.deepEqual(resourceListJSON(podUsage(pod(spec, expired), now)), { 'count/pods': '1' });
  const pending = { deletionTimestamp: '2025-12-31T23:59:50Z', deletionGracePeriodSeconds: 30 };
  assert.equal(podUsage(pod(spec, pending), now).get('pods')?.toString(), '1');
  const huge = { containers: [c('a', { 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1' })] };
  const usage = resourceListJSON(podUsage(pod(huge), now));
  assert.equal(usage['hugepages-2Mi'], '4Mi');
  assert.equal(usage['requests.hugepages-2Mi'], '4Mi');
  assert.equal(usage['requests.example.com/gpu'], '1');
});

test('podConstraints: upstream text naming each missing resource and container', () => {
  const spec = {
    containers: [c('b', { cpu: '1' }), c('a')],
    initContainers: [c('i', { cpu: '1' }, { cpu: '1' })],
  };
  assert.equal(
    podConstraints(['limits.cpu', 'pods', 'requests.cpu'], spec),
    'must specify limits.cpu for: a,b; requests.cpu for: a',
  );
  assert.equal(podConstraints(['pods', 'count/pods'], spec), null);
});

test('podMatchesScope: every pod scope, the recorded QoS class first', () => {
  const be = pod({ containers: [c('a')] });
  const burst = pod({
    containers: [c('a', { cpu: '1' })],
    activeDeadlineSeconds: 10,
    priorityClassName: 'high',
  });
  const cross = pod({
    containers: [c('a')],
    affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ['x'] }] } },
  });
  const s = (scopeName: string, operator = 'Exists', values: string[] = []) => ({
    scopeName,
    operator,
    values,
  });
  const cases: Array<[ReturnType<typeof s>, KubeObject, boolean]> = [
    [s('BestEffort'), be, true],
    [s('BestEffort'), burst, false],
    [s('NotBestEffort'), burst, true],
    [s('Terminating'), burst, true],
    [s('Terminating'), be, false],
    [s('NotTerminating'), be, true],
    [s('PriorityClass'), burst, true],
    [s('PriorityClass'), be, false],
    [s('PriorityClass', 'In', ['high', 'low']), burst, true],
    [s('PriorityClass', 'In', ['low']), burst, false],
    [s('PriorityClass', 'NotIn', ['low']), be, true],
    [s('PriorityClass', 'DoesNotExist'), be, true],
    [s('CrossNamespacePodAffinity'), cross, true],
    [s('CrossNamespacePodAffinity'), be, false],
    [s('BestEffort'), pod({ containers: [c('a')] }, {}, { qosClass: 'Burstable' }), false],
    [s('NotBestEffort'), pod({ containers: [c('a', { cpu: '1' })] }, {}, { qosClass: 'BestEffort' }), false],
  ];
  for (const [req, p, want] of cases) assert.equal(podMatchesScope(req, p), want, JSON.stringify(req));
});

test('serviceUsage and pvcUsage (the beta class annotation before spec.storageClassName)', () => {
  const ports = [{ port: 80 }, { port: 443 }];
  assert.deepEqual(resourceListJSON(serviceUsage({ spec: { type: 'ClusterIP', ports } })), {
    'count/services': '1',
    services: '1',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  });
  assert.equal(
    serviceUsage({ spec: { type: 'NodePort', ports } })
      .get('services.nodeports')
      ?.toString(),
    '2',
  );
  const lb = serviceUsage({
    spec: {
      type: 'LoadBalancer',
      allocateLoadBalancerNodePorts: false,
      ports: [{ port: 1, nodePort: 30001 }, { port: 2 }],
    },
  });
  assert.equal(lb.get('services.nodeports')?.toString(), '1');
  assert.equal(lb.get('services.loadbalancers')?.toString(), '1');
  assert.deepEqual(
    resourceListJSON(
      pvcUsage({ spec: { storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } } }),
    ),
    {
      'count/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/requests.storage': '5Gi',
      persistentvolumeclaims: '1',
      'requests.storage': '5Gi',
    },
  );
  const annotated = pvcUsage({
    metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
    spec: { storageClassName: 'fast' },
  });
  assert.equal(annotated.get('old.storageclass.storage.k8s.io/persistentvolumeclaims')?.toString(), '1');
  assert.equal(annotated.has('fast.storageclass.storage.k8s.io/persistentvolumeclaims'), false);
});
