import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIPv4Bytes, parseCIDRSloppy, parseIPSloppy } from './ip_address.js';

const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : null);

test('parseIPSloppy accepts what the pre-1.17 Go parser accepted', () => {
  const table: [string, string | null][] = [
    ['1.2.3.4', '00000000000000000000ffff01020304'],
    ['0.0.0.0', '00000000000000000000ffff00000000'],
    ['255.255.255.255', '00000000000000000000ffffffffffff'],
    ['010.001.002.003', '00000000000000000000ffff0a010203'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::ffff', '20010db800000000000000000000ffff'],
    ['2001:DB8:0:0:0:0:0:1', '20010db8000000000000000000000001'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['fe80::', 'fe800000000000000000000000000000'],
    // rejected
    ['', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['256.1.1.1', null],
    ['1.2.3.', null],
    ['1.2.3.-4', null],
    [' 1.2.3.4', null],
    ['1.2.3.4 ', null],
    ['localhost', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8::', null],
    ['12345::', null],
    ['fe80::1%eth0', null],
    ['1:2:3:1.2.3.4', null],
    ['::1:', null],
    [':1', null],
  ];
  for (const [input, want] of table) assert.equal(hex(parseIPSloppy(input)), want, input);
});

test('isIPv4Bytes tells the families apart', () => {
  assert.equal(isIPv4Bytes(parseIPSloppy('10.0.0.1')!), true);
  assert.equal(isIPv4Bytes(parseIPSloppy('::ffff:10.0.0.1')!), true);
  assert.equal(isIPv4Bytes(parseIPSloppy('::1')!), false);
});

test('parseCIDRSloppy', () => {
  const table: [string, { prefixLength: number; bits: number } | null][] = [
    ['10.0.0.0/8', { prefixLength: 8, bits: 32 }],
    ['10.0.0.1/32', { prefixLength: 32, bits: 32 }],
    ['10.0.0.1/0', { prefixLength: 0, bits: 32 }],
    ['010.0.0.0/08', { prefixLength: 8, bits: 32 }],
    ['2001:db8::/64', { prefixLength: 64, bits: 128 }],
    ['::/128', { prefixLength: 128, bits: 128 }],
    ['::ffff:1.2.3.4/96', { prefixLength: 96, bits: 128 }],
    ['10.0.0.0/33', null],
    ['::/129', null],
    ['10.0.0.0', null],
    ['10.0.0.0/', null],
    ['10.0.0.0/8/8', null],
    ['10.0.0.0/+8', null],
    ['/8', null],
  ];
  for (const [input, want] of table) {
    const got = parseCIDRSloppy(input);
    assert.deepEqual(got && { prefixLength: got.prefixLength, bits: got.bits }, want, input);
  }
});
