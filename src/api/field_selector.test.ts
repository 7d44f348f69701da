import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldRequirement } from './field_selector.js';
import {
  FieldSelector,
  FieldSelectorParseError,
  escapeFieldSelectorValue,
  fieldLabelNotSupportedMessage,
  parseFieldSelector,
  unescapeFieldSelectorValue,
} from './field_selector.js';

test('parse: requirements in upstream order, canonical string', () => {
  const table: [string, FieldRequirement[], string][] = [
    ['', [], ''],
    [',,', [], ''],
    ['a=b', [{ field: 'a', operator: '=', value: 'b' }], 'a=b'],
    ['a==b', [{ field: 'a', operator: '=', value: 'b' }], 'a=b'],
    ['a!=b', [{ field: 'a', operator: '!=', value: 'b' }], 'a!=b'],
    ['a=', [{ field: 'a', operator: '=', value: '' }], 'a='],
    ['=b', [{ field: '', operator: '=', value: 'b' }], '=b'],
    ['a=b,', [{ field: 'a', operator: '=', value: 'b' }], 'a=b'],
    [
      'spec.nodeName=n1,metadata.name=foo',
      [
        { field: 'metadata.name', operator: '=', value: 'foo' },
        { field: 'spec.nodeName', operator: '=', value: 'n1' },
      ],
      'metadata.name=foo,spec.nodeName=n1',
    ],
    // terms are sorted as written: '!' sorts before '='
    [
      'a=c,a!=b',
      [
        { field: 'a', operator: '!=', value: 'b' },
        { field: 'a', operator: '=', value: 'c' },
      ],
      'a!=b,a=c',
    ],
    ['a=!b', [{ field: 'a', operator: '=', value: '!b' }], 'a=!b'],
    ['a==!b', [{ field: 'a', operator: '=', value: '!b' }], 'a=!b'],
    ['a=x\\,y', [{ field: 'a', operator: '=', value: 'x,y' }], 'a=x\\,y'],
    ['a=x\\=y', [{ field: 'a', operator: '=', value: 'x=y' }], 'a=x\\=y'],
    ['a=x\\\\y', [{ field: 'a', operator: '=', value: 'x\\y' }], 'a=x\\\\y'],
    [
      'a=x\\\\,b=y',
      [
        { field: 'a', operator: '=', value: 'x\\' },
        { field: 'b', operator: '=', value: 'y' },
      ],
      'a=x\\\\,b=y',
    ],
    ['a b=c d', [{ field: 'a b', operator: '=', value: 'c d' }], 'a b=c d'],
    // field names take no escapes: the first operator splits the term
    ['a\\=b', [{ field: 'a\\', operator: '=', value: 'b' }], 'a\\=b'],
  ];
  for (const [input, reqs, str] of table) {
    const sel = FieldSelector.parse(input);
    assert.deepEqual(sel.requirements, reqs, input);
    assert.equal(sel.toString(), str, input);
    assert.equal(sel.isEmpty(), reqs.length === 0, input);
    assert.equal(parseFieldSelector(input).toString(), str, input);
  }
});

test('parse errors carry upstream messages', () => {
  const table: [string, string][] = [
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['c,a=b', "invalid selector: 'c,a=b'; can't understand 'c'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\c', 'invalid field selector: invalid escape sequence: \\c'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, want] of table) {
    assert.throws(
      () => FieldSelector.parse(input),
      (e: unknown) => {
        assert.ok(e instanceof FieldSelectorParseError, input);
        assert.equal(e.message, want, input);
        return true;
      },
    );
  }
});

test('matches reads a missing field as the empty string', () => {
  const obj: Record<string, string> = { 'metadata.name': 'foo', 'spec.nodeName': '' };
  const get = (f: string) => obj[f];
  const table: [string, boolean][] = [
    ['', true],
    ['metadata.name=foo', true],
    ['metadata.name==foo', true],
    ['metadata.name=bar', false],
    ['metadata.name!=bar', true],
    ['metadata.name!=foo', false],
    ['spec.nodeName=', true],
    ['status.phase=', true],
    ['status.phase!=Running', true],
    ['status.phase=Running', false],
    ['metadata.name=foo,spec.nodeName!=', false],
  ];
  for (const [sel, want] of table) assert.equal(FieldSelector.parse(sel).matches(get), want, sel);
});

test('requiresExactMatch', () => {
  const table: [string, string, string | undefined][] = [
    ['a=b', 'a', 'b'],
    ['a==b', 'a', 'b'],
    ['a!=b', 'a', undefined],
    ['a=b', 'c', undefined],
    ['a!=x,a=b', 'a', 'b'],
  ];
  for (const [sel, field, want] of table)
    assert.equal(FieldSelector.parse(sel).requiresExactMatch(field), want, sel);
});

test('transform converts or rejects field labels', () => {
  const convert = (field: string, value: string): [string, string] => {
    if (field === 'spec.host') return ['spec.nodeName', value];
    if (field === 'drop') return ['', ''];
    if (field === 'metadata.name' || field === 'spec.nodeName') return [field, value];
    throw new Error(fieldLabelNotSupportedMessage(field));
  };
  assert.equal(
    FieldSelector.parse('spec.host=n1,metadata.name=x').transform(convert).toString(),
    'metadata.name=x,spec.nodeName=n1',
  );
  assert.equal(FieldSelector.parse('drop=x').transform(convert).isEmpty(), true);
  assert.throws(() => FieldSelector.parse('spec.foo=x').transform(convert), {
    message: 'field label not supported: spec.foo',
  });
});

test('fromSet and everything', () => {
  assert.equal(FieldSelector.everything().isEmpty(), true);
  assert.equal(
    FieldSelector.everything().matches(() => undefined),
    true,
  );
  assert.equal(FieldSelector.fromSet(undefined).isEmpty(), true);
  const s = FieldSelector.fromSet({ 'metadata.name': 'a,b' });
  assert.equal(s.toString(), 'metadata.name=a\\,b');
  assert.equal(
    FieldSelector.parse(s.toString()).matches((f) => (f === 'metadata.name' ? 'a,b' : undefined)),
    true,
  );
});

test('escape and unescape values', () => {
  const table: [string, string][] = [
    ['', ''],
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['a\\b', 'a\\\\b'],
    ['\\,=', '\\\\\\,\\='],
    ['ünï', 'ünï'],
  ];
  for (const [raw, escaped] of table) {
    assert.equal(escapeFieldSelectorValue(raw), escaped);
    assert.equal(unescapeFieldSelectorValue(escaped), raw);
  }
  assert.throws(() => unescapeFieldSelectorValue('a,b'), {
    message: 'invalid field selector: unescaped character in value: 44',
  });
  assert.equal(fieldLabelNotSupportedMessage('spec.foo'), 'field label not supported: spec.foo');
});
