import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuantityFormat } from './quantity.js';
import {
  QUANTITY_FORMAT_ERROR,
  QUANTITY_NUMERIC_ERROR,
  QUANTITY_SUFFIX_ERROR,
  Quantity,
  QuantityParseError,
  parseQuantity,
} from './quantity.js';

const q = (s: string) => Quantity.parse(s);

test('parse then print gives upstream String()', () => {
  const table: [string, string, QuantityFormat][] = [
    // input, String(), format
    ['0', '0', 'DecimalSI'],
    ['0n', '0', 'DecimalSI'],
    ['0Ki', '0', 'BinarySI'],
    ['0e3', '0', 'DecimalExponent'],
    ['1', '1', 'DecimalSI'],
    ['1Ki', '1Ki', 'BinarySI'],
    ['8Ki', '8Ki', 'BinarySI'],
    ['7Mi', '7Mi', 'BinarySI'],
    ['6Gi', '6Gi', 'BinarySI'],
    ['5Ti', '5Ti', 'BinarySI'],
    ['4Pi', '4Pi', 'BinarySI'],
    ['3Ei', '3Ei', 'BinarySI'],
    ['1024Mi', '1Gi', 'BinarySI'],
    ['1.5Gi', '1536Mi', 'BinarySI'],
    ['0.5Mi', '512Ki', 'BinarySI'],
    ['1.5Ki', '1536', 'BinarySI'],
    ['1023Ki', '1023Ki', 'BinarySI'],
    ['100.035Ki', '102435840m', 'BinarySI'],
    ['.001Ki', '1024m', 'BinarySI'],
    ['.000001Ki', '1024u', 'DecimalSI'],
    ['.000000001Ki', '1024n', 'DecimalSI'],
    ['.000000000001Ki', '2n', 'DecimalSI'],
    ['9Ei', '9223372036854775807', 'BinarySI'],
    ['9223372036854775807Ki', '9223372036854775807', 'BinarySI'],
    ['5n', '5n', 'DecimalSI'],
    ['4u', '4u', 'DecimalSI'],
    ['3m', '3m', 'DecimalSI'],
    ['100m', '100m', 'DecimalSI'],
    ['1500m', '1500m', 'DecimalSI'],
    ['1.5', '1500m', 'DecimalSI'],
    ['0.1', '100m', 'DecimalSI'],
    ['.001', '1m', 'DecimalSI'],
    ['1k', '1k', 'DecimalSI'],
    ['50k', '50k', 'DecimalSI'],
    ['1000k', '1M', 'DecimalSI'],
    ['500M', '500M', 'DecimalSI'],
    ['1000M', '1G', 'DecimalSI'],
    ['1E', '1E', 'DecimalSI'],
    ['12E', '12E', 'DecimalSI'],
    ['1000E', '1e21', 'DecimalSI'],
    ['0.0005k', '500m', 'DecimalSI'],
    ['100.035k', '100.035k', 'DecimalSI'],
    ['10.035M', '10.035M', 'DecimalSI'],
    ['10.0350M', '10035k', 'DecimalSI'],
    ['1.', '1.', 'DecimalSI'],
    ['1.G', '1.G', 'DecimalSI'],
    ['1.0G', '1G', 'DecimalSI'],
    ['-1.5', '-1500m', 'DecimalSI'],
    ['2e3', '2e3', 'DecimalExponent'],
    ['1e9', '1e9', 'DecimalExponent'],
    ['1E-3', '1E-3', 'DecimalExponent'],
    ['1.2e3', '1200', 'DecimalExponent'],
    ['1.3E+6', '1300e3', 'DecimalExponent'],
    ['0.5e0', '500e-3', 'DecimalExponent'],
    ['1e2000000000', '100e1999999998', 'DecimalExponent'],
    // rounded up to nano units
    ['3.001n', '4n', 'DecimalSI'],
    ['0.0000000001', '1n', 'DecimalSI'],
    ['0.00000012345', '124n', 'DecimalSI'],
    ['1.1E-9', '2e-9', 'DecimalExponent'],
    ['-0.0000000001', '-1n', 'DecimalSI'],
    ['1e-2000000000', '1e-9', 'DecimalExponent'],
    // upstream prints some inputs exactly as written (those its int64 fast path finds canonical)
    ['+1Ki', '+1Ki', 'BinarySI'],
    ['-1Ki', '-1Ki', 'BinarySI'],
    ['01', '01', 'DecimalSI'],
    ['+100m', '+100m', 'DecimalSI'],
    ['1e+3', '1e+3', 'DecimalExponent'],
    ['+1Pi', '1Pi', 'BinarySI'],
    // odd inputs upstream accepts as zero
    ['-0', '0', 'DecimalSI'],
    ['000', '0', 'DecimalSI'],
    ['+', '0', 'DecimalSI'],
    ['.', '0', 'DecimalSI'],
    ['Mi', '0', 'BinarySI'],
  ];
  for (const [input, str, format] of table) {
    const got = q(input);
    assert.equal(got.toString(), str, input);
    assert.equal(got.format, format, input);
    assert.equal(parseQuantity(input).toString(), str, input);
    // printing is stable: the printed form parses to the same value
    assert.equal(q(str).cmp(got), 0, input);
  }
});

