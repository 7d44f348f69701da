import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import type { QuotaState } from './quota_check.js';
import { checkQuotaRequest, evaluatorFor } from './quota_check.js';
import { resourceListJSON, resourceListOf } from './resource_list.js';
import { quotaScopeRequirements } from './scopes.js';

const now = new Date('2026-01-01T00:00:00Z');
const quota = (name: string, hard: object, used: object, spec: object = {}): QuotaState => ({
  name,
  hard: resourceListOf(hard),
  used: resourceListOf(used),
  scopes: quotaScopeRequirements({ spec }),
});
const pod = (resources: object = {}, spec: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app', image: 'x', resources }], ...spec },
});
const pods = evaluatorFor('', 'pods');

test('checkQuotaRequest: refusals carry upstream text', () => {
  const cases: Array<[string, QuotaState[], KubeObject, string]> = [
    [
      'pods exhausted',
      [quota('q', { pods: '2' }, { pods: '2' })],
      pod(),
      'exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    ],
    [
      'cpu over only on the exceeded names',
      [quota('q', { pods: '10', 'requests.cpu': '1' }, { pods: '1', 'requests.cpu': '800m' })],
      pod({ requests: { cpu: '500m' } }),
      'exceeded quota: q, requested: requests.cpu=500m, used: requests.cpu=800m, limited: requests.cpu=1',
    ],
    [
      'missing limits',
      [
        quota(
          'q',
          { 'limits.cpu': '2', 'limits.memory': '1Gi' },
          { 'limits.cpu': '0', 'limits.memory': '0' },
        ),
      ],
      pod(),
      'failed quota: q: must specify limits.cpu for: app; limits.memory for: app',
    ],
    [
      'no usage yet',
      [quota('q', { pods: '2', 'count/pods': '3' }, {})],
      pod(),
      'status unknown for quota: q, resources: count/pods,pods',
    ],
  ];
  for (const [name, quotas, obj, message] of cases) {
    assert.deepEqual(
      checkQuotaRequest(quotas, { evaluator: pods, op: 'create', obj, now }),
      { ok: false, message },
      name,
    );
  }
});

test('checkQuotaRequest: admitted writes charge each covering quota', () => {
  const quotas = [
    quota('all', { pods: '5', configmaps: '1' }, { pods: '1', configmaps: '0' }),
    quota('be', { pods: '1' }, { pods: '0' }, { scopes: ['BestEffort'] }),
    quota('nbe', { pods: '1' }, { pods: '1' }, { scopes: ['NotBestEffort'] }),
    quota('cm', { configmaps: '3' }, { configmaps: '0' }),
  ];
  const r = checkQuotaRequest(quotas, { evaluator: pods, op: 'create', obj: pod(), now });
  assert.equal(r.ok, true);
  assert.ok(r.ok);
  assert.deepEqual([...r.used.keys()], ['all', 'be']);
  assert.deepEqual(resourceListJSON(r.used.get('all')!), { configmaps: '0', pods: '2' });
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
  const r2 = checkQuotaRequest(quotas, {
    evaluator: evaluatorFor('', 'configmaps'),
    op: 'create',
    obj: cm,
    now,
  });
  assert.ok(r2.ok);
  assert.deepEqual([...r2.used.keys()], ['all', 'cm']);
  // Object counts are charged on create only.
  const r3 = checkQuotaRequest(quotas, {
    evaluator: evaluatorFor('', 'configmaps'),
    op: 'update',
    obj: cm,
    now,
  });
  assert.deepEqual(r3, { ok: true, used: new Map() });
});

test('checkQuotaRequest: updates charge only the growth', () => {
  const svc = (type: string, rv = '5'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', resourceVersion: rv },
    spec: { type, ports: [{ port: 80 }] },
  });
  const q = [
    quota('q', { services: '1', 'services.nodeports': '0' }, { services: '1', 'services.nodeports': '0' }),
  ];
  const evaluator = evaluatorFor('', 'services');
  assert.deepEqual(
    checkQuotaRequest(q, { evaluator, op: 'update', obj: svc('ClusterIP'), old: svc('ClusterIP'), now }),
    {
      ok: true,
      used: new Map(),
    },
  );
  assert.deepEqual(
    checkQuotaRequest(q, { evaluator, op: 'update', obj: svc('NodePort'), old: svc('ClusterIP'), now }),
    {
      ok: false,
      message:
        'exceeded quota: q, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0',
    },
  );
});

test('checkQuotaRequest: the PriorityClass scope selector and count/<resource>.<group>', () => {
  const q = [
    quota(
      'high',
      { pods: '1' },
      { pods: '1' },
      {
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
        },
      },
    ),
  ];
  assert.equal(checkQuotaRequest(q, { evaluator: pods, op: 'create', obj: pod(), now }).ok, true);
  assert.equal(
    checkQuotaRequest(q, { evaluator: pods, op: 'create', obj: pod({}, { priorityClassName: 'high' }), now })
      .ok,
    false,
  );
  const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
  const dq = [quota('d', { 'count/deployments.apps': '1' }, { 'count/deployments.apps': '1' })];
  assert.deepEqual(
    checkQuotaRequest(dq, { evaluator: evaluatorFor('apps', 'deployments'), op: 'create', obj: deploy, now }),
    {
      ok: false,
      message:
        'exceeded quota: d, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    },
  );
});
