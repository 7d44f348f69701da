import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Namespace } from '../../api/types/cluster.js';
import { FakeClock } from '../../client/clock.js';
import type { DiscoveredResource, DiscoveryResult } from './api_discovery.js';
import { deletableResources, discoveryFailureMessage, parseGroupVersion } from './api_discovery.js';
import { updatedConditions } from './namespace_conditions.js';
import type { NamespaceApi } from './namespace_controller.js';
import { NamespaceReconciler } from './namespace_controller.js';
import type { NamespaceContentApi } from './namespaced_resources_deleter.js';
import { deleteAllContent, estimatePodTermination } from './namespaced_resources_deleter.js';

const res = (
  resource: string,
  group = '',
  verbs = ['list', 'delete', 'deletecollection'],
): DiscoveredResource => ({
  group,
  version: 'v1',
  resource,
  kind: resource,
  namespaced: true,
  verbs,
});
const obj = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', ...extra },
});

/** An in-memory API: objects per resource; objects with finalizers only get a deletionTimestamp. */
class FakeContent implements NamespaceContentApi {
  writes: string[] = [];
  constructor(
    readonly store: Map<string, KubeObject[]>,
    readonly resources: DiscoveredResource[],
    readonly failed = new Map<string, string>(),
    readonly failing = new Set<string>(),
  ) {}
  discover(): Promise<DiscoveryResult> {
    return Promise.resolve({ resources: this.resources, failed: this.failed, unparsable: [] });
  }
  list(t: DiscoveredResource): Promise<KubeObject[]> {
    return Promise.resolve(this.store.get(t.resource) ?? []);
  }
  private remove(t: DiscoveredResource, name?: string) {
    if (this.failing.has(t.resource))
      throw new StatusError(500, 'InternalError', `${t.resource} cannot be deleted`);
    const kept = (this.store.get(t.resource) ?? []).flatMap((o) => {
      if (name !== undefined && o.metadata.name !== name) return [o];
      if (o.metadata.finalizers?.length)
        return [{ ...o, metadata: { ...o.metadata, deletionTimestamp: 'x' } }];
      return [];
    });
    this.store.set(t.resource, kept);
  }
  deleteCollection(t: DiscoveredResource): Promise<void> {
    this.writes.push(`deletecollection ${t.resource}`);
    return Promise.resolve().then(() => this.remove(t));
  }
  delete(t: DiscoveredResource, _ns: string, name: string): Promise<void> {
    this.writes.push(`delete ${t.resource}/${name}`);
    return Promise.resolve().then(() => this.remove(t, name));
  }
}

class FakeNamespaces implements NamespaceApi {
  writes: string[] = [];
  constructor(public ns: Namespace | undefined) {}
  get(): Promise<Namespace> {
    if (!this.ns) return Promise.reject(new StatusError(404, 'NotFound', 'not found'));
    return Promise.resolve(structuredClone(this.ns));
  }
  updateStatus(o: Namespace): Promise<Namespace> {
    this.writes.push('status');
    this.ns = structuredClone(o);
    return Promise.resolve(o);
  }
  updateSubresource<R>(_ns: string, _name: string, sub: string, body: unknown): Promise<R> {
    this.writes.push(sub);
    this.ns = structuredClone(body as Namespace);
    return Promise.resolve(body as R);
  }
}

const terminating = (): Namespace => ({
  metadata: { name: 'ns', deletionTimestamp: '2024-01-01T00:00:00Z' },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Terminating' },
});

test('discovery helpers: group versions, deletable namespaced resources, failure message', () => {
  assert.deepEqual(parseGroupVersion('apps/v1'), { group: 'apps', version: 'v1' });
  assert.deepEqual(parseGroupVersion('v1'), { group: '', version: 'v1' });
  assert.equal(parseGroupVersion('a/b/c'), undefined);
  const rs = deletableResources({
    groupVersion: 'example.com/v1',
    resources: [
      { name: 'widgets', namespaced: true, kind: 'Widget', verbs: ['delete', 'list'] },
      { name: 'widgets/status', namespaced: true, kind: 'Widget', verbs: ['get'] },
      { name: 'gadgets', namespaced: false, kind: 'Gadget', verbs: ['delete'] },
      { name: 'reviews', namespaced: true, kind: 'Review', verbs: ['create'] },
    ],
  });
  assert.deepEqual(
    rs?.map((r) => `${r.resource}.${r.group}/${r.version}`),
    ['widgets.example.com/v1'],
  );
  assert.equal(
    discoveryFailureMessage(
      new Map([['metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request']]),
    ),
    'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
  );
});

