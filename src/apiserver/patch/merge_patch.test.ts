import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../api/status_error.js';
import type { JsonValue } from './json_value.js';
import { cloneJson } from './json_value.js';
import { applyMergePatch, createMergePatch, mergePatch } from './merge_patch.js';

// RFC 7386 Appendix A: [original, patch, result].
const rfcExamples: [JsonValue, JsonValue, JsonValue][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

for (const [original, patch, expected] of rfcExamples) {
  test(`mergePatch (RFC 7386): ${JSON.stringify(original)} + ${JSON.stringify(patch)}`, () => {
    const before = cloneJson(original);
    assert.deepEqual(mergePatch(original, patch), expected);
    assert.deepEqual(original, before, 'the target is not modified');
  });
}

interface Case {
  name: string;
  doc: JsonValue;
  patch: JsonValue;
  expected: JsonValue;
}

const upstreamCases: Case[] = [
  {
    name: 'merges a Deployment replica count and a label, deleting another',
    doc: { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 1 } },
    patch: { metadata: { labels: { b: null, c: '3' } }, spec: { replicas: 3 } },
    expected: { metadata: { labels: { a: '1', c: '3' } }, spec: { replicas: 3 } },
  },
  {
    name: 'replaces lists whole',
    doc: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
    patch: { spec: { containers: [{ name: 'c' }] } },
    expected: { spec: { containers: [{ name: 'c' }] } },
  },
  {
    name: 'drops nulls inside objects in an adopted array (unlike the RFC)',
    doc: { a: 'x' },
    patch: { a: [{ b: null, c: 1 }, null] },
    expected: { a: [{ c: 1 }, null] },
  },
  {
    name: 'keeps nulls inside an array that replaces an object (as upstream does)',
    doc: { a: { b: 1 } },
    patch: { a: [{ b: null }] },
    expected: { a: [{ b: null }] },
  },
  {
    name: 'an array patch replaces the document',
    doc: { a: 1 },
    patch: [{ b: null }],
    expected: [{}],
  },
  {
    name: 'a member that is null in the document is replaced like a missing one',
    doc: { e: null },
    patch: { e: { f: null, g: 1 } },
    expected: { e: { g: 1 } },
  },
];

for (const c of upstreamCases) {
  test(`applyMergePatch: ${c.name}`, () => {
    const doc = cloneJson(c.doc);
    const patch = cloneJson(c.patch);
    assert.deepEqual(applyMergePatch(doc, patch), c.expected);
    assert.deepEqual(doc, c.doc, 'the document is not modified');
    assert.deepEqual(patch, c.patch, 'the patch is not modified');
  });
}

for (const patch of [null, 'bar', 1, true] as JsonValue[]) {
  test(`applyMergePatch rejects ${JSON.stringify(patch)} with 400 "Invalid JSON Patch"`, () => {
    assert.throws(
      () => applyMergePatch({ a: 1 }, patch),
      (err: unknown) =>
        err instanceof StatusError &&
        err.code === 400 &&
        err.reason === 'BadRequest' &&
        err.message === 'Invalid JSON Patch',
    );
  });
}

const diffCases: { name: string; original: JsonValue; modified: JsonValue; patch: JsonValue }[] = [
  { name: 'equal objects', original: { a: 1, b: { c: 2 } }, modified: { a: 1, b: { c: 2 } }, patch: {} },
  { name: 'a changed scalar', original: { a: 1 }, modified: { a: 2 }, patch: { a: 2 } },
  { name: 'an added member', original: { a: 1 }, modified: { a: 1, b: 'x' }, patch: { b: 'x' } },
  { name: 'a removed member', original: { a: 1, b: 2 }, modified: { a: 1 }, patch: { b: null } },
  {
    name: 'a nested change',
    original: { metadata: { labels: { a: '1', b: '2' } } },
    modified: { metadata: { labels: { a: '1', c: '3' } } },
    patch: { metadata: { labels: { b: null, c: '3' } } },
  },
  { name: 'a changed array', original: { l: [1, 2] }, modified: { l: [2, 1] }, patch: { l: [2, 1] } },
  { name: 'an unchanged array', original: { l: [1, { a: 2 }] }, modified: { l: [1, { a: 2 }] }, patch: {} },
  { name: 'a changed type', original: { a: { b: 1 } }, modified: { a: 'flat' }, patch: { a: 'flat' } },
  { name: 'non-object inputs', original: [1], modified: [2], patch: [2] },
];

for (const c of diffCases) {
  test(`createMergePatch: ${c.name}`, () => {
    const patch = createMergePatch(c.original, c.modified);
    assert.deepEqual(patch, c.patch);
    assert.deepEqual(
      mergePatch(c.original, patch),
      c.modified,
      'applying the patch yields the modified value',
    );
  });
}
