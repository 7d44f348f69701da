import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiResponse, TestApi } from '../crd/testing_api.js';
import { startTestApi } from '../crd/testing_api.js';

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const MERGE = { 'content-type': 'application/merge-patch+json' };
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

const pod = (name: string, container: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox', ...container }] },
  ...extra,
});

const deployment = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
  },
});

const warnings = (r: ApiResponse) =>
  r.headers.warning === undefined ? [] : String(r.headers.warning).split(/, (?=299 )/);
const container = (r: ApiResponse) =>
  ((r.body.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0]!;

describe('field validation of built-in kinds', () => {
  let t: TestApi;
  before(async () => {
    t = await startTestApi();
    // No controller manager runs here to make the default service account.
    const sa = await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', {
      metadata: { name: 'default' },
    });
    assert.equal(sa.code, 201, JSON.stringify(sa.body));
  });
  after(() => t.close());

  const creates: {
    mode: string;
    code: number;
    message?: string;
    warnings: string[];
  }[] = [
    {
      mode: 'Strict',
      code: 400,
      message:
        'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.foo", unknown field "spec.containers[0].imagee"',
      warnings: [],
    },
    {
      mode: 'Warn',
      code: 201,
      warnings: [
        '299 - "unknown field \\"metadata.foo\\""',
        '299 - "unknown field \\"spec.containers[0].imagee\\""',
      ],
    },
    {
      mode: '',
      code: 201,
      warnings: [
        '299 - "unknown field \\"metadata.foo\\""',
        '299 - "unknown field \\"spec.containers[0].imagee\\""',
      ],
    },
    { mode: 'Ignore', code: 201, warnings: [] },
  ];
  for (const c of creates) {
    it(`create under ${c.mode || 'the default (Warn)'}`, async () => {
      const name = `p-${c.mode.toLowerCase() || 'default'}`;
      const body = pod(name, { imagee: 'typo' });
      (body.metadata as Record<string, unknown>).foo = 'bar';
      const r = await t.request('POST', `${PODS}?fieldValidation=${c.mode}`, body);
      assert.equal(r.code, c.code, JSON.stringify(r.body));
      assert.deepEqual(warnings(r), c.warnings);
      if (c.message) {
        assert.equal(r.body.reason, 'BadRequest');
        assert.equal(r.body.message, c.message);
        return;
      }
      // Dropped under every mode, as upstream's decoder drops them.
      assert.equal(container(r).image, 'busybox');
      assert.equal('imagee' in container(r), false);
      assert.equal((r.body.metadata as Record<string, unknown>).foo, undefined);
      const stored = await t.request('GET', `${PODS}/${name}`);
      assert.equal(container(stored).imagee, undefined);
    });
  }

  it('update, patches and server-side apply under Strict', async () => {
    const created = await t.request('POST', DEPLOYMENTS, deployment('d1'));
    assert.equal(created.code, 201, JSON.stringify(created.body));
    const put = await t.request('PUT', `${DEPLOYMENTS}/d1?fieldValidation=Strict`, {
      ...created.body,
      spec: { ...(created.body.spec as object), replicaz: 3 },
    });
    assert.equal(put.code, 400);
    assert.equal(
      put.body.message,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
    for (const headers of [MERGE, SMP]) {
      const patch = await t.request(
        'PATCH',
        `${DEPLOYMENTS}/d1?fieldValidation=Strict`,
        { spec: { template: { spec: { containers: [{ name: 'c', imagee: 'y' }] } } } },
        headers,
      );
      assert.equal(patch.code, 422, headers['content-type']);
      assert.match(
        String(patch.body.message),
        /strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.imagee"/,
      );
    }
    const applied = await t.request(
      'PATCH',
      `${DEPLOYMENTS}/d1?fieldValidation=Strict&fieldManager=me`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\nspec:\n  paused: true\n  pausd: true\n',
      APPLY,
    );
    assert.equal(applied.code, 400);
    assert.equal(
      applied.body.message,
      'failed to create typed patch object (default/d1; apps/v1, Kind=Deployment): .spec.pausd: field not declared in schema',
    );
    const warned = await t.request(
      'PATCH',
      `${DEPLOYMENTS}/d1?fieldValidation=Warn`,
      { spec: { paused: true, pausd: true } },
      MERGE,
    );
    assert.equal(warned.code, 200);
    assert.deepEqual(warnings(warned), ['299 - "unknown field \\"spec.pausd\\""']);
    assert.equal((warned.body.spec as Record<string, unknown>).paused, true);
    assert.equal((warned.body.spec as Record<string, unknown>).pausd, undefined);
  });

  it('status writes drop and report unknown status fields', async () => {
    const cur = await t.request('GET', `${DEPLOYMENTS}/d1`);
    const r = await t.request('PUT', `${DEPLOYMENTS}/d1/status?fieldValidation=Warn`, {
      ...cur.body,
      status: { replicas: 1, readyReplicaz: 1 },
    });
    assert.equal(r.code, 200, JSON.stringify(r.body));
    assert.deepEqual(warnings(r), ['299 - "unknown field \\"status.readyReplicaz\\""']);
    assert.deepEqual(r.body.status, { replicas: 1 });
    const strict = await t.request('PUT', `${DEPLOYMENTS}/d1/status?fieldValidation=Strict`, {
      ...r.body,
      status: { replicas: 1, readyReplicaz: 1 },
    });
    assert.equal(strict.code, 400);
  });

  it('subresources of another kind are not checked against the parent', async () => {
    const scale = await t.request('GET', `${DEPLOYMENTS}/d1/scale`);
    const put = await t.request('PUT', `${DEPLOYMENTS}/d1/scale?fieldValidation=Strict`, {
      ...scale.body,
      spec: { replicas: 2 },
    });
    assert.equal(put.code, 200, JSON.stringify(put.body));
    assert.deepEqual(warnings(put), []);
    const patched = await t.request(
      'PATCH',
      `${DEPLOYMENTS}/d1/scale?fieldValidation=Strict`,
      { spec: { replicas: 3 } },
      MERGE,
    );
    assert.equal(patched.code, 200, JSON.stringify(patched.body));
    const node = await t.request('POST', '/api/v1/nodes', { metadata: { name: 'n1' } });
    assert.equal(node.code, 201, JSON.stringify(node.body));
    const binding = await t.request('POST', `${PODS}/p-ignore/binding?fieldValidation=Strict`, {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'p-ignore' },
      target: { kind: 'Node', name: 'n1' },
    });
    assert.equal(binding.code, 201, JSON.stringify(binding.body));
  });

  it('subresource bodies are checked as their own kinds', async () => {
    const scale = await t.request('GET', `${DEPLOYMENTS}/d1/scale`);
    const strict = await t.request('PUT', `${DEPLOYMENTS}/d1/scale?fieldValidation=Strict`, {
      ...scale.body,
      spec: { replicas: 4, replicaz: 4 },
    });
    assert.equal(strict.code, 400);
    assert.equal(
      strict.body.message,
      'Scale in version "v1" cannot be handled as a Scale: strict decoding error: unknown field "spec.replicaz"',
    );
    const patched = await t.request(
      'PATCH',
      `${DEPLOYMENTS}/d1/scale?fieldValidation=Strict`,
      { spec: { replicaz: 4 } },
      MERGE,
    );
    assert.equal(patched.code, 422);
    assert.match(String(patched.body.message), /strict decoding error: unknown field "spec\.replicaz"/);
    const warned = await t.request('PUT', `${DEPLOYMENTS}/d1/scale`, {
      ...scale.body,
      metadata: { name: 'd1' },
      spec: { replicas: 4, replicaz: 4 },
    });
    assert.equal(warned.code, 200, JSON.stringify(warned.body));
    assert.deepEqual(warnings(warned), ['299 - "unknown field \\"spec.replicaz\\""']);
    assert.equal((warned.body.spec as Record<string, unknown>).replicas, 4);
    await t.request('POST', PODS, pod('evictme'));
    const eviction = await t.request('POST', `${PODS}/evictme/eviction?fieldValidation=Strict`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'evictme' },
      deleteOptions: { gracePeriodSeconds: 0, gracePeriod: 0 },
    });
    assert.equal(eviction.code, 400);
    assert.equal(
      eviction.body.message,
      'Eviction in version "v1" cannot be handled as a Eviction: strict decoding error: unknown field "deleteOptions.gracePeriod"',
    );
  });
});
