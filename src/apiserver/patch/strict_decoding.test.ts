import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../api/status_error.js';
import type { JsonValue } from './json_value.js';
import { checkMergePatchStrictly, strictJsonPatchErrors } from './strict_decoding.js';

test('strictJsonPatchErrors: reports unknown operation fields in order', () => {
  const table: [JsonValue, string[]][] = [
    [null, []],
    [[], []],
    [[{ op: 'add', path: '/a', value: 1 }], []],
    [
      [{ op: 'add', path: '/a', value: 1, xyz: 2 }, null, { op: 'remove', path: '/b', Op: 'x' }],
      ['json patch unknown field "xyz"', 'json patch unknown field "Op"'],
    ],
  ];
  for (const [patch, errors] of table) assert.deepEqual(strictJsonPatchErrors(patch), errors);
});

const badJsonPatches: [JsonValue, string][] = [
  [
    { op: 'add' },
    'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
  ],
  [['add'], 'error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp'],
  [
    [{ op: 1, path: '/a' }],
    'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
  ],
  [
    [{ op: 'move', from: ['/a'], path: '/b' }],
    'error decoding patch: json: cannot unmarshal array into Go struct field jsonPatchOp.from of type string',
  ],
];

for (const [patch, message] of badJsonPatches) {
  test(`strictJsonPatchErrors rejects ${JSON.stringify(patch)} with 400`, () => {
    assert.throws(
      () => strictJsonPatchErrors(patch),
      (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === message,
    );
  });
}

test('checkMergePatchStrictly: objects and null pass, anything else is 400', () => {
  checkMergePatchStrictly({ a: null });
  checkMergePatchStrictly(null);
  const table: [JsonValue, string][] = [
    [[1], 'array'],
    ['x', 'string'],
    [true, 'bool'],
  ];
  for (const [patch, type] of table) {
    assert.throws(
      () => checkMergePatchStrictly(patch),
      (err: unknown) =>
        err instanceof StatusError &&
        err.code === 400 &&
        err.message ===
          `error decoding patch: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
    );
  }
});
