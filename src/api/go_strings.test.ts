import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goQuote, goStringCompare, goStringSlice } from './go_strings.js';

test('goQuote prints strings as Go %q does', () => {
  const table: [string, string][] = [
    ['', '""'],
    ['app', '"app"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['tab\there', '"tab\\there"'],
    ['nl\n', '"nl\\n"'],
    ['\x07\b\f\r\v', '"\\a\\b\\f\\r\\v"'],
    ['\x00\x01\x7f', '"\\x00\\x01\\x7f"'],
    ['é中', '"é中"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['😀', '"😀"'],
    ['\ud800', '"\ufffd"'],
  ];
  for (const [input, want] of table) assert.equal(goQuote(input), want, JSON.stringify(input));
});

test('goStringSlice prints []string as Go %#v does', () => {
  const table: [readonly string[], boolean, string][] = [
    [[], false, '[]string{}'],
    [[], true, '[]string(nil)'],
    [['a'], false, '[]string{"a"}'],
    [['a', 'b c'], false, '[]string{"a", "b c"}'],
  ];
  for (const [values, nil, want] of table) assert.equal(goStringSlice(values, nil), want);
});

test('goStringCompare orders by UTF-8 bytes, as Go does', () => {
  const table: [string, string, number][] = [
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['a', 'ab', -1],
    ['B', 'a', -1],
    // U+E000 (EE 80 80) sorts before U+10000 (F0 90 80 80) in bytes, after it in UTF-16 units.
    ['\ue000', '\u{10000}', -1],
  ];
  for (const [a, b, want] of table) assert.equal(Math.sign(goStringCompare(a, b)), want, `${a} vs ${b}`);
  assert.deepEqual(['\ue000', '\u{10000}'].sort(), ['\u{10000}', '\ue000']);
  assert.deepEqual(['\u{10000}', '\ue000'].sort(goStringCompare), ['\ue000', '\u{10000}']);
});