test('deleteAllContent: deletecollection or one by one; remaining content and finalizers counted', async () => {
  const cases: {
    name: string;
    store: Record<string, KubeObject[]>;
    resources: DiscoveredResource[];
    writes: string[];
    estimate: number;
    remaining?: [string, number][];
    finalizers?: [string, number][];
    errors?: number;
  }[] = [
    {
      name: 'empty namespace',
      store: {},
      resources: [res('configmaps')],
      writes: ['deletecollection configmaps'],
      estimate: 0,
    },
    {
      name: 'no deletecollection: one by one',
      store: { widgets: [obj('a'), obj('b')] },
      resources: [res('widgets', 'example.com', ['list', 'delete'])],
      writes: ['delete widgets/a', 'delete widgets/b'],
      estimate: 0,
    },
    {
      name: 'finalizers hold objects: 15 s estimate',
      store: { widgets: [obj('a', { finalizers: ['example.com/keep'] }), obj('b')] },
      resources: [res('widgets', 'example.com')],
      writes: ['deletecollection widgets'],
      estimate: 15,
      remaining: [['widgets.example.com', 1]],
      finalizers: [['example.com/keep', 1]],
    },
    {
      name: 'pods: their grace period is the estimate',
      store: {
        pods: [
          {
            metadata: { name: 'p', namespace: 'ns', finalizers: ['f'] },
            spec: { containers: [], terminationGracePeriodSeconds: 7 },
          } as KubeObject,
        ],
      },
      resources: [res('pods')],
      writes: ['deletecollection pods'],
      estimate: 7,
      remaining: [['pods.', 1]],
      finalizers: [['f', 1]],
    },
    {
      name: 'a failing resource is reported',
      store: { secrets: [obj('s')] },
      resources: [res('secrets')],
      writes: ['deletecollection secrets'],
      estimate: 0,
      errors: 1,
    },
  ];
  for (const c of cases) {
    const api = new FakeContent(
      new Map(Object.entries(c.store)),
      c.resources,
      new Map(),
      new Set(c.errors ? ['secrets'] : []),
    );
    const pass = await deleteAllContent(api, 'ns');
    assert.deepEqual(api.writes, c.writes, c.name);
    assert.equal(pass.estimateSeconds, c.estimate, c.name);
    assert.deepEqual([...pass.remaining], c.remaining ?? [], c.name);
    assert.deepEqual([...pass.finalizersRemaining], c.finalizers ?? [], c.name);
    assert.equal(pass.contentErrors.length, c.errors ?? 0, c.name);
  }
  assert.equal(
    estimatePodTermination([
      { metadata: {}, spec: { containers: [] } },
      {
        metadata: {},
        spec: { containers: [], terminationGracePeriodSeconds: 90 },
        status: { phase: 'Failed' },
      },
    ]),
    30,
  );
});

