import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldPatchMeta, PatchMeta, PatchMetaTable } from './patch_meta.js';
import { BUILTIN_PATCH_META, patchMetaForKind, patchMetaFromTable } from './patch_meta.js';

/** The field metadata at the end of a dotted path of field names. */
function resolve(meta: PatchMeta | undefined, path: string): FieldPatchMeta | undefined {
  let current = meta;
  let field: FieldPatchMeta | undefined;
  for (const part of path.split('.')) {
    field = current?.field(part);
    current = field?.type;
  }
  return field;
}

const podTemplateKinds: [string, string, string][] = [
  ['', 'Pod', 'spec'],
  ['', 'PodTemplate', 'template.spec'],
  ['', 'ReplicationController', 'spec.template.spec'],
  ['apps', 'Deployment', 'spec.template.spec'],
  ['apps', 'StatefulSet', 'spec.template.spec'],
  ['apps', 'DaemonSet', 'spec.template.spec'],
  ['apps', 'ReplicaSet', 'spec.template.spec'],
  ['batch', 'Job', 'spec.template.spec'],
  ['batch', 'CronJob', 'spec.jobTemplate.spec.template.spec'],
];

const podSpecFields: [string, string[], string][] = [
  ['containers', ['merge'], 'name'],
  ['initContainers', ['merge'], 'name'],
  ['ephemeralContainers', ['merge'], 'name'],
  ['volumes', ['merge', 'retainKeys'], 'name'],
  ['imagePullSecrets', ['merge'], 'name'],
  ['hostAliases', ['merge'], 'ip'],
  ['topologySpreadConstraints', ['merge'], 'topologyKey'],
  ['containers.env', ['merge'], 'name'],
  ['containers.ports', ['merge'], 'containerPort'],
  ['containers.volumeMounts', ['merge'], 'mountPath'],
  ['containers.volumeDevices', ['merge'], 'devicePath'],
  ['initContainers.env', ['merge'], 'name'],
];

for (const [group, kind, podSpecPath] of podTemplateKinds) {
  test(`patchMetaForKind: ${kind} reaches PodSpec at ${podSpecPath}`, () => {
    const meta = patchMetaForKind(group, kind);
    assert.ok(meta);
    for (const [path, strategies, mergeKey] of podSpecFields) {
      const field = resolve(meta, `${podSpecPath}.${path}`);
      assert.deepEqual(field?.strategies, strategies, path);
      assert.equal(field?.mergeKey, mergeKey, path);
    }
    assert.deepEqual(resolve(meta, 'metadata.finalizers')?.strategies, ['merge']);
    assert.equal(resolve(meta, 'metadata.ownerReferences')?.mergeKey, 'uid');
  });
}

const otherFields: [string, string, string, string[], string][] = [
  ['', 'Service', 'spec.ports', ['merge'], 'port'],
  ['', 'Service', 'status.conditions', ['merge'], 'type'],
  ['', 'Node', 'status.addresses', ['merge'], 'type'],
  ['', 'Node', 'spec.podCIDRs', ['merge'], ''],
  ['', 'ServiceAccount', 'secrets', ['merge'], 'name'],
  ['', 'Pod', 'status.podIPs', ['merge'], 'ip'],
  ['apps', 'Deployment', 'spec.strategy', ['retainKeys'], ''],
  ['apps', 'Deployment', 'status.conditions', ['merge'], 'type'],
  ['batch', 'Job', 'status.conditions', ['merge'], 'type'],
  ['storage.k8s.io', 'CSINode', 'spec.drivers', ['merge'], 'name'],
  ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'webhooks', ['merge'], 'name'],
  ['apiregistration.k8s.io', 'APIService', 'status.conditions', ['merge'], 'type'],
  ['', 'ConfigMap', 'metadata.finalizers', ['merge'], ''],
  ['rbac.authorization.k8s.io', 'ClusterRole', 'metadata.ownerReferences', ['merge'], 'uid'],
];

for (const [group, kind, path, strategies, mergeKey] of otherFields) {
  test(`patchMetaForKind: ${kind} ${path} is ${strategies.join(',')} by "${mergeKey}"`, () => {
    const field = resolve(patchMetaForKind(group, kind), path);
    assert.deepEqual(field?.strategies, strategies);
    assert.equal(field?.mergeKey, mergeKey);
  });
}

test('patchMetaForKind: lists without a strategy have no metadata', () => {
  const pod = patchMetaForKind('', 'Pod');
  for (const path of [
    'spec.tolerations',
    'spec.containers.args',
    'spec.containers.resources',
    'status.containerStatuses',
  ]) {
    assert.equal(resolve(pod, path), undefined, path);
  }
  assert.equal(resolve(patchMetaForKind('', 'ServiceAccount'), 'imagePullSecrets'), undefined);
});

test('patchMetaForKind: unknown kinds (custom resources) have none', () => {
  assert.equal(patchMetaForKind('stable.example.com', 'CronTab'), undefined);
  assert.equal(patchMetaForKind('', 'CronTab'), undefined);
});

test('patchMetaFromTable: resolves self-referencing types and rejects unknown ones', () => {
  const table: PatchMetaTable = { Node: { children: { strategy: 'merge', mergeKey: 'id', type: 'Node' } } };
  const meta = patchMetaFromTable(table, 'Node');
  assert.equal(resolve(meta, 'children.children.children')?.mergeKey, 'id');
  assert.equal(meta.name, 'Node');
  assert.throws(() => patchMetaFromTable(table, 'Missing'), /unknown type Missing/);
});

test('BUILTIN_PATCH_META: every referenced type exists', () => {
  for (const [name, fields] of Object.entries(BUILTIN_PATCH_META)) {
    for (const [field, spec] of Object.entries(fields)) {
      if (spec.type !== undefined)
        assert.ok(spec.type in BUILTIN_PATCH_META, `${name}.${field} -> ${spec.type}`);
    }
  }
});
