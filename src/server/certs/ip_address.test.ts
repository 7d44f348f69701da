import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipToBytes } from './ip_address.js';

test('ipToBytes gives network-order bytes', () => {
  const cases: [string, number[]][] = [
    ['127.0.0.1', [127, 0, 0, 1]],
    ['10.43.0.1', [10, 43, 0, 1]],
    ['255.255.255.255', [255, 255, 255, 255]],
    ['::1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['::', new Array<number>(16).fill(0)],
    ['fd00::10', [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]],
    ['2001:db8::ff00:42:8329', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0, 0, 0x42, 0x83, 0x29]],
    ['2001:DB8:0:0:1:2:3:4', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4]],
    ['fe80::', [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['::ffff:1.2.3.4', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]],
    ['64:ff9b::192.0.2.33', [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33]],
  ];
  for (const [ip, bytes] of cases) assert.deepEqual([...ipToBytes(ip)], bytes, ip);
});

test('ipToBytes rejects what is not an IP address', () => {
  for (const text of ['', 'localhost', '1.2.3', '256.0.0.1', '1::2::3', 'fe80::1%eth0', ' 1.2.3.4']) {
    assert.throws(() => ipToBytes(text), TypeError, text);
  }
});
