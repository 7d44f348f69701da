import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import { Conntrack, staleUdpFlows } from './conntrack_cleanup.js';
import { servicePorts } from './service_ports.js';

const dns = makeService('kube-system', 'kube-dns', {
  type: 'NodePort',
  clusterIP: '10.43.0.10',
  ports: [
    { name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  ],
});
const slice = (...ips: string[]): EndpointSlice[] => [
  makeSlice(
    'kube-system',
    'kube-dns',
    'u',
    ips.map((ip) => ep(ip)),
    { name: 'dns', port: 53, protocol: 'UDP' },
  ),
  makeSlice(
    'kube-system',
    'kube-dns',
    't',
    ips.map((ip) => ep(ip)),
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  ),
];
const ports = (services: Service[], slices: EndpointSlice[]) => servicePorts(services, slices).ports;
const text = (l: string[][]) => l.map((a) => a.join(' ')).sort();

test('a removed UDP endpoint: its NATed flows are deleted, for the cluster IP and the node port', () => {
  const flows = staleUdpFlows(
    ports([dns], slice('10.42.0.5', '10.42.0.6')),
    ports([dns], slice('10.42.0.6')),
    'n',
  );
  assert.deepEqual(text(flows), [
    '-D -p udp --dport 30053 --dst-nat 10.42.0.5',
    '-D -p udp --orig-dst 10.43.0.10 --dst-nat 10.42.0.5',
  ]);
});

test('endpoints after none, and a service gone: every flow to the service is deleted', () => {
  assert.deepEqual(text(staleUdpFlows(ports([dns], []), ports([dns], slice('10.42.0.5')), 'n')), [
    '-D -p udp --dport 30053',
    '-D -p udp --orig-dst 10.43.0.10',
  ]);
  assert.deepEqual(text(staleUdpFlows(ports([dns], slice('10.42.0.5')), [], 'n')), [
    '-D -p udp --dport 30053',
    '-D -p udp --orig-dst 10.43.0.10',
  ]);
});

test('nothing for unchanged endpoints or TCP', () => {
  const same = ports([dns], slice('10.42.0.5'));
  assert.deepEqual(staleUdpFlows(same, ports([dns], slice('10.42.0.5')), 'n'), []);
  const web = makeService('ns', 'web', { clusterIP: '10.43.1.1', ports: [{ name: 'http', port: 80 }] });
  const before = ports([web], [makeSlice('ns', 'web', 'a', [ep('10.42.0.7')], { name: 'http', port: 80 })]);
  assert.deepEqual(staleUdpFlows(before, ports([web], []), 'n'), []);
});

test('Conntrack runs the real tool: a deletion matching no flow succeeds', async () => {
  const ns = `kubets-conntrack-test-${process.pid}`;
  const run = promisify(execFile);
  await run('ip', ['netns', 'add', ns]);
  try {
    const ct = new Conntrack({ netns: ns });
    assert.equal(
      await ct.delete(['-D', '-p', 'udp', '--orig-dst', '10.43.0.10', '--dst-nat', '10.42.0.5']),
      true,
    );
    assert.equal(await ct.delete(['-D', '--no-such-option']), false);
  } finally {
    await run('ip', ['netns', 'del', ns]);
  }
});
