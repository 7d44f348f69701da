import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { patchMetaForKind } from '../patch/patch_meta.js';
import { FieldSet, pathString } from './field_set.js';
import type { Writer } from './managed_fields.js';
import { applyConfiguration, recordUpdate } from './managed_fields.js';
import { fieldSetOf } from './object_fields.js';
import { typeFromPatchMeta, typeFromSchema } from './type_info.js';

const types = typeFromPatchMeta(patchMetaForKind('apps', 'Deployment'));
const w = (manager: string, subresource = ''): Writer => ({
  manager,
  apiVersion: 'apps/v1',
  subresource,
  hasStatus: true,
  now: new Date('2026-11-22T10:00:00Z'),
});

const deploy = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image, ports: [{ containerPort: 80 }] }] },
    },
    ...extra,
  },
});

const owned = (obj: KubeObject, manager: string) =>
  obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1 as
    Record<string, unknown> | undefined;

test('field sets: keyed list items, sets, FieldsV1 round trip and paths', () => {
  const s = fieldSetOf(deploy('nginx') as unknown as Record<string, unknown>, types);
  const json = s.toJSON();
  const containers = (
    ((json['f:spec'] as Record<string, unknown>)['f:template'] as Record<string, unknown>)[
      'f:spec'
    ] as Record<string, unknown>
  )['f:containers'] as Record<string, unknown>;
  assert.deepEqual(containers['k:{"name":"c"}'], {
    '.': {},
    'f:image': {},
    'f:name': {},
    'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } },
  });
  assert.deepEqual(FieldSet.fromJSON(json).toJSON(), json);
  assert.equal(
    pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image']),
    '.spec.template.spec.containers[name="c"].image',
  );
  const crd = typeFromSchema({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
      },
    },
  });
  assert.deepEqual(fieldSetOf({ spec: { tags: ['a', 'b'] } }, crd).toJSON(), {
    'f:spec': { 'f:tags': { 'v:"a"': {}, 'v:"b"': {} } },
  });
});

test('create and update: the writer owns what it changed; others lose it', () => {
  const created = deploy('nginx');
  recordUpdate(created, undefined, w('kubectl-create'), types);
  assert.equal(created.metadata.managedFields?.length, 1);
  assert.equal(created.metadata.managedFields?.[0]?.operation, 'Update');
  assert.ok(owned(created, 'kubectl-create')?.['f:spec']);
  const scaled = structuredClone(created);
  (scaled.spec as { replicas: number }).replicas = 5;
  recordUpdate(scaled, created, w('kubectl-scale'), types);
  assert.deepEqual(owned(scaled, 'kubectl-scale'), { 'f:spec': { 'f:replicas': {} } });
  assert.equal(
    (owned(scaled, 'kubectl-create')?.['f:spec'] as Record<string, unknown>)['f:replicas'],
    undefined,
  );
  // No change: no new entry, times untouched.
  const same = structuredClone(scaled);
  recordUpdate(same, scaled, w('someone-else'), types);
  assert.deepEqual(same.metadata.managedFields, scaled.metadata.managedFields);
  // A status write is tracked on its own subresource entry.
  const withStatus = structuredClone(scaled);
  withStatus.status = { replicas: 5 };
  recordUpdate(withStatus, scaled, w('kube-controller-manager', 'status'), types);
  const entry = withStatus.metadata.managedFields?.find((e) => e.manager === 'kube-controller-manager');
  assert.equal(entry?.subresource, 'status');
  assert.deepEqual(entry?.fieldsV1, { 'f:status': { 'f:replicas': {} } });
});

test('apply: conflicts with another owner, force takes over, removed fields disappear', () => {
  const live = applyConfiguration(undefined, deploy('nginx'), w('alice'), types, false);
  assert.equal(live.metadata.managedFields?.[0]?.operation, 'Apply');
  // Bob changes the replicas by an update: he now owns them.
  const updated = structuredClone(live);
  (updated.spec as { replicas: number }).replicas = 7;
  recordUpdate(updated, live, w('bob'), types);
  // Alice re-applies replicas: 2: conflict with bob.
  assert.throws(
    () => applyConfiguration(updated, deploy('nginx'), w('alice'), types, false),
    (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.code, 409);
      assert.equal(
        e.message,
        'Apply failed with 1 conflict: conflict with "bob" using apps/v1: .spec.replicas',
      );
      assert.deepEqual(e.details?.causes, [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "bob" using apps/v1',
          field: '.spec.replicas',
        },
      ]);
      return true;
    },
  );
  // Same value as live: no conflict (shared ownership).
  const shared = applyConfiguration(updated, deploy('nginx', { replicas: 7 }), w('carol'), types, false);
  assert.equal((shared.spec as { replicas: number }).replicas, 7);
  // Forced: alice takes replicas from bob.
  const forced = applyConfiguration(updated, deploy('nginx'), w('alice'), types, true);
  assert.equal((forced.spec as { replicas: number }).replicas, 2);
  assert.equal(owned(forced, 'bob'), undefined, 'bob owned nothing else');
  // Alice stops applying the label and the ports: both are removed.
  const config = deploy('nginx:2');
  delete config.metadata.labels;
  delete (config.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
    .containers[0]!.ports;
  const next = applyConfiguration(forced, config, w('alice'), types, false);
  assert.equal(next.metadata.labels, undefined);
  const c = (next.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
    .containers[0]!;
  assert.equal(c.image, 'nginx:2');
  assert.equal(c.ports, undefined);
});

test('apply keeps fields other managers own, and items they added to keyed lists', () => {
  const live = applyConfiguration(undefined, deploy('nginx'), w('alice'), types, false);
  const edited = structuredClone(live);
  const spec = edited.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
  spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
  edited.metadata.annotations = { note: 'x' };
  recordUpdate(edited, live, w('kubectl-edit'), types);
  const again = applyConfiguration(edited, deploy('nginx:3'), w('alice'), types, false);
  const containers = (again.spec as typeof spec).template.spec.containers;
  assert.deepEqual(
    containers.map((x) => [x.name, x.image]),
    [
      ['c', 'nginx:3'],
      ['sidecar', 'busybox'],
    ],
  );
  assert.deepEqual(again.metadata.annotations, { note: 'x' });
});

test('managed fields set by the request replace the record; [{}] clears it', () => {
  const live = deploy('nginx');
  recordUpdate(live, undefined, w('a'), types);
  const cleared = structuredClone(live);
  cleared.metadata.managedFields = [{}];
  recordUpdate(cleared, live, w('b'), types);
  assert.equal(cleared.metadata.managedFields, undefined);
});
