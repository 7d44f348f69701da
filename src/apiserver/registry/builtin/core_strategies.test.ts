import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { configMapsResource } from './core_configmaps.js';
import { coreEventsResource } from './core_events.js';
import { namespacesResource } from './core_namespaces.js';
import { nodesResource } from './core_nodes.js';
import { limitRangesResource } from './core_quota.js';
import { replicationControllersResource } from './core_replicationcontrollers.js';
import { secretsResource } from './core_secrets.js';
import { persistentVolumeClaimsResource } from './core_volumes.js';

describe('core defaults and validation', () => {
  const ctx = { user: 'admin' };

  it('namespaces start Active with the kubernetes finalizer and their name label', () => {
    const def = namespacesResource();
    const ns: KubeObject = { metadata: { name: 'dev' } };
    def.strategy.prepareForCreate?.(ns, ctx);
    def.strategy.defaults?.(ns);
    assert.deepEqual(ns.status, { phase: 'Active' });
    assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'dev' });
  });

  it('namespace updates keep spec.finalizers', () => {
    const def = namespacesResource();
    const old: KubeObject = { metadata: { name: 'dev' }, spec: { finalizers: ['kubernetes'] } };
    const next: KubeObject = { metadata: { name: 'dev' }, spec: {} };
    def.strategy.prepareForUpdate?.(next, old, ctx);
    assert.deepEqual(next.spec, { finalizers: ['kubernetes'] });
  });

  it('secrets get type Opaque and stringData folded into data', () => {
    const def = secretsResource();
    const s: KubeObject = {
      metadata: { name: 's' },
      stringData: { password: 'hunter2' },
      data: { user: 'YWRtaW4=' },
    };
    def.strategy.defaults?.(s);
    assert.deepEqual(
      { type: s.type, data: s.data, stringData: s.stringData },
      {
        type: 'Opaque',
        data: { user: 'YWRtaW4=', password: 'aHVudGVyMg==' },
        stringData: undefined,
      },
    );
  });

  it('secret and configmap keys are validated; immutable ones stay', () => {
    const secret = secretsResource();
    const bad: KubeObject = {
      metadata: { name: 's' },
      type: 'kubernetes.io/tls',
      data: { 'bad key': 'QQ==' },
    };
    assert.deepEqual((secret.strategy.validate?.(bad) ?? []).map(fieldErrorText), [
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    const cm = configMapsResource();
    const old: KubeObject = { metadata: { name: 'c' }, immutable: true, data: { a: '1' } };
    const next: KubeObject = { metadata: { name: 'c' }, immutable: true, data: { a: '2' } };
    assert.deepEqual((cm.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText), [
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('node taints must be unique by key and effect', () => {
    const def = nodesResource();
    const n: KubeObject = {
      metadata: { name: 'n' },
      spec: {
        taints: [
          { key: 'a', effect: 'NoSchedule' },
          { key: 'a', effect: 'NoSchedule' },
          { key: 'b', effect: 'Bogus' },
        ],
      },
    };
    assert.deepEqual((def.strategy.validate?.(n) ?? []).map(fieldErrorText), [
      'spec.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair',
      'spec.taints[2].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it('PVCs need access modes and a storage request', () => {
    const def = persistentVolumeClaimsResource();
    const pvc: KubeObject = { metadata: { name: 'c' }, spec: {} };
    def.strategy.defaults?.(pvc);
    assert.deepEqual((def.strategy.validate?.(pvc) ?? []).map(fieldErrorText), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(pvc.status, { phase: 'Pending' });
  });

  it('replication controllers take selector and labels from the template', () => {
    const def = replicationControllersResource();
    const rc: KubeObject = {
      metadata: { name: 'rc' },
      spec: {
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
      },
    };
    def.strategy.defaults?.(rc);
    assert.deepEqual((rc.spec as Record<string, unknown>).selector, { app: 'web' });
    assert.equal((rc.spec as Record<string, unknown>).replicas, 1);
    assert.deepEqual(rc.metadata.labels, { app: 'web' });
    assert.deepEqual(def.strategy.validate?.(rc), []);
  });

  it('limit ranges fill container defaults from max and min', () => {
    const def = limitRangesResource();
    const lr: KubeObject = {
      metadata: { name: 'l' },
      spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] },
    };
    def.strategy.defaults?.(lr);
    assert.deepEqual((lr.spec as { limits: unknown[] }).limits[0], {
      type: 'Container',
      max: { cpu: '2' },
      min: { memory: '64Mi' },
      default: { cpu: '2' },
      defaultRequest: { cpu: '2', memory: '64Mi' },
    });
    assert.deepEqual(def.strategy.validate?.(lr), []);
  });

  it('core events must agree with their object’s namespace', () => {
    const def = coreEventsResource();
    const e: KubeObject = {
      apiVersion: 'v1',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' },
    };
    assert.deepEqual((def.strategy.validate?.(e) ?? []).map(fieldErrorText), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });
});
