/** Strategic merge patch on the field kinds of upstream's own tests (strategicpatch/patch_test.go). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from './json_value.js';
import { patchMetaFromTable } from './patch_meta.js';
import { strategicMergePatch } from './strategic_merge_patch.js';

// The field kinds of upstream's own strategic merge patch tests (strategicpatch/patch_test.go).
const testSchema = patchMetaFromTable(
  {
    MergeItem: {
      mergingList: { strategy: 'merge', mergeKey: 'name', type: 'MergeItem' },
      mergingIntList: { strategy: 'merge' },
      replacingItem: { strategy: 'replace' },
      retainKeysMap: { strategy: 'retainKeys' },
    },
  },
  'MergeItem',
);

const schemaCases: { name: string; original: JsonObject; patch: JsonObject; expected: JsonObject }[] = [
  {
    name: 'a replace-strategy map is replaced, not merged',
    original: { replacingItem: { old: 1, keep: 2 } },
    patch: { replacingItem: { new: 3 } },
    expected: { replacingItem: { new: 3 } },
  },
  {
    name: 'a merge list of integers is a union',
    original: { mergingIntList: [1, 2] },
    patch: { mergingIntList: [2, 3] },
    expected: { mergingIntList: [1, 2, 3] },
  },
  {
    name: '$deleteFromPrimitiveList removes integers',
    original: { mergingIntList: [1, 2, 3] },
    patch: { '$deleteFromPrimitiveList/mergingIntList': [1, 3] },
    expected: { mergingIntList: [2] },
  },
  {
    name: '$patch: replace alone empties a merge list',
    original: { mergingList: [{ name: 'a' }, { name: 'b' }] },
    patch: { mergingList: [{ $patch: 'replace' }] },
    expected: { mergingList: [] },
  },
  {
    name: '$patch: delete removes every item with the merge key',
    original: { mergingList: [{ name: 'a', v: 1 }, { name: 'b' }, { name: 'a', v: 2 }] },
    patch: { mergingList: [{ name: 'a', $patch: 'delete' }] },
    expected: { mergingList: [{ name: 'b' }] },
  },
  {
    name: 'a list item carrying $patch: replace replaces the whole list and is itself dropped',
    original: { mergingList: [{ name: 'a', x: 1, y: 2 }] },
    patch: { mergingList: [{ name: 'b' }, { name: 'a', $patch: 'replace', z: 3 }] },
    expected: { mergingList: [{ name: 'b' }] },
  },
  {
    name: 'nested merge lists merge at every level',
    original: { mergingList: [{ name: 'a', mergingList: [{ name: 'x', v: 1 }] }] },
    patch: { mergingList: [{ name: 'a', mergingList: [{ name: 'y', v: 2 }] }] },
    expected: {
      mergingList: [
        {
          name: 'a',
          mergingList: [
            { name: 'y', v: 2 },
            { name: 'x', v: 1 },
          ],
        },
      ],
    },
  },
  {
    name: '$retainKeys with a null value clears that key too',
    original: { retainKeysMap: { name: 'n', value: 'v', other: 'o' } },
    patch: { retainKeysMap: { $retainKeys: ['name', 'value'], value: null } },
    expected: { retainKeysMap: { name: 'n' } },
  },
];

for (const c of schemaCases) {
  test(`strategicMergePatch (upstream test schema): ${c.name}`, () => {
    assert.deepEqual(strategicMergePatch(c.original, c.patch, testSchema), c.expected);
  });
}
