import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../api/status_error.js';
import { MAX_JSON_PATCH_OPERATIONS, applyJsonPatch, decodeToken } from './json_patch.js';
import type { JsonValue } from './json_value.js';
import { cloneJson } from './json_value.js';
import { PatchUnprocessableError } from './patch_errors.js';

interface Case {
  name: string;
  doc: JsonValue;
  patch: JsonValue;
  expected: JsonValue;
}

// RFC 6902 Appendix A, then the behaviours of evanphx/json-patch v4 that kube-apiserver exposes.
const cases: Case[] = [
  {
    name: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    expected: { baz: 'qux', foo: 'bar' },
  },
  {
    name: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    expected: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    expected: { foo: 'bar' },
  },
  {
    name: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    expected: { foo: ['bar', 'baz'] },
  },
  {
    name: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    expected: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    expected: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    expected: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    expected: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    expected: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'A.11 ignoring unrecognized elements',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    expected: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    expected: { '/': 9, '~1': 10 },
  },
  {
    name: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    expected: { foo: ['bar', ['abc', 'def']] },
  },
  {
    name: 'copy deep-copies the value',
    doc: { a: { b: 1 } },
    patch: [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'add', path: '/c/d', value: 2 },
    ],
    expected: { a: { b: 1 }, c: { b: 1, d: 2 } },
  },
  {
    name: 'a kubectl-style label patch with ~1 in the key',
    doc: { metadata: { labels: {} } },
    patch: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }],
    expected: { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } },
  },
  {
    name: 'replace of the whole document',
    doc: { a: 1 },
    patch: [{ op: 'replace', path: '', value: { b: 2 } }],
    expected: { b: 2 },
  },
  {
    name: 'upstream: negative indexes count from the end',
    doc: { foo: ['a', 'b', 'c'] },
    patch: [
      { op: 'remove', path: '/foo/-1' },
      { op: 'add', path: '/foo/-1', value: 'z' },
    ],
    expected: { foo: ['a', 'b', 'z'] },
  },
  {
    name: 'upstream: replace of a missing member adds it',
    doc: { a: 1 },
    patch: [{ op: 'replace', path: '/b', value: 2 }],
    expected: { a: 1, b: 2 },
  },
  {
    name: 'upstream: copy from a missing member copies null',
    doc: { a: 1 },
    patch: [{ op: 'copy', from: '/missing', path: '/b' }],
    expected: { a: 1, b: null },
  },
  {
    name: 'upstream: test of a missing member against null succeeds',
    doc: { a: 1 },
    patch: [{ op: 'test', path: '/missing', value: null }],
    expected: { a: 1 },
  },
  {
    name: 'upstream: add without a value adds null',
    doc: { a: 1 },
    patch: [{ op: 'add', path: '/b' }],
    expected: { a: 1, b: null },
  },
  {
    name: 'upstream: the first pointer segment is not checked',
    doc: { bar: 1 },
    patch: [{ op: 'replace', path: 'x/bar', value: 2 }],
    expected: { bar: 2 },
  },
  {
    name: 'a null patch and an empty patch change nothing',
    doc: { a: 1 },
    patch: null,
    expected: { a: 1 },
  },
];

for (const c of cases) {
  test(`applyJsonPatch: ${c.name}`, () => {
    const doc = cloneJson(c.doc);
    const patch = cloneJson(c.patch);
    assert.deepEqual(applyJsonPatch(doc, patch), c.expected);
    assert.deepEqual(doc, c.doc, 'the document is not modified');
    assert.deepEqual(patch, c.patch, 'the patch is not modified');
  });
}

test('applyJsonPatch: the result shares nothing with the patch', () => {
  const patch = [{ op: 'add', path: '/a', value: { b: 1 } }];
  const result = applyJsonPatch({}, patch) as { a: { b: number } };
  result.a.b = 2;
  assert.deepEqual(patch[0]?.value, { b: 1 });
});

interface ErrorCase {
  name: string;
  doc?: JsonValue;
  patch: JsonValue;
  code: number;
  reason: string;
  message: string;
  detail?: string;
}

const UNPROCESSABLE = 'the server rejected our request due to an error in our request';

const errorCases: ErrorCase[] = [
  {
    name: 'a patch that is an object',
    patch: { op: 'add', path: '/a', value: 1 },
    code: 400,
    reason: 'BadRequest',
    message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  },
  {
    name: 'an operation that is not an object',
    patch: ['add'],
    code: 400,
    reason: 'BadRequest',
    message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
  },
  {
    name: 'an unknown op (A.9-style failure is 422 too)',
    patch: [{ op: 'frobnicate', path: '/a' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'Unexpected kind: frobnicate',
  },
  {
    name: 'an operation without op',
    patch: [{ path: '/a', value: 1 }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'Unexpected kind: unknown',
  },
  {
    name: 'A.9 a failed test',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'testing value /baz failed: test failed',
  },
  {
    name: 'A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'add operation does not apply: doc is missing path: "/baz/bat": missing value',
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
  },
  {
    name: 'a pointer without a slash',
    patch: [{ op: 'add', path: 'spec', value: 1 }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'add operation does not apply: doc is missing path: "spec": missing value',
  },
  {
    name: 'an operation without a path',
    patch: [{ op: 'remove' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
    detail: 'remove operation failed to decode path: missing value',
  },
  {
    name: 'removing a missing member',
    patch: [{ op: 'remove', path: '/nope' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
  },
  {
    name: 'an index past the end',
    doc: { foo: ['a'] },
    patch: [{ op: 'add', path: '/foo/5', value: 'x' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
  },
  {
    name: 'an index that is not a number',
    doc: { foo: ['a'] },
    patch: [{ op: 'replace', path: '/foo/x', value: 'b' }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
  },
  {
    name: 'replacing the document with a scalar',
    patch: [{ op: 'replace', path: '', value: 1 }],
    code: 422,
    reason: 'Invalid',
    message: UNPROCESSABLE,
  },
  {
    name: 'too many operations',
    patch: Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({
      op: 'test',
      path: '/a',
      value: 1,
    })),
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
  },
];

for (const c of errorCases) {
  test(`applyJsonPatch rejects ${c.name}`, () => {
    assert.throws(
      () => applyJsonPatch(c.doc ?? { a: 1 }, c.patch),
      (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, c.code);
        assert.equal(err.reason, c.reason);
        assert.equal(err.message, c.message);
        if (c.detail !== undefined) {
          assert.ok(err instanceof PatchUnprocessableError);
          assert.equal(err.detail, c.detail);
        }
        return true;
      },
    );
  });
}

test('applyJsonPatch: a failed operation is answered as upstream answers it', () => {
  try {
    applyJsonPatch({}, [{ op: 'remove', path: '/a' }]);
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof StatusError);
    assert.deepEqual(err.toStatus(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: UNPROCESSABLE,
      reason: 'Invalid',
      details: {},
      code: 422,
    });
  }
});

test('decodeToken: unescapes ~1 and ~0 in one pass', () => {
  for (const [token, decoded] of [
    ['a~1b', 'a/b'],
    ['m~0n', 'm~n'],
    ['~01', '~1'],
    ['~10', '/0'],
    ['~2', '~2'],
  ] as const) {
    assert.equal(decodeToken(token), decoded);
  }
});
