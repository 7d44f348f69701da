/**
 * The built-in admission plugins through an in-process API server: LimitRanger, ResourceQuota,
 * ServiceAccount, Priority and DefaultTolerationSeconds, with upstream's Status codes and texts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InProcessApi } from '../fixtures/in_process_api.js';
import { startInProcessApi } from '../fixtures/in_process_api.js';

let srv: InProcessApi;
before(async () => {
  srv = await startInProcessApi();
});
after(() => srv.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pod = (name: string, spec: Json = {}, meta: Json = {}): Json => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...meta },
  spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
});

async function namespace(name: string, withAccount = true): Promise<void> {
  const r = await srv.request('POST', '/api/v1/namespaces', { metadata: { name } });
  assert.equal(r.code, 201, JSON.stringify(r.body));
  if (!withAccount) return;
  const sa = await srv.request('POST', `/api/v1/namespaces/${name}/serviceaccounts`, {
    metadata: { name: 'default' },
    imagePullSecrets: [{ name: 'regcred' }],
  });
  assert.equal(sa.code, 201, JSON.stringify(sa.body));
}

const createPod = (ns: string, p: Json, query = '') =>
  srv.request('POST', `/api/v1/namespaces/${ns}/pods${query}`, p);

function assertForbidden(r: { code: number; body: Json }, message: string): void {
  assert.equal(r.code, 403, JSON.stringify(r.body));
  assert.equal(r.body.reason, 'Forbidden');
  assert.equal(r.body.message, message);
}

describe('ServiceAccount, Priority and DefaultTolerationSeconds', () => {
  test('a pod without its service account is refused; with it, the pod is completed', async () => {
    await namespace('sa-missing', false);
    assertForbidden(
      await createPod('sa-missing', pod('p')),
      'pods "p" is forbidden: error looking up service account sa-missing/default: serviceaccount "default" not found',
    );
    assertForbidden(
      await createPod('sa-missing', pod('', { serviceAccountName: 'robot' }, { generateName: 'web-' })),
      'pods "web-" is forbidden: error looking up service account sa-missing/robot: serviceaccount "robot" not found',
    );
    await namespace('sa-ok');
    const r = await createPod('sa-ok', pod('p'));
    assert.equal(r.code, 201, JSON.stringify(r.body));
    const spec = r.body.spec as Json;
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.serviceAccount, 'default');
    assert.deepEqual(spec.imagePullSecrets, [{ name: 'regcred' }]);
    assert.equal(spec.priority, 0);
    assert.equal(spec.preemptionPolicy, 'PreemptLowerPriority');
    assert.deepEqual(spec.tolerations, [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const tolerant = await createPod('sa-ok', pod('t', { tolerations: [{ operator: 'Exists' }] }));
    assert.deepEqual((tolerant.body.spec as Json).tolerations, [{ operator: 'Exists' }]);
  });

  test('priority classes: system ones exist, names resolve, unknown and contradicting pods are refused', async () => {
    await namespace('prio');
    const pcs = await srv.request('GET', '/apis/scheduling.k8s.io/v1/priorityclasses');
    const byName = Object.fromEntries((pcs.body.items as Json[]).map((pc) => [pc.metadata.name, pc.value]));
    assert.deepEqual(byName, { 'system-cluster-critical': 2000000000, 'system-node-critical': 2000001000 });
    const critical = await createPod('prio', pod('c', { priorityClassName: 'system-node-critical' }));
    assert.equal((critical.body.spec as Json).priority, 2000001000);
    assertForbidden(
      await createPod('prio', pod('x', { priorityClassName: 'nope' })),
      'pods "x" is forbidden: no PriorityClass with name nope was found',
    );
    const pc = (name: string, value: number, globalDefault = false, extra: Json = {}) =>
      srv.request('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
        metadata: { name },
        value,
        globalDefault,
        ...extra,
      });
    assert.equal((await pc('low', 10, true, { preemptionPolicy: 'Never' })).code, 201);
    assertForbidden(
      await pc('other', 20, true),
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass low is already marked as default. Only one default can exist',
    );
    const defaulted = await createPod('prio', pod('d'));
    const spec = defaulted.body.spec as Json;
    assert.deepEqual([spec.priorityClassName, spec.priority, spec.preemptionPolicy], ['low', 10, 'Never']);
    assertForbidden(
      await createPod('prio', pod('e', { priorityClassName: 'system-node-critical', priority: 5 })),
      'pods "e" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000001000 from the given PriorityClass name',
    );
    await srv.request('DELETE', '/apis/scheduling.k8s.io/v1/priorityclasses/low');
    assertForbidden(
      await srv.request('DELETE', '/apis/scheduling.k8s.io/v1/priorityclasses/system-node-critical'),
      'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    );
  });
});

describe('LimitRanger', () => {
  test('defaults fill containers and are annotated; bounds refuse with upstream text', async () => {
    await namespace('limits');
    const lr = await srv.request('POST', '/api/v1/namespaces/limits/limitranges', {
      metadata: { name: 'lr' },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '500m', memory: '256Mi' },
            defaultRequest: { cpu: '100m', memory: '64Mi' },
            max: { cpu: '1' },
            min: { memory: '32Mi' },
          },
          { type: 'Pod', max: { memory: '1Gi' } },
        ],
      },
    });
    assert.equal(lr.code, 201, JSON.stringify(lr.body));
    const r = await createPod('limits', pod('p', { initContainers: [{ name: 'init', image: 'busybox' }] }));
    assert.equal(r.code, 201, JSON.stringify(r.body));
    const c = (r.body.spec as Json).containers[0] as Json;
    assert.deepEqual(c.resources, {
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '100m', memory: '64Mi' },
    });
    assert.equal(
      (r.body.metadata as Json).annotations['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; cpu, memory request for init container init; cpu, memory limit for init container init',
    );
    assert.equal((r.body.status as Json).qosClass, 'Burstable');
    assertForbidden(
      await createPod(
        'limits',
        pod('big', { containers: [{ name: 'app', image: 'x', resources: { limits: { cpu: '2' } } }] }),
      ),
      'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    assertForbidden(
      await createPod(
        'limits',
        pod('two', {
          containers: [
            {
              name: 'a',
              image: 'x',
              resources: { requests: { memory: '16Mi' }, limits: { memory: '800Mi' } },
            },
            { name: 'b', image: 'x', resources: { limits: { memory: '800Mi' } } },
          ],
        }),
      ),
      'pods "two" is forbidden: [minimum memory usage per Container is 32Mi, but request is 16Mi, maximum memory usage per Pod is 1Gi, but limit is 1600Mi]',
    );
  });

  test('claims are bounded by PersistentVolumeClaim limits', async () => {
    await namespace('pvc-limits', false);
    await srv.request('POST', '/api/v1/namespaces/pvc-limits/limitranges', {
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1Gi' } }] },
    });
    const claim = (name: string, storage: string) =>
      srv.request('POST', '/api/v1/namespaces/pvc-limits/persistentvolumeclaims', {
        metadata: { name },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
      });
    assert.equal((await claim('ok', '1Gi')).code, 201);
    assertForbidden(
      await claim('huge', '5Gi'),
      'persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
    );
  });
});

describe('ResourceQuota', () => {
  const quota = (ns: string, name: string, spec: Json) =>
    srv.request('POST', `/api/v1/namespaces/${ns}/resourcequotas`, { metadata: { name }, spec });
  const used = async (ns: string, name: string) =>
    ((await srv.request('GET', `/api/v1/namespaces/${ns}/resourcequotas/${name}`)).body.status as Json)?.used;

  test('pods beyond the quota are refused and usage is recorded', async () => {
    await namespace('quota');
    await createPod('quota', pod('before'));
    assert.equal((await quota('quota', 'q', { hard: { pods: '3', configmaps: '1' } })).code, 201);
    assert.equal((await createPod('quota', pod('p2'))).code, 201);
    // Dry runs are checked but charge nothing.
    assert.equal((await createPod('quota', pod('dry'), '?dryRun=All')).code, 201);
    assert.equal((await createPod('quota', pod('p3'))).code, 201);
    assert.deepEqual(await used('quota', 'q'), { pods: '3' });
    assertForbidden(
      await createPod('quota', pod('p4')),
      'pods "p4" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3',
    );
    const cm = (name: string) =>
      srv.request('POST', '/api/v1/namespaces/quota/configmaps', { metadata: { name } });
    assert.equal((await cm('c1')).code, 201);
    assertForbidden(
      await cm('c2'),
      'configmaps "c2" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
  });

  test('compute quotas require requests and limits; scopes select the pods they charge', async () => {
    await namespace('compute');
    await quota('compute', 'cpu', { hard: { 'limits.cpu': '1', 'requests.memory': '1Gi' } });
    await quota('compute', 'besteffort', { hard: { pods: '1' }, scopes: ['BestEffort'] });
    const sized = (name: string, cpu: string) =>
      pod(name, {
        containers: [
          {
            name: 'app',
            image: 'x',
            resources: { requests: { memory: '100Mi' }, limits: { cpu, memory: '100Mi' } },
          },
        ],
      });
    assertForbidden(
      await createPod(
        'compute',
        pod('bare', {
          containers: [
            { name: 'app', image: 'x' },
            { name: 'side', image: 'x' },
          ],
        }),
      ),
      'pods "bare" is forbidden: failed quota: cpu: must specify limits.cpu for: app,side; requests.memory for: app,side',
    );
    assert.equal((await createPod('compute', sized('a', '600m'))).code, 201);
    assertForbidden(
      await createPod('compute', sized('b', '600m')),
      'pods "b" is forbidden: exceeded quota: cpu, requested: limits.cpu=600m, used: limits.cpu=600m, limited: limits.cpu=1',
    );
    assert.deepEqual(await used('compute', 'cpu'), { 'limits.cpu': '600m', 'requests.memory': '100Mi' });
    assert.equal(await used('compute', 'besteffort'), undefined);
  });

  test('concurrent creates cannot both pass the limit', async () => {
    await namespace('race');
    await quota('race', 'q', { hard: { 'count/secrets': '3' } });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        srv.request('POST', '/api/v1/namespaces/race/secrets', { metadata: { name: `s${i}` } }),
      ),
    );
    assert.equal(results.filter((r) => r.code === 201).length, 3);
    assert.equal(results.filter((r) => r.code === 403).length, 5);
    assert.deepEqual(await used('race', 'q'), { 'count/secrets': '3' });
  });

  test('service updates are charged for the node ports they add', async () => {
    await namespace('svc', false);
    await quota('svc', 'q', { hard: { 'services.nodeports': '0' } });
    const created = await srv.request('POST', '/api/v1/namespaces/svc/services', {
      metadata: { name: 's' },
      spec: { ports: [{ port: 80 }] },
    });
    assert.equal(created.code, 201);
    const r = await srv.request(
      'PATCH',
      '/api/v1/namespaces/svc/services/s',
      { spec: { type: 'NodePort' } },
      'application/merge-patch+json',
    );
    assertForbidden(
      r,
      'services "s" is forbidden: exceeded quota: q, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0',
    );
  });
});
