import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorText } from './field_errors.js';
import type { Labels, MetaLabelSelector } from './label_selector.js';
import {
  LabelSelector,
  SelectorParseError,
  formatLabelSelector,
  labelSelectorAsSelector,
  newRequirement,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from './label_selector.js';

// Upstream's texts, written out in full.
const QUALIFIED_NAME_REGEX =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const SUBDOMAIN_REGEX =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const BINARY_OPS = 'in, notin, =, ==, !=, gt, lt';

test('parse accepts upstream grammar and prints the canonical form', () => {
  const table: [string, string][] = [
    ['', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c,x=a', 'x=a,z=c'],
    ['x==a', 'x==a'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['close=value', 'close=value'],
    ['notin=in', 'notin=in'],
    ['in in (in)', 'in in (in)'],
    ['x in (b,a,a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (,a)', 'x in (,a)'],
    ['x in (a,)', 'x in (,a)'],
    ['x', 'x'],
    ['!x', '!x'],
    ['  x  ,  !y  ', 'x,!y'],
    ['x\t=\ta', 'x=a'],
    ['x=', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x>01', 'x>01'],
    ['example.com/app=web-1.2_x', 'example.com/app=web-1.2_x'],
    ['b=1,a', 'a,b=1'],
    ['a=1,a!=2', 'a=1,a!=2'],
    // A NUL where a token starts ends the input, as upstream's byte reader sees it.
    ['x=a \0 ignored', 'x=a'],
  ];
  for (const [input, want] of table) {
    assert.equal(LabelSelector.parse(input).toString(), want, input);
    assert.equal(parseLabelSelector(input).toString(), want, input);
  }
});

test('parse rejects bad input with upstream messages', () => {
  const long = 'a'.repeat(64);
  const table: [string, string][] = [
    ['a b', `unable to parse requirement: found 'b', expected: ${BINARY_OPS}`],
    ['a in', `unable to parse requirement: found '' expected: '('`],
    ['a in b', `unable to parse requirement: found 'b' expected: '('`],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!!a', "unable to parse requirement: found '!', expected: identifier"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    // A NUL inside an identifier only ends that identifier.
    ['x=a\0b', "found 'b', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'a/b/c',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${QUALIFIED_NAME_REGEX} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      'Foo_/x=y',
      `unable to parse requirement: <nil>: Invalid value: "Foo_/x": prefix part ${SUBDOMAIN_REGEX}`,
    ],
    [
      'x/=y',
      `unable to parse requirement: <nil>: Invalid value: "x/": name part must be non-empty; name part ${QUALIFIED_NAME_REGEX}`,
    ],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${LABEL_VALUE_REGEX}`],
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_REGEX}`],
    [
      `a=${long}`,
      `unable to parse requirement: values[0][a]: Invalid value: "${long}": must be no more than 63 characters`,
    ],
    ['a in (b,-c)', `unable to parse requirement: values[0][a]: Invalid value: "-c": ${LABEL_VALUE_REGEX}`],
    [
      'x<a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>99999999999999999999',
      `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>-z',
      `unable to parse requirement: [values[0]: Invalid value: "-z": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "-z": ${LABEL_VALUE_REGEX}]`,
    ],
    ['a=\x01', `unable to parse requirement: values[0][a]: Invalid value: "\\x01": ${LABEL_VALUE_REGEX}`],
  ];
  for (const [input, want] of table) {
    assert.throws(
      () => LabelSelector.parse(input),
      (e: unknown) => {
        assert.ok(e instanceof SelectorParseError, input);
        assert.equal(e.message, want, input);
        return true;
      },
    );
  }
});

test('matches', () => {
  const table: [string, Labels, boolean][] = [
    ['', undefined, true],
    ['', { a: 'b' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y', {}, false],
    ['x=y', undefined, false],
    ['x==y', { x: 'y' }, true],
    ['x!=y', { x: 'z' }, true],
    ['x!=y', {}, true],
    ['x!=y', { x: 'y' }, false],
    ['x in (a,b)', { x: 'b' }, true],
    ['x in (a,b)', { x: 'c' }, false],
    ['x in (a,b)', {}, false],
    ['x notin (a,b)', { x: 'c' }, true],
    ['x notin (a,b)', {}, true],
    ['x notin (a,b)', { x: 'a' }, false],
    ['x', { x: '' }, true],
    ['x', { y: 'x' }, false],
    ['!x', { y: 'x' }, true],
    ['!x', { x: '' }, false],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x in ()', { x: '' }, true],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x>1', { x: 'a' }, false],
    ['x>1', {}, false],
    ['x<1', { x: '-5' }, true],
    ['x<1', { x: '+0' }, true],
    ['x<1', { x: '99999999999999999999' }, false],
    ['x=a,y', { x: 'a', y: 'b' }, true],
    ['x=a,y', { x: 'a' }, false],
    ['constructor', {}, false],
    ['toString=x', {}, false],
  ];
  for (const [sel, labels, want] of table) {
    assert.equal(LabelSelector.parse(sel).matches(labels), want, `${sel} on ${JSON.stringify(labels)}`);
  }
});

test('everything and nothing are distinct', () => {
  const table: [LabelSelector, boolean, boolean, boolean][] = [
    // selector, matches {}, isEmpty, isNothing
    [LabelSelector.everything(), true, true, false],
    [LabelSelector.parse(''), true, true, false],
    [LabelSelector.nothing(), false, false, true],
    [LabelSelector.parse('a'), false, false, false],
  ];
  for (const [sel, matches, empty, nothing] of table) {
    assert.equal(sel.matches({}), matches);
    assert.equal(sel.isEmpty(), empty);
    assert.equal(sel.isNothing(), nothing);
  }
  assert.equal(LabelSelector.nothing().toString(), '');
  assert.equal(
    LabelSelector.nothing()
      .add(newRequirement('a', 'exists', []))
      .isNothing(),
    true,
  );
  assert.deepEqual(LabelSelector.nothing().requirements(), []);
});

test('labelSelectorAsSelector follows LabelSelectorAsSelector', () => {
  const table: [MetaLabelSelector | null | undefined, string, boolean][] = [
    // selector, canonical string, matches {app: web, tier: fe}
    [null, '', false],
    [undefined, '', false],
    [{}, '', true],
    [{ matchLabels: {}, matchExpressions: [] }, '', true],
    [{ matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe', true],
    [{ matchLabels: { app: 'db' } }, 'app=db', false],
    [
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
      'app in (api,web)',
      true,
    ],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, 'app notin (web)', false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, 'tier', true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }, '!tier', false],
    [{ matchLabels: { z: 'z' }, matchExpressions: [{ key: 'app', operator: 'Exists' }] }, 'app,z=z', false],
  ];
  for (const [ps, str, matches] of table) {
    const sel = labelSelectorAsSelector(ps);
    assert.equal(sel.toString(), str, JSON.stringify(ps));
    assert.equal(sel.matches({ app: 'web', tier: 'fe' }), matches, JSON.stringify(ps));
  }
});

test('labelSelectorAsSelector errors as upstream', () => {
  const table: [MetaLabelSelector, string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid pod selector operator'],
    [
      { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] },
      '"in" is not a valid pod selector operator',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { 'a b': 'c' } }, `key: Invalid value: "a b": name part ${QUALIFIED_NAME_REGEX}`],
    [{ matchLabels: { a: '-' } }, `values[0][a]: Invalid value: "-": ${LABEL_VALUE_REGEX}`],
    [
      { matchLabels: { 'a b': '-' } },
      `[key: Invalid value: "a b": name part ${QUALIFIED_NAME_REGEX}, values[0][a b]: Invalid value: "-": ${LABEL_VALUE_REGEX}]`,
    ],
  ];
  for (const [ps, want] of table) {
    assert.throws(
      () => labelSelectorAsSelector(ps),
      (e: unknown) => {
        assert.ok(e instanceof SelectorParseError);
        assert.equal(e.message, want);
        return true;
      },
    );
  }
});

test('newRequirement checks value counts per operator', () => {
  const table: [Parameters<typeof newRequirement>, string | undefined][] = [
    [['a', '=', ['b']], undefined],
    [
      ['a', '=', []],
      'values: Invalid value: []string{}: exact-match compatibility requires one single value',
    ],
    [
      ['a', '!=', ['b', 'c']],
      'values: Invalid value: []string{"b", "c"}: exact-match compatibility requires one single value',
    ],
    [
      ['a', 'in', []],
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      ['a', 'gt', ['1', '2']],
      'values: Invalid value: []string{"1", "2"}: for \'Gt\', \'Lt\' operators, exactly one value is required',
    ],
    [
      ['a', '!', ['b']],
      'values: Invalid value: []string{"b"}: values set must be empty for exists and does not exist',
    ],
  ];
  for (const [args, want] of table) {
    if (want === undefined)
      assert.deepEqual(newRequirement(...args), { key: args[0], operator: args[1], values: args[2] });
    else assert.throws(() => newRequirement(...args), { name: 'SelectorParseError', message: want });
  }
});

test('selectorFromSet, add, requirements and requiresExactMatch', () => {
  assert.equal(selectorFromSet(undefined).isEmpty(), true);
  assert.equal(selectorFromSet({}).isEmpty(), true);
  const s = selectorFromSet({ b: '2', a: '1' });
  assert.equal(s.toString(), 'a=1,b=2');
  assert.equal(s.matches({ a: '1', b: '2', c: '3' }), true);
  assert.equal(s.add(newRequirement('0', 'exists', [])).toString(), '0,a=1,b=2');
  assert.deepEqual(LabelSelector.parse('b in (y,x),a').requirements(), [
    { key: 'a', operator: 'exists', values: [] },
    { key: 'b', operator: 'in', values: ['x', 'y'] },
  ]);
  const table: [string, string, string | undefined][] = [
    ['a=b', 'a', 'b'],
    ['a==b', 'a', 'b'],
    ['a in (b)', 'a', 'b'],
    ['a in (b,c)', 'a', undefined],
    ['a!=b', 'a', undefined],
    ['a', 'a', undefined],
    ['a=b', 'c', undefined],
    ['a!=x,a=b', 'a', undefined],
  ];
  for (const [sel, key, want] of table)
    assert.equal(LabelSelector.parse(sel).requiresExactMatch(key), want, sel);
});

test('formatLabelSelector, as printers show selectors', () => {
  const table: [MetaLabelSelector | null | undefined, string][] = [
    [null, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '<error>'],
  ];
  for (const [ps, want] of table) assert.equal(formatLabelSelector(ps), want);
});

test('validateLabelSelector as ValidateLabelSelector', () => {
  const table: [MetaLabelSelector | null | undefined, boolean, string[]][] = [
    [null, false, []],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] },
      false,
      [],
    ],
    [
      { matchLabels: { 'a b': 'c' } },
      false,
      [`spec.selector.matchLabels: Invalid value: "a b": name part ${QUALIFIED_NAME_REGEX}`],
    ],
    [
      { matchLabels: { a: '-' } },
      false,
      [`spec.selector.matchLabels: Invalid value: "-": ${LABEL_VALUE_REGEX}`],
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In' }] },
      false,
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] },
      false,
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      ],
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      false,
      [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Foo' }] },
      false,
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator'],
    ],
    [
      {
        matchExpressions: [
          { key: 'a', operator: 'DoesNotExist' },
          { key: '', operator: 'Exists' },
        ],
      },
      false,
      [
        'spec.selector.matchExpressions[1].key: Invalid value: "": name part must be non-empty',
        `spec.selector.matchExpressions[1].key: Invalid value: "": name part ${QUALIFIED_NAME_REGEX}`,
      ],
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['ok', '-x'] }] },
      false,
      [`spec.selector.matchExpressions[0].values[1]: Invalid value: "-x": ${LABEL_VALUE_REGEX}`],
    ],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['ok', '-x'] }] }, true, []],
  ];
  for (const [ps, allowInvalid, want] of table) {
    const errs = validateLabelSelector(ps, 'spec.selector', {
      allowInvalidLabelValueInSelector: allowInvalid,
    });
    assert.deepEqual(errs.map(fieldErrorText), want, JSON.stringify(ps));
  }
});
