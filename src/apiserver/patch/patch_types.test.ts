import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../api/status_error.js';
import type { JsonObject, JsonValue } from './json_value.js';
import { patchMetaForKind } from './patch_meta.js';
import type { PatchType } from './patch_types.js';
import {
  JSON_PATCH_TYPE,
  MERGE_PATCH_TYPE,
  STRATEGIC_MERGE_PATCH_TYPE,
  applyPatch,
  decodePatchBody,
  supportedPatchTypes,
} from './patch_types.js';

const deployment: JsonObject = {
  metadata: { name: 'web' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      },
    },
  },
};
const meta = patchMetaForKind('apps', 'Deployment');

const cases: { type: PatchType; body: string; containers: JsonValue }[] = [
  {
    type: JSON_PATCH_TYPE,
    body: '[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"b:2"}]',
    containers: [
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:2' },
    ],
  },
  {
    type: MERGE_PATCH_TYPE,
    body: '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"b:2"}]}}}}',
    containers: [{ name: 'b', image: 'b:2' }],
  },
  {
    type: STRATEGIC_MERGE_PATCH_TYPE,
    body: '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"b:2"}]}}}}',
    containers: [
      { name: 'a', image: 'a:1' },
      { name: 'b', image: 'b:2' },
    ],
  },
];

for (const c of cases) {
  test(`applyPatch: ${c.type}`, () => {
    const { object, strictErrors } = applyPatch(c.type, deployment, decodePatchBody(c.type, c.body), meta);
    assert.deepEqual(strictErrors, []);
    const result = object as JsonObject;
    const spec = (result.spec as JsonObject).template as JsonObject;
    assert.deepEqual((spec.spec as JsonObject).containers, c.containers);
  });
}

test('applyPatch: strategic merge patch without metadata (a custom resource) is 415', () => {
  assert.throws(
    () => applyPatch(STRATEGIC_MERGE_PATCH_TYPE, { spec: {} }, { spec: { a: 1 } }, undefined),
    (err: unknown) =>
      err instanceof StatusError &&
      err.code === 415 &&
      err.reason === 'UnsupportedMediaType' &&
      err.message ===
        'the body of the request was in an unknown format - accepted media types include: ' +
          'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
});

test('supportedPatchTypes: built-in kinds also take strategic merge patch', () => {
  assert.deepEqual(supportedPatchTypes(true), [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ]);
});

const badBodies: { type: PatchType; body: string; message: string }[] = [
  { type: MERGE_PATCH_TYPE, body: '{"a":', message: 'Invalid JSON Patch' },
  { type: JSON_PATCH_TYPE, body: '', message: 'unexpected end of JSON input' },
  { type: STRATEGIC_MERGE_PATCH_TYPE, body: '{"a":', message: 'unexpected end of JSON input' },
];

for (const c of badBodies) {
  test(`decodePatchBody: malformed ${c.type} is 400 "${c.message}"`, () => {
    assert.throws(
      () => decodePatchBody(c.type, c.body),
      (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === c.message,
    );
  });
}

test('applyPatch: checks the body strictly unless field validation is Ignore', () => {
  const patch = [{ op: 'add', path: '/metadata/labels', value: {}, extra: 1 }];
  assert.deepEqual(applyPatch(JSON_PATCH_TYPE, deployment, patch, meta).strictErrors, [
    'json patch unknown field "extra"',
  ]);
  assert.deepEqual(applyPatch(JSON_PATCH_TYPE, deployment, patch, meta, 'Ignore').strictErrors, []);
  assert.throws(
    () => applyPatch(MERGE_PATCH_TYPE, deployment, [1], meta, 'Strict'),
    (err: unknown) =>
      err instanceof StatusError && err.code === 400 && err.message.startsWith('error decoding patch:'),
  );
  assert.deepEqual(applyPatch(MERGE_PATCH_TYPE, deployment, [1], meta, 'Ignore').object, [1]);
});
