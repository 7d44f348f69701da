/**
 * The life of CRDs in an in-process API server: name conflicts, cluster scope, versions that
 * stop being served, deletion with the cleanup finalizer, and serving again after a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { widgetCrd } from './crd_fixtures.js';
import type { ApiResponse, TestApi } from './testing_api.js';
import { eventually, startTestApi } from './testing_api.js';

let t: TestApi;
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

const conditions = (r: ApiResponse) =>
  (r.body.status as { conditions?: Array<Record<string, string>> } | undefined)?.conditions ?? [];
const condition = (r: ApiResponse, type: string) => conditions(r).find((c) => c.type === type);
const established = (name: string) =>
  eventually(
    () => t.request('GET', `${CRDS}/${name}`),
    (r) => condition(r, 'Established')?.status === 'True',
  );

function gadgetCrd(kind: string, scope = 'Namespaced'): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com',
      scope,
      names: { plural: 'gadgets', kind },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

before(async () => {
  t = await startTestApi();
  assert.equal((await t.request('POST', CRDS, widgetCrd())).code, 201);
  await established('widgets.example.com');
});

after(() => t.close());

describe('CRD lifecycle', () => {
  it('refuses names another CRD of the group accepted, and does not serve', async () => {
    assert.equal((await t.request('POST', CRDS, gadgetCrd('Widget'))).code, 201);
    const r = await eventually(
      () => t.request('GET', `${CRDS}/gadgets.example.com`),
      (x) => condition(x, 'NamesAccepted')?.status === 'False',
    );
    assert.equal(condition(r, 'NamesAccepted')?.reason, 'ListKindConflict');
    assert.equal(condition(r, 'NamesAccepted')?.message, '"WidgetList" is already in use');
    assert.equal(condition(r, 'Established')?.reason, 'NotAccepted');
    assert.equal((await t.request('GET', '/apis/example.com/v1/namespaces/default/gadgets')).code, 404);
    // Fixing the kind accepts the names and serves.
    const fixed = gadgetCrd('Gadget', 'Namespaced');
    const cur = await t.request('GET', `${CRDS}/gadgets.example.com`);
    (fixed.metadata as Record<string, unknown>).resourceVersion = (
      cur.body.metadata as Record<string, unknown>
    ).resourceVersion;
    assert.equal((await t.request('PUT', `${CRDS}/gadgets.example.com`, fixed)).code, 200);
    await established('gadgets.example.com');
    assert.equal((await t.request('GET', '/apis/example.com/v1/namespaces/default/gadgets')).code, 200);
  });

  it('serves cluster-scoped resources without namespaces', async () => {
    const crd = gadgetCrd('Thing', 'Cluster');
    crd.metadata = { name: 'things.example.org' };
    Object.assign(crd.spec as object, { group: 'example.org', names: { plural: 'things', kind: 'Thing' } });
    assert.equal((await t.request('POST', CRDS, crd)).code, 201);
    await established('things.example.org');
    const r = await t.request('POST', '/apis/example.org/v1/things', {
      apiVersion: 'example.org/v1',
      kind: 'Thing',
      metadata: { name: 'th', namespace: 'ignored' },
      anything: { goes: true },
    });
    assert.equal(r.code, 201, JSON.stringify(r.body));
    assert.equal((r.body.metadata as Record<string, unknown>).namespace, undefined);
    assert.deepEqual(r.body.anything, { goes: true });
    assert.equal((await t.request('GET', '/apis/example.org/v1/namespaces/default/things')).code, 404);
    // Without a status subresource, status is part of the object and its changes count as generations.
    const updated = await t.request('PUT', '/apis/example.org/v1/things/th', {
      ...r.body,
      status: { seen: 1 },
    });
    assert.equal(updated.code, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body.status, { seen: 1 });
    assert.equal((updated.body.metadata as Record<string, unknown>).generation, 2);
  });

  it('stops serving a version marked served: false', async () => {
    const cur = await t.request('GET', `${CRDS}/widgets.example.com`);
    const next = structuredClone(cur.body) as { spec: { versions: Array<Record<string, unknown>> } };
    next.spec.versions[1]!.served = false;
    assert.equal((await t.request('PUT', `${CRDS}/widgets.example.com`, next)).code, 200);
    await eventually(
      () => t.request('GET', '/apis/example.com/v1beta1/namespaces/default/widgets'),
      (r) => r.code === 404,
    );
    assert.equal((await t.request('GET', '/apis/example.com/v1/namespaces/default/widgets')).code, 200);
  });

  it('refuses creates while terminating and deletes its resources before going', async () => {
    const base = '/apis/example.com/v1/namespaces/default/widgets';
    const mk = (name: string, finalizers?: string[]) => ({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name, ...(finalizers ? { finalizers } : {}) },
      spec: { size: 'small' },
    });
    assert.equal((await t.request('POST', base, mk('a'))).code, 201);
    assert.equal((await t.request('POST', base, mk('held', ['example.com/hold']))).code, 201);
    const del = await t.request('DELETE', `${CRDS}/widgets.example.com`);
    assert.equal(del.code, 200);
    assert.deepEqual((del.body.metadata as Record<string, unknown>).finalizers, [
      'customresourcecleanup.apiextensions.k8s.io',
    ]);
    const terminating = await eventually(
      () => t.request('GET', `${CRDS}/widgets.example.com`),
      (r) => condition(r, 'Terminating')?.reason === 'InstanceDeletionInProgress',
    );
    assert.equal(condition(terminating, 'Terminating')?.status, 'True');
    const refused = await t.request('POST', base, mk('late'));
    assert.equal(refused.code, 405);
    assert.equal(refused.body.message, 'create not allowed while custom resource definition is terminating');
    assert.equal((await t.request('GET', `${base}/a`)).code, 404);
    const held = await t.request('GET', `${base}/held`);
    assert.ok((held.body.metadata as Record<string, unknown>).deletionTimestamp);
    await t.request(
      'PATCH',
      `${base}/held`,
      { metadata: { finalizers: null } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    await eventually(
      () => t.request('GET', `${CRDS}/widgets.example.com`),
      (r) => r.code === 404,
    );
    assert.equal((await t.request('GET', base)).code, 404);
    const list = await t.request('GET', '/apis/example.com/v1');
    const names = (list.body.resources as Array<Record<string, unknown>>).map((x) => x.name);
    assert.ok(!names.includes('widgets'));
  });

  it('removes a never-established CRD at once', async () => {
    const crd = gadgetCrd('Gizmo');
    crd.metadata = { name: 'gizmos.example.com' };
    Object.assign(crd.spec as object, { names: { plural: 'gizmos', kind: 'Gadget' } });
    assert.equal((await t.request('POST', CRDS, crd)).code, 201);
    await eventually(
      () => t.request('GET', `${CRDS}/gizmos.example.com`),
      (r) => condition(r, 'NamesAccepted')?.status === 'False',
    );
    assert.equal((await t.request('DELETE', `${CRDS}/gizmos.example.com`)).code, 200);
    await eventually(
      () => t.request('GET', `${CRDS}/gizmos.example.com`),
      (r) => r.code === 404,
    );
  });

  it('serves established CRDs again after a restart', async () => {
    const again = await startTestApi();
    try {
      const crd = gadgetCrd('Gadget');
      crd.metadata = { name: 'gadgets.example.net' };
      Object.assign(crd.spec as object, { group: 'example.net' });
      assert.equal((await again.request('POST', CRDS, crd)).code, 201);
      await eventually(
        () => again.request('GET', `${CRDS}/gadgets.example.net`),
        (r) => condition(r, 'Established')?.status === 'True',
      );
      const restarted = await again.restart();
      assert.equal(
        (await restarted.request('GET', '/apis/example.net/v1/namespaces/default/gadgets')).code,
        200,
      );
    } finally {
      await again.close();
    }
  });
});
