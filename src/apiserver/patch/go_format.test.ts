import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareGoStrings, goFormat, goFormatString } from './go_format.js';
import type { JsonValue } from './json_value.js';

test('goFormat: renders values as fmt %v renders decoded JSON', () => {
  const table: [JsonValue, string][] = [
    [null, '<nil>'],
    ['nginx', 'nginx'],
    [80, '80'],
    [-3, '-3'],
    [1.5, '1.5'],
    [1234567.5, '1.2345675e+06'],
    [0.00001, '1e-05'],
    [true, 'true'],
    [[], '[]'],
    [['a', 1, null], '[a 1 <nil>]'],
    [{}, 'map[]'],
    [
      { name: 'b', image: 'nginx', ports: [{ containerPort: 80 }] },
      'map[image:nginx name:b ports:[map[containerPort:80]]]',
    ],
  ];
  for (const [value, text] of table) assert.equal(goFormat(value), text, JSON.stringify(value));
});

test('goFormatString: renders non-strings as Go does for %s', () => {
  assert.equal(goFormatString('merge'), 'merge');
  assert.equal(goFormatString(1), '%!s(int64=1)');
  assert.equal(goFormatString(null), '%!s(<nil>)');
});

test('compareGoStrings: orders by UTF-8 bytes', () => {
  const table: [string, string, number][] = [
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['Z', 'a', -1],
    ['10', '9', -1],
    ['\uffff', '\u{10000}', -1],
  ];
  for (const [a, b, sign] of table) assert.equal(Math.sign(compareGoStrings(a, b)), sign, `${a} vs ${b}`);
});
