import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  byteLength,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isInRange,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  validatePathSegmentName,
} from './name_validation.js';

// Upstream's texts, written out in full (note the double spaces between examples).
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QN_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QN_WHOLE =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

type Validator = (v: string) => string[];

/** Runs a table of [input, expected messages] against a validator. */
function check(fn: Validator, table: [string, string[]][]): void {
  for (const [input, want] of table)
    assert.deepEqual(fn(input), want, `${fn.name}(${JSON.stringify(input)})`);
}

test('regexError formats like upstream RegexError', () => {
  assert.equal(regexError('msg', 'fmt'), "msg (regex used for validation is 'fmt')");
  assert.equal(regexError('msg', 'fmt', 'a'), "msg (e.g. 'a', regex used for validation is 'fmt')");
  assert.equal(
    regexError('msg', 'fmt', 'a', 'b'),
    "msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')",
  );
});

test('isDNS1123Label', () => {
  const good = [
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    'a'.repeat(63),
  ];
  check(
    isDNS1123Label,
    good.map((g) => [g, []]),
  );
  check(isDNS1123Label, [
    ['', [DNS1123_LABEL]],
    ['A', [DNS1123_LABEL]],
    ['aBc', [DNS1123_LABEL]],
    ['-', [DNS1123_LABEL]],
    ['a-', [DNS1123_LABEL]],
    ['-a', [DNS1123_LABEL]],
    ['a_b', [DNS1123_LABEL]],
    ['a b', [DNS1123_LABEL]],
    ['.', [DNS1123_LABEL]],
    ['a.', [DNS1123_LABEL]],
    ['a.b', ['must not contain dots']],
    ['1.2.3', ['must not contain dots']],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    [`${'a'.repeat(62)}.b`, ['must be no more than 63 characters', 'must not contain dots']],
    [`${'A'.repeat(64)}`, ['must be no more than 63 characters', DNS1123_LABEL]],
  ]);
});

test('isDNS1123Subdomain', () => {
  const label63 = 'a'.repeat(63);
  const long253 = `${label63}.${label63}.${label63}.${'a'.repeat(61)}`;
  check(isDNS1123Subdomain, [
    ['a', []],
    ['a.b.c', []],
    ['1.2.3', []],
    ['a-1.b-2', []],
    ['kubernetes.io', []],
    [long253, []],
    ['', [DNS1123_SUBDOMAIN]],
    ['A', [DNS1123_SUBDOMAIN]],
    ['a..b', [DNS1123_SUBDOMAIN]],
    ['.a', [DNS1123_SUBDOMAIN]],
    ['a.', [DNS1123_SUBDOMAIN]],
    ['a_b', [DNS1123_SUBDOMAIN]],
    ['a-.b', [DNS1123_SUBDOMAIN]],
    [`${long253}a`, ['must be no more than 253 characters']],
  ]);
});

test('isDNS1035Label', () => {
  check(isDNS1035Label, [
    ['a', []],
    ['a1', []],
    ['a-1', []],
    ['my-service', []],
    ['1a', [DNS1035_LABEL]],
    ['', [DNS1035_LABEL]],
    ['a.b', [DNS1035_LABEL]],
    ['a-', [DNS1035_LABEL]],
    [`a${'1'.repeat(63)}`, ['must be no more than 63 characters']],
  ]);
});

test('isQualifiedName', () => {
  const good = [
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ];
  check(
    isQualifiedName,
    good.map((g) => [g, []]),
  );
  check(isQualifiedName, [
    ['', ['name part must be non-empty', QN_NAME]],
    ['/simple', ['prefix part must be non-empty']],
    ['simple/', ['name part must be non-empty', QN_NAME]],
    ['a/b/c', [QN_WHOLE]],
    ['Bad/simple', [`prefix part ${DNS1123_SUBDOMAIN}`]],
    ['-a', [QN_NAME]],
    ['a-', [QN_NAME]],
    ['a b', [QN_NAME]],
    ['a@b', [QN_NAME]],
    ['a'.repeat(64), ['name part must be no more than 63 characters']],
    [`${'a'.repeat(254)}/b`, ['prefix part must be no more than 253 characters']],
    // lengths are UTF-8 bytes: 40 'é' are 80 bytes
    ['é'.repeat(40), ['name part must be no more than 63 characters', QN_NAME]],
  ]);
});