test('parse errors carry upstream messages', () => {
  const table: [string, string][] = [
    ['', QUANTITY_FORMAT_ERROR],
    ['1.1.M', QUANTITY_FORMAT_ERROR],
    ['1+1.0M', QUANTITY_FORMAT_ERROR],
    ['0.1am', QUANTITY_FORMAT_ERROR],
    ['aoeu', QUANTITY_FORMAT_ERROR],
    [' 1', QUANTITY_FORMAT_ERROR],
    ['1 ', QUANTITY_FORMAT_ERROR],
    ['1e3.5', QUANTITY_FORMAT_ERROR],
    ['1KiB', QUANTITY_FORMAT_ERROR],
    ['0.1mi', QUANTITY_SUFFIX_ERROR],
    ['.5i', QUANTITY_SUFFIX_ERROR],
    ['1i', QUANTITY_SUFFIX_ERROR],
    ['-3.01i', QUANTITY_SUFFIX_ERROR],
    ['-3.01e-', QUANTITY_SUFFIX_ERROR],
    ['1e', QUANTITY_SUFFIX_ERROR],
    ['1K', QUANTITY_SUFFIX_ERROR],
    ['1ki', QUANTITY_SUFFIX_ERROR],
    ['1m5', QUANTITY_SUFFIX_ERROR],
    ['1e4294967297', QUANTITY_SUFFIX_ERROR],
    ['1e2147483648', QUANTITY_SUFFIX_ERROR],
    ['.e-10', QUANTITY_NUMERIC_ERROR],
    ['-e-10', QUANTITY_NUMERIC_ERROR],
  ];
  for (const [input, want] of table) {
    assert.throws(
      () => q(input),
      (e: unknown) => {
        assert.ok(e instanceof QuantityParseError, input);
        assert.equal(e.message, want, input);
        return true;
      },
    );
  }
  assert.equal(
    QUANTITY_FORMAT_ERROR,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
});

test('cmp is exact across formats', () => {
  const table: [string, string, -1 | 0 | 1][] = [
    ['0', '0', 0],
    ['0', '-0', 0],
    ['0Ki', '0m', 0],
    ['1Gi', '1073741824', 0],
    ['1', '1000m', 0],
    ['1e3', '1k', 0],
    ['1Ki', '1.024k', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['-1', '1', -1],
    ['-2', '-1', -1],
    ['1n', '0', 1],
    ['1e2000000000', '1E', 1],
    ['-1e2000000000', '-1E', -1],
    ['1e-2000000000', '1n', 0],
    ['999999999999999999999', '1e21', -1],
    ['1000000000000000000001', '1e21', 1],
    // exponents far apart but the same order of magnitude
    [`1${'0'.repeat(40)}`, '1e40', 0],
    [`1${'0'.repeat(39)}1`, '1e40', 1],
    [`-1${'0'.repeat(39)}1`, '-1e40', -1],
    ['1e40', `${'9'.repeat(40)}`, 1],
  ];
  for (const [a, b, want] of table) {
    assert.equal(q(a).cmp(q(b)), want, `${a} vs ${b}`);
    assert.equal(q(b).cmp(q(a)), want === 0 ? 0 : -want, `${b} vs ${a}`);
    assert.equal(q(a).equals(q(b)), want === 0);
  }
});

test('add, sub, mul and neg', () => {
  const table: [string, 'add' | 'sub', string, string][] = [
    ['100m', 'add', '200m', '300m'],
    ['1Gi', 'add', '512Mi', '1536Mi'],
    ['0', 'add', '1Gi', '1Gi'],
    ['1Gi', 'add', '0', '1Gi'],
    ['100m', 'add', '0', '100m'],
    ['1Ki', 'add', '500m', '1024500m'],
    ['1', 'add', '1Ki', '1025'],
    ['1', 'sub', '100m', '900m'],
    ['0', 'sub', '100m', '-100m'],
    ['0', 'sub', '1Gi', '-1Gi'],
    ['1Ki', 'sub', '500m', '1023500m'],
    ['2Gi', 'sub', '1Gi', '1Gi'],
    ['1', 'sub', '1', '0'],
    ['1e3', 'add', '1', '1001'],
  ];
  for (const [a, op, b, want] of table) assert.equal(q(a)[op](q(b)).toString(), want, `${a} ${op} ${b}`);
  assert.equal(q('100m').mul(3).toString(), '300m');
  assert.equal(q('1Gi').mul(0).toString(), '0');
  assert.equal(q('1Ei').mul(1024).toString(), '1180591620717411303424');
  assert.equal(q('1Ei').mul(1000n).toString(), '1000Ei');
  assert.equal(q('1Ei').mul(1000n).value(), Number(2n ** 63n - 1n)); // saturated, as upstream
  assert.equal(q('9.01').neg().toString(), '-9010m');
  assert.equal(q('+1Ki').neg().neg().toString(), '1Ki');
  assert.throws(() => q('1e20000').add(q('1')), RangeError);
  assert.throws(() => q('1').mul(1.5), RangeError);
});

test('value and milliValue round up, away from zero', () => {
  const table: [string, number, number][] = [
    ['0', 0, 0],
    ['1', 1, 1000],
    ['1.5', 2, 1500],
    ['100m', 1, 100],
    ['-1.5', -2, -1500],
    ['-100m', -1, -100],
    ['0.0001', 1, 1],
    ['1n', 1, 1],
    ['1Ki', 1024, 1024000],
    ['1Gi', 1073741824, 1073741824000],
    ['2e3', 2000, 2000000],
  ];
  for (const [s, value, milli] of table) {
    assert.equal(q(s).value(), value, s);
    assert.equal(q(s).milliValue(), milli, s);
  }
  const scaled: [string, number, bigint][] = [
    ['1n', -9, 1n],
    ['1500m', 3, 1n],
    ['1e20', 0, 2n ** 63n - 1n],
    ['-1e20', 0, -(2n ** 63n)],
    ['1e2000000000', -3, 2n ** 63n - 1n],
    ['9223372036854775807', 0, 2n ** 63n - 1n],
    ['9223372036854775808', 0, 2n ** 63n - 1n],
    ['1e-2000000000', 0, 1n],
  ];
  for (const [s, scale, want] of scaled) assert.equal(q(s).scaledValue(scale), want, `${s} at ${scale}`);
});

test('constructors print as upstream NewQuantity/NewMilliQuantity', () => {
  const table: [Quantity, string][] = [
    [Quantity.fromMilli(1), '1m'],
    [Quantity.fromMilli(1000), '1'],
    [Quantity.fromMilli(1234000), '1234'],
    [Quantity.fromMilli(1024, 'BinarySI'), '1024m'],
    [Quantity.fromMilli(1024 * 1024, 'BinarySI'), '1048576m'],
    [Quantity.fromMilli(1000000, 'DecimalExponent'), '1e3'],
    [Quantity.fromValue(1024, 'BinarySI'), '1Ki'],
    [Quantity.fromValue(5, 'BinarySI'), '5'],
    [Quantity.fromValue(2000, 'BinarySI'), '2000'],
    [Quantity.fromValue(-2000, 'BinarySI'), '-2000'],
    [Quantity.fromValue(1000), '1k'],
    [Quantity.fromValue(2n ** 70n, 'BinarySI'), '1180591620717411303424'],
    // past Ei there is no binary suffix: printed in exponent form, exponent a multiple of 3
    [Quantity.fromValue(10n ** 70n, 'BinarySI'), '10e69'],
    [Quantity.fromValue(10n ** 72n, 'BinarySI'), '1e72'],
    [Quantity.fromScaled(1, 70), '10e69'],
    [Quantity.fromScaled(5, 21), '5e21'],
    [Quantity.fromScaled(1, -12), '1e-12'],
    [Quantity.fromScaled(1, -10), '100e-12'],
    [Quantity.zero(), '0'],
  ];
  for (const [got, want] of table) assert.equal(got.toString(), want);
  assert.throws(() => Quantity.fromValue(0.5), RangeError);
});

test('JSON in and out', () => {
  const table: [unknown, string][] = [
    [null, '0'],
    ['1Gi', '1Gi'],
    [' 1 ', '1'],
    [1, '1'],
    [0.5, '500m'],
    [-1, '-1'],
  ];
  for (const [json, want] of table) assert.equal(Quantity.fromJSON(json).toString(), want, String(json));
  for (const bad of [true, {}, [], 'x'])
    assert.throws(() => Quantity.fromJSON(bad), { message: QUANTITY_FORMAT_ERROR });
  assert.equal(JSON.stringify({ cpu: q('1.5'), memory: q('1024Mi') }), '{"cpu":"1500m","memory":"1Gi"}');
});

test('sign, isZero and toNumber', () => {
  const table: [string, -1 | 0 | 1, number][] = [
    ['0', 0, 0],
    ['1.5', 1, 1.5],
    ['-100m', -1, -0.1],
    ['1Ki', 1, 1024],
    ['1e3', 1, 1000],
  ];
  for (const [s, sign, n] of table) {
    assert.equal(q(s).sign(), sign, s);
    assert.equal(q(s).isZero(), sign === 0, s);
    assert.equal(q(s).toNumber(), n, s);
  }
});
