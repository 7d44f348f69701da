import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goSliceStable } from './go_sort.js';

test('goSliceStable: sorts stably like any stable sort when less is a strict order', () => {
  for (const length of [0, 1, 2, 19, 20, 21, 45, 100, 257]) {
    const items = Array.from({ length }, (_, i) => ({ key: (i * 7919) % 13, seq: i }));
    const expected = [...items].sort((a, b) => a.key - b.key);
    assert.deepEqual(
      goSliceStable([...items], (a, b) => a.key < b.key),
      expected,
      `length ${length}`,
    );
  }
});

test('goSliceStable: follows Go step for step when less always answers true', () => {
  // Go's insertion sort moves each item to the front of its block of 20: small inputs reverse.
  const table: [string[], string[]][] = [
    [['x'], ['x']],
    [
      ['x', 'y'],
      ['y', 'x'],
    ],
    [
      ['x', 'y', 'z'],
      ['z', 'y', 'x'],
    ],
  ];
  for (const [input, expected] of table) {
    assert.deepEqual(
      goSliceStable([...input], () => true),
      expected,
    );
  }
});

test('goSliceStable: sorts in place and returns the same array', () => {
  const items = [3, 1, 2];
  assert.equal(
    goSliceStable(items, (a, b) => a < b),
    items,
  );
  assert.deepEqual(items, [1, 2, 3]);
});