test('isValidLabelValue', () => {
  const good = [
    '',
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    'end-with-num-1',
    '1234',
    '1.2.3',
    'a_b',
    'a'.repeat(63),
  ];
  check(
    isValidLabelValue,
    good.map((g) => [g, []]),
  );
  check(isValidLabelValue, [
    ['nospecialchars%^=@', [LABEL_VALUE]],
    ['Tama-nui-te-rā', [LABEL_VALUE]],
    ['-starts-with-dash', [LABEL_VALUE]],
    ['ends-with-dash-', [LABEL_VALUE]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    ['-'.repeat(64), ['must be no more than 63 characters', LABEL_VALUE]],
  ]);
});

test('isValidPortName and isValidPortNum', () => {
  const charset = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  const letter = 'must contain at least one letter (a-z)';
  check(isValidPortName, [
    ['telnet', []],
    ['re-mail-ck', []],
    ['pop3', []],
    ['a', []],
    ['a-1', []],
    ['1-a', []],
    ['a-1-b-2-c', []],
    ['1-a-2-b-3', []],
    ['', [charset, letter]],
    ['longerthan15characters', ['must be no more than 15 characters']],
    ['12345', [letter]],
    ['Aa', [charset]],
    ['a_b', [charset]],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-ab', ['must not begin or end with a hyphen']],
    ['ab-', ['must not begin or end with a hyphen']],
    ['-', [letter, 'must not begin or end with a hyphen']],
  ]);
  const table: [number, string[]][] = [
    [1, []],
    [80, []],
    [65535, []],
    [0, ['must be between 1 and 65535, inclusive']],
    [-1, ['must be between 1 and 65535, inclusive']],
    [65536, ['must be between 1 and 65535, inclusive']],
    [80.5, ['must be between 1 and 65535, inclusive']],
  ];
  for (const [port, want] of table) assert.deepEqual(isValidPortNum(port), want, String(port));
  assert.deepEqual(isInRange(5, 1, 10), []);
  assert.deepEqual(isInRange(11, 1, 10), ['must be between 1 and 10, inclusive']);
});

test('IP addresses and CIDRs', () => {
  const ip = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  check(isValidIP, [
    ['1.2.3.4', []],
    ['010.001.002.003', []],
    ['::1', []],
    ['2001:db8::ffff', []],
    ['::ffff:1.2.3.4', []],
    ['', [ip]],
    ['1.2.3', [ip]],
    ['1.2.3.256', [ip]],
    ['fe80::1%eth0', [ip]],
    ['example.com', [ip]],
  ]);
  check(isValidIPv4Address, [
    ['1.2.3.4', []],
    ['::ffff:1.2.3.4', []],
    ['::1', ['must be a valid IPv4 address']],
    ['x', ['must be a valid IPv4 address']],
  ]);
  check(isValidIPv6Address, [
    ['::1', []],
    ['1.2.3.4', ['must be a valid IPv6 address']],
    ['x', ['must be a valid IPv6 address']],
  ]);
  const cidr = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  check(isValidCIDR, [
    ['10.0.0.0/8', []],
    ['10.0.0.1/8', []],
    ['2001:db8::/64', []],
    ['10.0.0.0', [cidr]],
    ['10.0.0.0/33', [cidr]],
    ['::/129', [cidr]],
    ['', [cidr]],
  ]);
});

test('isValidPercent, isCIdentifier, isHTTPHeaderName, isConfigMapKey, isWildcardDNS1123Subdomain', () => {
  const percent =
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
  check(isValidPercent, [
    ['0%', []],
    ['100%', []],
    ['', [percent]],
    ['%', [percent]],
    ['1', [percent]],
    ['1.5%', [percent]],
    ['-1%', [percent]],
  ]);
  const cid =
    "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";
  check(isCIdentifier, [
    ['_a1', []],
    ['A', []],
    ['1a', [cid]],
    ['a-b', [cid]],
  ]);
  const header =
    "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
  check(isHTTPHeaderName, [
    ['X-Header-Name', []],
    ['', [header]],
    ['X_Header', [header]],
  ]);
  const key =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  check(isConfigMapKey, [
    ['key.name', []],
    ['.dotfile', []],
    ['', [key]],
    ['a/b', [key]],
    ['.', ["must not be '.'"]],
    ['..', ["must not be '..'"]],
    ['..a', ["must not start with '..'"]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ]);
  const wildcard =
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  check(isWildcardDNS1123Subdomain, [
    ['*.example.com', []],
    ['*.a', []],
    ['example.com', [wildcard]],
    ['*.*.example.com', [wildcard]],
    ['*', [wildcard]],
  ]);
});

test('name validators for objects, with generateName prefixes', () => {
  const table: [string, (n: string, p: boolean) => string[], string, boolean, string[]][] = [
    ['subdomain', nameIsDNSSubdomain, 'my.app', false, []],
    ['subdomain', nameIsDNSSubdomain, 'My.app', false, [DNS1123_SUBDOMAIN]],
    ['subdomain', nameIsDNSSubdomain, 'my-app-', true, []],
    ['subdomain', nameIsDNSSubdomain, 'my-app-', false, [DNS1123_SUBDOMAIN]],
    ['subdomain', nameIsDNSSubdomain, 'a-', true, []],
    ['subdomain', nameIsDNSSubdomain, '-', true, [DNS1123_SUBDOMAIN]],
    ['label', nameIsDNSLabel, 'ns-', true, []],
    ['label', nameIsDNSLabel, 'a.b', false, ['must not contain dots']],
    ['label', nameIsDNSLabel, 'a.b-', true, ['must not contain dots']],
    ['1035', nameIsDNS1035Label, 'svc-', true, []],
    ['1035', nameIsDNS1035Label, '1svc', false, [DNS1035_LABEL]],
    ['path', validatePathSegmentName, 'anything:Goes_Here', false, []],
    ['path', validatePathSegmentName, '.', false, ["may not be '.'"]],
    ['path', validatePathSegmentName, '..', false, ["may not be '..'"]],
    ['path', validatePathSegmentName, '.', true, []],
    ['path', validatePathSegmentName, 'a/b%c', false, ["may not contain '/'", "may not contain '%'"]],
    ['path', validatePathSegmentName, 'a/', true, ["may not contain '/'"]],
  ];
  for (const [label, fn, name, prefix, want] of table) {
    assert.deepEqual(fn(name, prefix), want, `${label}(${name}, ${prefix})`);
  }
});

test('byteLength counts UTF-8 bytes', () => {
  const table: [string, number][] = [
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['中', 3],
    ['😀', 4],
  ];
  for (const [s, n] of table) assert.equal(byteLength(s), n, s);
});
