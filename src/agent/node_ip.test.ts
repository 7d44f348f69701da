import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRouteInterface, detectNodeIP, validateNodeIP } from './node_ip.js';

const route = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth1\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
`;
const nic = (address: string, internal = false) => ({
  address,
  family: 'IPv4' as const,
  internal,
  netmask: '255.255.255.0',
  mac: '00:00:00:00:00:00',
  cidr: `${address}/24`,
});

test('the node IP is the default route interface address, else the first non-loopback one', () => {
  assert.equal(defaultRouteInterface(route), 'eth0');
  const ifs = { lo: [nic('127.0.0.1', true)], eth1: [nic('192.168.2.5')], eth0: [nic('192.0.2.2')] };
  assert.equal(detectNodeIP(ifs, route), '192.0.2.2');
  assert.equal(detectNodeIP(ifs, ''), '192.168.2.5');
  assert.throws(() => detectNodeIP({ lo: [nic('127.0.0.1', true)] }, ''), /no non-loopback IPv4 address/);
});

test('a given node IP must be IPv4 and not loopback', () => {
  assert.equal(validateNodeIP('10.0.0.1'), '10.0.0.1');
  assert.throws(() => validateNodeIP('127.0.0.1'), /loopback/);
  assert.throws(() => validateNodeIP('300.1.1.1'), /not an IPv4 address/);
  assert.throws(() => validateNodeIP('node'), /not an IPv4 address/);
});
