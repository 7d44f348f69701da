/**
 * Custom resources served by an in-process API server: a CRD becomes Established and
 * discoverable, its resources go through schema validation, defaults, pruning, field
 * validation, the status and scale subresources, tables and several versions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { widgetCrd } from './crd_fixtures.js';
import type { ApiResponse, TestApi } from './testing_api.js';
import { eventually, startTestApi } from './testing_api.js';

let t: TestApi;
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

const condition = (r: ApiResponse, type: string) =>
  ((r.body.status as { conditions?: Array<Record<string, string>> })?.conditions ?? []).find(
    (c) => c.type === type,
  );

const widget = (
  name: string,
  spec: Record<string, unknown> = { size: 'small' },
  extra: Record<string, unknown> = {},
) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
  ...extra,
});

before(async () => {
  t = await startTestApi();
  const created = await t.request('POST', CRDS, widgetCrd());
  assert.equal(created.code, 201, JSON.stringify(created.body));
  await eventually(
    () => t.request('GET', `${CRDS}/widgets.example.com`),
    (r) => condition(r, 'Established')?.status === 'True',
  );
});

after(() => t.close());

describe('a CRD', () => {
  it('is named and established as upstream reports it', async () => {
    const r = await t.request('GET', `${CRDS}/widgets.example.com`);
    assert.deepEqual(
      { ...condition(r, 'NamesAccepted'), lastTransitionTime: undefined },
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: undefined,
      },
    );
    assert.equal(condition(r, 'Established')?.reason, 'InitialNamesAccepted');
    const status = r.body.status as Record<string, unknown>;
    assert.deepEqual(status.storedVersions, ['v1']);
    assert.deepEqual(status.acceptedNames, {
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
      kind: 'Widget',
      listKind: 'WidgetList',
      categories: ['all', 'gadgets'],
    });
  });

  it('shows in discovery, legacy and aggregated', async () => {
    const groups = await t.request('GET', '/apis');
    const g = (groups.body.groups as Array<Record<string, unknown>>).find((x) => x.name === 'example.com');
    assert.deepEqual(g?.preferredVersion, { groupVersion: 'example.com/v1', version: 'v1' });
    const list = await t.request('GET', '/apis/example.com/v1');
    const names = (list.body.resources as Array<Record<string, unknown>>).map((x) => x.name);
    assert.deepEqual(names, ['widgets', 'widgets/scale', 'widgets/status']);
    const res = (list.body.resources as Array<Record<string, unknown>>)[0]!;
    assert.deepEqual(res.shortNames, ['wd']);
    assert.deepEqual(res.categories, ['all', 'gadgets']);
    assert.equal(res.singularName, 'widget');
    const agg = await t.request('GET', '/apis', undefined, {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    });
    const item = (agg.body.items as Array<{ metadata: { name: string } }>).find(
      (i) => i.metadata.name === 'example.com',
    );
    assert.ok(item);
  });

  it('refuses webhook conversion, and a version without a schema', async () => {
    const hook = widgetCrd({ conversion: { strategy: 'Webhook' } });
    (hook.metadata as Record<string, string>).name = 'widgets.example.com';
    const r = await t.request('POST', `${CRDS}?dryRun=All`, hook);
    assert.equal(r.code, 422);
    assert.match(String(r.body.message), /spec\.conversion\.strategy: Unsupported value: "Webhook"/);
    const bare = widgetCrd();
    (bare.spec as { versions: Array<Record<string, unknown>> }).versions[1]!.schema = undefined;
    const r2 = await t.request('POST', `${CRDS}?dryRun=All`, bare);
    assert.match(
      String(r2.body.message),
      /spec\.versions\[1\]\.schema\.openAPIV3Schema: Required value: schemas are required/,
    );
  });
});

describe('custom resources', () => {
  it('are created with defaults, generation 1 and no status', async () => {
    const r = await t.request(
      'POST',
      WIDGETS,
      widget('w1', { size: 'small' }, { status: { phase: 'Fake' } }),
    );
    assert.equal(r.code, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.spec, { size: 'small', replicas: 1, color: 'blue' });
    assert.equal(r.body.status, undefined);
    assert.equal((r.body.metadata as Record<string, unknown>).generation, 1);
    const got = await t.request('GET', `${WIDGETS}/w1`);
    assert.deepEqual(got.body.spec, { size: 'small', replicas: 1, color: 'blue' });
    const list = await t.request('GET', WIDGETS);
    assert.equal(list.body.kind, 'WidgetList');
    assert.equal(list.body.apiVersion, 'example.com/v1');
  });

  it('are validated against the schema with upstream messages', async () => {
    const r = await t.request('POST', WIDGETS, widget('bad', { size: 'huge', replicas: 'three' }));
    assert.equal(r.code, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(
      r.body.message,
      'Widget.example.com "bad" is invalid: [spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", spec.size: Unsupported value: "huge": supported values: "small", "large"]',
    );
    const causes = (r.body.details as { causes: Array<Record<string, string>> }).causes;
    assert.deepEqual(
      causes.map((c) => [c.reason, c.field]),
      [
        ['FieldValueTypeInvalid', 'spec.replicas'],
        ['FieldValueNotSupported', 'spec.size'],
      ],
    );
    const missing = await t.request('POST', WIDGETS, widget('bad', {}));
    assert.match(String(missing.body.message), /spec\.size: Required value/);
    const name = await t.request('POST', WIDGETS, widget('Bad_Name'));
    assert.equal(name.code, 422);
    assert.match(
      String(name.body.message),
      /metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('have unknown fields pruned, reported per fieldValidation', async () => {
    const body = widget('w2', { size: 'large', bogus: 1, config: { free: { form: true } } }, { extra: 1 });
    const strict = await t.request('POST', `${WIDGETS}?fieldValidation=Strict`, body);
    assert.equal(strict.code, 400);
    assert.equal(
      strict.body.message,
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "extra", unknown field "spec.bogus"',
    );
    const warn = await t.request('POST', WIDGETS, body);
    assert.equal(warn.code, 201);
    assert.deepEqual(
      warn.headers.warning,
      '299 - "unknown field \\"extra\\"", 299 - "unknown field \\"spec.bogus\\""',
    );
    assert.equal(warn.body.extra, undefined);
    assert.deepEqual(warn.body.spec, {
      size: 'large',
      replicas: 1,
      color: 'blue',
      config: { free: { form: true } },
    });
    const patch = await t.request(
      'PATCH',
      `${WIDGETS}/w2?fieldValidation=Strict`,
      { spec: { nope: 1 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(patch.code, 422);
    assert.match(String(patch.body.message), /strict decoding error: unknown field "spec\.nope"/);
  });

  it('keep status on main-resource writes and spec on status writes; generation counts spec changes', async () => {
    const cur = await t.request('GET', `${WIDGETS}/w1`);
    const status = await t.request('PUT', `${WIDGETS}/w1/status`, {
      ...cur.body,
      spec: { size: 'large' },
      status: { phase: 'Ready', replicas: 1 },
    });
    assert.equal(status.code, 200, JSON.stringify(status.body));
    assert.deepEqual(status.body.status, { phase: 'Ready', replicas: 1 });
    assert.equal((status.body.spec as Record<string, unknown>).size, 'small');
    assert.equal((status.body.metadata as Record<string, unknown>).generation, 1);
    const main = await t.request('PUT', `${WIDGETS}/w1`, {
      ...status.body,
      spec: { ...(status.body.spec as object), replicas: 2 },
      status: { phase: 'Hacked' },
    });
    assert.equal(main.code, 200, JSON.stringify(main.body));
    assert.deepEqual(main.body.status, { phase: 'Ready', replicas: 1 });
    assert.equal((main.body.metadata as Record<string, unknown>).generation, 2);
    const label = await t.request(
      'PATCH',
      `${WIDGETS}/w1`,
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal((label.body.metadata as Record<string, unknown>).generation, 2);
    const badStatus = await t.request(
      'PATCH',
      `${WIDGETS}/w1/status`,
      { status: { replicas: 'x' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    assert.equal(badStatus.code, 422);
    assert.match(String(badStatus.body.message), /status\.replicas in body must be of type integer/);
  });

  it('patch with JSON patch and merge patch; strategic merge patch is refused', async () => {
    const json = await t.request(
      'PATCH',
      `${WIDGETS}/w1`,
      [{ op: 'replace', path: '/spec/color', value: 'red' }],
      { 'content-type': 'application/json-patch+json' },
    );
    assert.equal((json.body.spec as Record<string, unknown>).color, 'red');
    const smp = await t.request(
      'PATCH',
      `${WIDGETS}/w1`,
      { spec: {} },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    assert.equal(smp.code, 415);
  });

  it('scale through the scale subresource', async () => {
    await t.request(
      'PATCH',
      `${WIDGETS}/w1/status`,
      { status: { selector: 'app=w1' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    const scale = await t.request('GET', `${WIDGETS}/w1/scale`);
    assert.deepEqual(scale.body.spec, { replicas: 2 });
    assert.deepEqual(scale.body.status, { replicas: 1, selector: 'app=w1' });
    const put = await t.request('PUT', `${WIDGETS}/w1/scale`, { ...scale.body, spec: { replicas: 5 } });
    assert.equal(put.code, 200, JSON.stringify(put.body));
    const got = await t.request('GET', `${WIDGETS}/w1`);
    assert.equal((got.body.spec as Record<string, unknown>).replicas, 5);
    const stale = await t.request('PUT', `${WIDGETS}/w1/scale`, { ...scale.body, spec: { replicas: 6 } });
    assert.equal(stale.code, 409);
    const tooMany = await t.request('PUT', `${WIDGETS}/w1/scale`, {
      ...scale.body,
      metadata: { name: 'w1' },
      spec: { replicas: 50 },
    });
    assert.equal(tooMany.code, 422);
  });

  it('print as tables with the declared columns', async () => {
    const r = await t.request('GET', WIDGETS, undefined, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    const cols = (r.body.columnDefinitions as Array<Record<string, unknown>>).map((c) => [
      c.name,
      c.type,
      c.priority,
    ]);
    assert.deepEqual(cols, [
      ['Name', 'string', 0],
      ['Size', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Phase', 'string', 1],
      ['Age', 'date', 0],
    ]);
    const row = (r.body.rows as Array<{ cells: unknown[] }>).find((x) => x.cells[0] === 'w1')!;
    assert.deepEqual(row.cells.slice(0, 4), ['w1', 'small', 5, 'Ready']);
  });

  it('are served at every served version, stored in the storage version', async () => {
    const beta = '/apis/example.com/v1beta1/namespaces/default/widgets';
    const r = await t.request('POST', beta, { ...widget('w3'), apiVersion: 'example.com/v1beta1' });
    assert.equal(r.code, 201, JSON.stringify(r.body));
    assert.equal(r.body.apiVersion, 'example.com/v1beta1');
    const v1 = await t.request('GET', `${WIDGETS}/w3`);
    assert.equal(v1.body.apiVersion, 'example.com/v1');
    const asBeta = await t.request('GET', `${beta}/w1`);
    assert.equal(asBeta.body.apiVersion, 'example.com/v1beta1');
    const wrong = await t.request('POST', beta, widget('w4'));
    assert.equal(wrong.code, 400);
  });

  it('publish their schema in OpenAPI v3 and v2', async () => {
    const v3 = await t.request('GET', '/openapi/v3/apis/example.com/v1');
    const schemas = (v3.body.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    const w = schemas['com.example.v1.Widget']!;
    assert.deepEqual(w['x-kubernetes-group-version-kind'], [
      { group: 'example.com', version: 'v1', kind: 'Widget' },
    ]);
    assert.ok((w.properties as Record<string, unknown>).spec);
    const v2 = await t.request('GET', '/openapi/v2');
    const defs = v2.body.definitions as Record<string, Record<string, unknown>>;
    const spec = (defs['com.example.v1.Widget']!.properties as Record<string, Record<string, unknown>>).spec!;
    assert.deepEqual((spec.properties as Record<string, unknown>).port, {
      'x-kubernetes-int-or-string': true,
    });
  });
});
