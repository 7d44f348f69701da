import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubernetesProtoType } from './kubernetes_proto_root.js';
import { protobufKinds, protobufMessageForKind } from './protobuf_kinds.js';

test('every listed kind has a message with ObjectMeta or is DeleteOptions', () => {
  const kinds = protobufKinds();
  assert.ok(kinds.length >= 50);
  for (const { apiVersion, kind } of kinds) {
    const name = protobufMessageForKind(apiVersion, kind);
    assert.ok(name, `${apiVersion} ${kind}`);
    const type = kubernetesProtoType(name);
    if (kind !== 'DeleteOptions')
      assert.equal(type.fields.metadata?.type, '.k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta', kind);
  }
});

test('kinds are looked up by exact apiVersion; DeleteOptions in any', () => {
  assert.equal(protobufMessageForKind('apps/v1', 'Deployment'), 'k8s.io.api.apps.v1.Deployment');
  assert.equal(protobufMessageForKind('v1', 'Deployment'), undefined);
  assert.equal(protobufMessageForKind('apps/v1beta1', 'Deployment'), undefined);
  assert.equal(protobufMessageForKind('v1', 'toString'), undefined);
  assert.equal(protobufMessageForKind('constructor', 'Pod'), undefined);
  assert.equal(
    protobufMessageForKind('batch/v1', 'DeleteOptions'),
    'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  );
});
