import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import { checkObjectMetaTypes } from './object_meta_types.js';

const check = (meta: Record<string, unknown>) => checkObjectMetaTypes(meta, 'Pod', 'v1');
const bad = (meta: Record<string, unknown>, message: string) =>
  assert.throws(
    () => check(meta),
    (e: unknown) =>
      e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest' && e.message === message,
  );

test('wrong JSON types in metadata are 400 with Go decoder wording', () => {
  const prefix = 'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal';
  bad(
    { labels: { a: -1 } },
    `${prefix} number into Go struct field ObjectMeta.metadata.labels of type string`,
  );
  bad({ name: [] }, `${prefix} array into Go struct field ObjectMeta.metadata.name of type string`);
  bad(
    { annotations: 'x' },
    `${prefix} string into Go struct field ObjectMeta.metadata.annotations of type map[string]string`,
  );
  bad(
    { generation: '1' },
    `${prefix} string into Go struct field ObjectMeta.metadata.generation of type int64`,
  );
  bad(
    { finalizers: [1] },
    `${prefix} number into Go struct field ObjectMeta.metadata.finalizers of type string`,
  );
  bad(
    { ownerReferences: [{ name: 5 }] },
    `${prefix} number into Go struct field OwnerReference.metadata.ownerReferences.name of type string`,
  );
  bad(
    { ownerReferences: [{ controller: 'yes' }] },
    `${prefix} string into Go struct field OwnerReference.metadata.ownerReferences.controller of type bool`,
  );
});

test('null decodes as the zero value', () => {
  const meta: Record<string, unknown> = {
    name: 'a',
    labels: { x: null },
    annotations: null,
    finalizers: [null],
  };
  check(meta);
  assert.deepEqual(meta, { name: 'a', labels: { x: '' }, finalizers: [''] });
});