test('conditions: upstream reasons and messages; lastTransitionTime moves only on status change', () => {
  const outcome = {
    contentErrors: ['b failed', 'a failed'],
    remaining: new Map([
      ['widgets.example.com', 2],
      ['pods.', 1],
    ]),
    finalizersRemaining: new Map([['example.com/keep', 2]]),
    discoveryError: 'Discovery failed for some groups, 1 failing: x',
  };
  const first = updatedConditions([], outcome, 'T1')!;
  const by = (t: string) => first.find((c) => c.type === t)!;
  assert.equal(first.length, 5);
  assert.deepEqual(by('NamespaceContentRemaining'), {
    type: 'NamespaceContentRemaining',
    status: 'True',
    reason: 'SomeResourcesRemain',
    message:
      'Some resources are remaining: pods. has 1 resource instances, widgets.example.com has 2 resource instances',
    lastTransitionTime: 'T1',
  });
  assert.equal(
    by('NamespaceFinalizersRemaining').message,
    'Some content in the namespace has finalizers remaining: example.com/keep in 2 resource instances',
  );
  assert.equal(
    by('NamespaceDeletionContentFailure').message,
    'Failed to delete all resource types, 2 remaining: a failed, b failed',
  );
  assert.equal(by('NamespaceDeletionDiscoveryFailure').reason, 'DiscoveryFailed');
  assert.deepEqual(
    { ...by('NamespaceDeletionGroupVersionParsingFailure') },
    {
      type: 'NamespaceDeletionGroupVersionParsingFailure',
      status: 'False',
      reason: 'ParsedGroupVersions',
      message: 'All legacy kube types successfully parsed',
      lastTransitionTime: 'T1',
    },
  );
  assert.equal(updatedConditions(first, outcome, 'T2'), undefined, 'unchanged');
  const done = updatedConditions(
    first,
    { contentErrors: [], remaining: new Map(), finalizersRemaining: new Map() },
    'T3',
  )!;
  const remaining = done.find((c) => c.type === 'NamespaceContentRemaining')!;
  assert.deepEqual(
    [remaining.status, remaining.reason, remaining.message, remaining.lastTransitionTime],
    ['False', 'ContentRemoved', 'All content successfully removed', 'T3'],
  );
  assert.equal(
    done.find((c) => c.type === 'NamespaceDeletionGroupVersionParsingFailure')!.lastTransitionTime,
    'T1',
  );
});

test('reconciler: empties the namespace, sets conditions, then finalizes; requeues while content remains', async () => {
  const clock = new FakeClock();
  const store = new Map<string, KubeObject[]>([
    ['configmaps', [obj('c')]],
    ['widgets', [obj('w', { finalizers: ['example.com/keep'] })]],
  ]);
  const content = new FakeContent(store, [res('configmaps'), res('widgets', 'example.com')]);
  const nss = new FakeNamespaces(terminating());
  const r = new NamespaceReconciler(nss, content, clock);
  assert.deepEqual(await r.reconcile({ namespace: '', name: 'ns' }), { requeueAfterMs: 8000 });
  assert.deepEqual(nss.writes, ['status']);
  assert.equal(
    nss.ns!.status!.conditions!.find((c) => c.type === 'NamespaceFinalizersRemaining')!.status,
    'True',
  );
  store.set('widgets', []);
  await r.reconcile({ namespace: '', name: 'ns' });
  assert.deepEqual(nss.writes, ['status', 'status', 'finalize']);
  assert.deepEqual(nss.ns!.spec!.finalizers, []);
  // Not terminating, or already finalized: nothing to do; gone: nothing either.
  for (const ns of [
    { metadata: { name: 'ns' } },
    { ...terminating(), spec: { finalizers: [] } },
    undefined,
  ] as (Namespace | undefined)[]) {
    const api = new FakeNamespaces(ns);
    const c = new FakeContent(new Map(), [res('configmaps')]);
    await new NamespaceReconciler(api, c, clock).reconcile({ namespace: '', name: 'ns' });
    assert.deepEqual([...api.writes, ...c.writes], []);
  }
});

test('reconciler: failures throw (retry with backoff) after recording the conditions', async () => {
  const content = new FakeContent(
    new Map([['secrets', [obj('s')]]]),
    [res('secrets')],
    new Map([['metrics.k8s.io/v1beta1', 'unavailable']]),
    new Set(['secrets']),
  );
  const nss = new FakeNamespaces(terminating());
  await assert.rejects(
    new NamespaceReconciler(nss, content, new FakeClock()).reconcile({ namespace: '', name: 'ns' }),
    /secrets cannot be deleted/,
  );
  const conds = nss.ns!.status!.conditions!;
  assert.equal(conds.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')!.status, 'True');
  assert.equal(
    conds.find((c) => c.type === 'NamespaceDeletionContentFailure')!.reason,
    'ContentDeletionFailed',
  );
  assert.deepEqual(nss.writes, ['status']);
});
