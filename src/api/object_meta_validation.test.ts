import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldError } from './field_errors.js';
import { FieldPath, fieldErrorText } from './field_errors.js';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain } from './name_validation.js';
import type { ObjectMeta, OwnerReference } from './object.js';
import type { ObjectMetaRules } from './object_meta_validation.js';
import {
  validateAnnotations,
  validateFieldManager,
  validateFinalizers,
  validateImmutableField,
  validateLabels,
  validateManagedFields,
  validateNoNewFinalizers,
  validateObjectMeta,
  validateObjectMetaName,
  validateObjectMetaUpdate,
  validateObjectName,
  validateOwnerReferences,
} from './object_meta_validation.js';

const texts = (errs: FieldError[]) => errs.map(fieldErrorText);

const QN_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

test('validateLabels', () => {
  const table: [Record<string, string> | undefined, string[]][] = [
    [undefined, []],
    [{ app: 'web', 'example.com/tier': 'front-end', empty: '' }, []],
    [{ 'a b': 'c' }, [`metadata.labels: Invalid value: "a b": ${QN_NAME}`]],
    [{ a: '-' }, [`metadata.labels: Invalid value: "-": ${LABEL_VALUE}`]],
    [
      { a: 'x'.repeat(64) },
      [`metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`],
    ],
    [
      { z: '-', 'a b': 'ok' },
      [
        `metadata.labels: Invalid value: "a b": ${QN_NAME}`,
        `metadata.labels: Invalid value: "-": ${LABEL_VALUE}`,
      ],
    ],
  ];
  for (const [labels, want] of table)
    assert.deepEqual(texts(validateLabels(labels, 'metadata.labels')), want);
});

test('validateAnnotations: qualified keys (any case), 256 KiB in total', () => {
  const table: [Record<string, string> | undefined, string[]][] = [
    [undefined, []],
    [{ 'Example.COM/Some-Key': 'any value at all: {"json": true}' }, []],
    [{ 'a b': 'x' }, [`metadata.annotations: Invalid value: "a b": ${QN_NAME}`]],
    [{ a: 'x'.repeat(262143) }, []],
    [{ a: 'x'.repeat(262144) }, ['metadata.annotations: Too long: may not be more than 262144 bytes']],
    [{ a: 'é'.repeat(131072) }, ['metadata.annotations: Too long: may not be more than 262144 bytes']],
  ];
  for (const [annotations, want] of table) {
    assert.deepEqual(texts(validateAnnotations(annotations, 'metadata.annotations')), want);
  }
});

test('validateOwnerReferences', () => {
  const ok: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };
  const table: [OwnerReference[], string[]][] = [
    [[], []],
    [[ok], []],
    [[{ ...ok, apiVersion: 'v1', kind: 'Pod' }], []],
    [
      [{ ...ok, apiVersion: '' }],
      ['metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty'],
    ],
    [
      [{ ...ok, apiVersion: 'apps/' }],
      ['metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty'],
    ],
    [
      [{ ...ok, apiVersion: 'a/b/c' }],
      ['metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version must not be empty'],
    ],
    [[{ ...ok, kind: '' }], ['metadata.ownerReferences.kind: Invalid value: "": must not be empty']],
    [[{ ...ok, name: '' }], ['metadata.ownerReferences.name: Invalid value: "": must not be empty']],
    [[{ ...ok, uid: '' }], ['metadata.ownerReferences.uid: Invalid value: "": must not be empty']],
    [
      [
        { ...ok, controller: true },
        { ...ok, kind: 'Deployment', name: 'd', controller: true },
      ],
      [
        `metadata.ownerReferences: Invalid value: ${JSON.stringify([
          { ...ok, controller: true },
          { ...ok, kind: 'Deployment', name: 'd', controller: true },
        ])}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and Deployment/d`,
      ],
    ],
    [
      [
        { ...ok, controller: true },
        { ...ok, controller: false },
      ],
      [],
    ],
  ];
  for (const [refs, want] of table) {
    assert.deepEqual(
      texts(validateOwnerReferences(refs, 'metadata.ownerReferences')),
      want,
      JSON.stringify(refs),
    );
  }
  const event = validateOwnerReferences(
    [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }],
    'metadata.ownerReferences',
  );
  assert.equal(event.length, 1);
  assert.equal(event[0]!.field, 'metadata.ownerReferences');
  assert.equal(event[0]!.detail, '/v1, Kind=Event is disallowed from being an owner');
  assert.deepEqual(
    validateOwnerReferences([{ apiVersion: 'events.k8s.io/v1', kind: 'Event', name: 'e', uid: 'u' }], 'm'),
    [],
  );
});

test('validateFinalizers and validateNoNewFinalizers', () => {
  const table: [string[] | undefined, string[]][] = [
    [undefined, []],
    [['kubernetes.io/pv-protection', 'foregroundDeletion', 'orphan-ish'], []],
    [['a b'], [`metadata.finalizers: Invalid value: "a b": ${QN_NAME}`]],
    [
      ['orphan', 'foregroundDeletion'],
      [
        'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
      ],
    ],
  ];
  for (const [finalizers, want] of table) {
    assert.deepEqual(texts(validateFinalizers(finalizers, 'metadata.finalizers')), want);
  }
  const noNew: [string[] | undefined, string[] | undefined, string[]][] = [
    [['a'], ['a', 'b'], []],
    [undefined, ['a'], []],
    [
      ['c', 'a', 'b', 'b'],
      ['a'],
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "c"}',
      ],
    ],
  ];
  for (const [next, prev, want] of noNew) {
    assert.deepEqual(texts(validateNoNewFinalizers(next, prev, 'metadata.finalizers')), want);
  }
});

test('validateFieldManager and validateManagedFields', () => {
  assert.deepEqual(validateFieldManager('kubectl-client-side-apply', 'f'), []);
  assert.deepEqual(texts(validateFieldManager('m'.repeat(129), 'f')), [
    'f: Too long: may not be more than 128 bytes',
  ]);
  const bad = validateFieldManager('é\x07', 'f');
  assert.deepEqual(
    bad.map((e) => e.detail),
    ['invalid character U+0007 (at position 2)'],
  );
  const table: [Parameters<typeof validateManagedFields>[0], string[]][] = [
    [undefined, []],
    [[{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' }], []],
    [
      [{ manager: 'kubectl', operation: 'Patch' as 'Apply' }],
      ['metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`'],
    ],
    [
      [{ manager: 'kubectl' }],
      ['metadata.managedFields[0].operation: Invalid value: "": must be `Apply` or `Update`'],
    ],
    [
      [
        { manager: 'm', operation: 'Update' },
        { manager: 'm', operation: 'Update', fieldsType: 'FieldsV2' as 'FieldsV1' },
      ],
      ['metadata.managedFields[1].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`'],
    ],
    [
      [{ manager: 'm', operation: 'Update', subresource: 's'.repeat(257) }],
      ['metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes'],
    ],
  ];
  for (const [entries, want] of table) {
    assert.deepEqual(texts(validateManagedFields(entries, 'metadata.managedFields')), want);
  }
});

test('validateObjectName and validateObjectMetaName', () => {
  const podRules: ObjectMetaRules = { namespaced: true, nameFn: nameIsDNSSubdomain };
  const nsRules: ObjectMetaRules = { namespaced: false, nameFn: nameIsDNSLabel };
  const svcRules: ObjectMetaRules = { namespaced: true, nameFn: nameIsDNS1035Label };
  const table: [ObjectMeta, ObjectMetaRules, string[]][] = [
    [{ name: 'web-1', namespace: 'default' }, podRules, []],
    [{ name: 'web.example', namespace: 'default' }, podRules, []],
    [{ namespace: 'default' }, podRules, ['metadata.name: Required value: name or generateName is required']],
    [
      { name: '', namespace: 'default' },
      podRules,
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      { name: 'Web', namespace: 'default' },
      podRules,
      [`metadata.name: Invalid value: "Web": ${DNS1123_SUBDOMAIN}`],
    ],
    [{ name: 'web-x7k2p', generateName: 'web-', namespace: 'default' }, podRules, []],
    [
      { name: 'Web-x7k2p', generateName: 'Web-', namespace: 'default' },
      podRules,
      [
        `metadata.generateName: Invalid value: "Web-": ${DNS1123_SUBDOMAIN}`,
        `metadata.name: Invalid value: "Web-x7k2p": ${DNS1123_SUBDOMAIN}`,
      ],
    ],
    [{ name: 'web' }, podRules, ['metadata.namespace: Required value']],
    [
      { name: 'web', namespace: 'a.b' },
      podRules,
      ['metadata.namespace: Invalid value: "a.b": must not contain dots'],
    ],
    [{ name: 'kube-system' }, nsRules, []],
    [
      { name: 'kube-system', namespace: 'x' },
      nsRules,
      ['metadata.namespace: Forbidden: not allowed on this type'],
    ],
    [{ name: 'a.b' }, nsRules, ['metadata.name: Invalid value: "a.b": must not contain dots']],
    [
      { name: '1svc', namespace: 'default' },
      svcRules,
      [`metadata.name: Invalid value: "1svc": ${DNS1035_LABEL}`],
    ],
  ];
  for (const [meta, rules, want] of table) {
    assert.deepEqual(texts(validateObjectMetaName(meta, rules)), want, JSON.stringify(meta));
  }
  assert.deepEqual(texts(validateObjectName(undefined, nameIsDNSSubdomain, 'x.name')), [
    'x.name: Required value: name or generateName is required',
  ]);
  assert.deepEqual(
    texts(validateObjectMetaName({ name: 'Bad' }, nsRules, FieldPath.root('spec', 'template', 'metadata'))),
    [
      "spec.template.metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  );
});

test('validateObjectMeta checks everything in metadata', () => {
  const rules: ObjectMetaRules = { namespaced: true, nameFn: nameIsDNSSubdomain };
  const good: ObjectMeta = {
    name: 'web',
    namespace: 'default',
    generation: 1,
    labels: { app: 'web' },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }],
    finalizers: ['example.com/cleanup'],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' }],
  };
  assert.deepEqual(validateObjectMeta(good, rules), []);
  const bad: ObjectMeta = {
    generation: -1,
    labels: { 'a b': 'c' },
    annotations: { 'x y': '' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: '', uid: 'u' }],
    finalizers: ['a b'],
    managedFields: [{ manager: 'm', operation: 'Update', fieldsType: 'X' as 'FieldsV1' }],
  };
  assert.deepEqual(texts(validateObjectMeta(bad, rules)), [
    'metadata.name: Required value: name or generateName is required',
    'metadata.namespace: Required value',
    'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    `metadata.labels: Invalid value: "a b": ${QN_NAME}`,
    `metadata.annotations: Invalid value: "x y": ${QN_NAME}`,
    'metadata.ownerReferences.name: Invalid value: "": must not be empty',
    `metadata.finalizers: Invalid value: "a b": ${QN_NAME}`,
    'metadata.managedFields[0].fieldsType: Invalid value: "X": must be `FieldsV1`',
  ]);
});

test('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['a'],
  };
  const table: [ObjectMeta, ObjectMeta, string[]][] = [
    [{ ...old }, old, []],
    [{ ...old, labels: { x: 'y' }, generation: 3 }, old, []],
    [{ ...old, creationTimestamp: null }, { ...old, creationTimestamp: undefined }, []],
    [
      { ...old, resourceVersion: '' },
      old,
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [{ ...old, generation: 1 }, old, ['metadata.generation: Invalid value: 1: must not be decremented']],
    [{ ...old, name: 'other' }, old, ['metadata.name: Invalid value: "other": field is immutable']],
    [
      { ...old, namespace: 'kube-system' },
      old,
      ['metadata.namespace: Invalid value: "kube-system": field is immutable'],
    ],
    [{ ...old, uid: 'u2' }, old, ['metadata.uid: Invalid value: "u2": field is immutable']],
    [
      { ...old, deletionGracePeriodSeconds: 30 },
      old,
      ['metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable'],
    ],
    [{ ...old, finalizers: ['a', 'b'] }, old, []],
    [
      { ...old, finalizers: ['a', 'b'], deletionTimestamp: '2024-01-02T00:00:00Z' },
      { ...old, deletionTimestamp: '2024-01-02T00:00:00Z' },
      [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b"}',
      ],
    ],
    [
      { ...old, finalizers: [] },
      { ...old, deletionTimestamp: '2024-01-02T00:00:00Z' },
      ['metadata.deletionTimestamp: Invalid value: null: field is immutable'],
    ],
    [{ ...old, labels: { 'a b': 'c' } }, old, [`metadata.labels: Invalid value: "a b": ${QN_NAME}`]],
  ];
  for (const [next, prev, want] of table) {
    assert.deepEqual(texts(validateObjectMetaUpdate(next, prev)), want, JSON.stringify(next));
  }
  assert.deepEqual(validateImmutableField('', undefined, 'x'), []);
  assert.deepEqual(texts(validateImmutableField(2, 1, 'x')), ['x: Invalid value: 2: field is immutable']);
});
