import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import { servicePorts } from './service_ports.js';

const p80 = { name: 'p80', port: 80, protocol: 'TCP' as const };

test('endpoints are merged across slices, deduplicated (the ready copy wins) and sorted', () => {
  const { ports } = servicePorts(
    [makeService('ns1', 'svc1', { clusterIP: '10.43.0.5', ports: [p80] })],
    [
      makeSlice('ns1', 'svc1', 'a', [ep('10.1.0.3'), ep('10.1.0.2', 'n1', { ready: false })]),
      makeSlice('ns1', 'svc1', 'b', [ep('10.1.0.2', 'n1'), ep('10.1.0.1')]),
      makeSlice('ns2', 'svc1', 'c', [ep('10.9.9.9')]), // another namespace's svc1
      { ...makeSlice('ns1', 'svc1', 'd', [{ addresses: ['fd00::1'] }]), addressType: 'IPv6' },
      makeSlice('ns1', 'svc1', 'e', [ep('10.1.0.7')], { name: 'other', port: 81 }), // another port
    ],
  );
  assert.equal(ports.length, 1);
  assert.deepEqual(
    ports[0]!.endpoints.map((e) => [e.key, e.ready, e.nodeName]),
    [
      ['10.1.0.1:80', true, undefined],
      ['10.1.0.2:80', true, 'n1'],
      ['10.1.0.3:80', true, undefined],
    ],
  );
  assert.equal(ports[0]!.servicePortName, 'ns1/svc1:p80');
});

test('odd objects are skipped with a reason, never thrown on', () => {
  const odd = [
    makeService('ns1', 'noports', { clusterIP: '10.43.0.1' }),
    makeService('ns1', 'badip', { clusterIP: '10.43.0.300', ports: [p80] }),
    makeService('ns1', 'v6', { clusterIP: 'fd00::10', ports: [p80] }),
    makeService('ns1', 'badport', {
      clusterIP: '10.43.0.2',
      ports: [{ port: 70000 }, { port: 80, name: 'ok' }],
    }),
    makeService('ns1', 'proto', { clusterIP: '10.43.0.3', ports: [{ port: 80, protocol: 'ICMP' as 'TCP' }] }),
    makeService('ns1', 'dup', { clusterIP: '10.43.0.4', ports: [p80, p80] }),
    makeService('Bad Name"', 'x', { clusterIP: '10.43.0.6', ports: [p80] }),
    { metadata: { namespace: 'ns1', name: 'nospec' } } as unknown as Service,
    makeService('ns1', 'pending', { ports: [p80] }), // no clusterIP yet: silently waits
    makeService('ns1', 'nulls', { clusterIP: '10.43.0.9', ports: [null as never] }),
  ];
  const slices = [
    { ...makeSlice('ns1', 'badport', 'x', []), endpoints: null, ports: null },
    { ...makeSlice('ns1', 'dup', 'y', [{ addresses: [] } as never, { addresses: ['nonsense'] }]) },
    { metadata: {} } as unknown as EndpointSlice,
    {
      ...makeSlice('ns1', 'dup', 'z', [null as never, ep('10.1.0.1')]),
      ports: [null as never, { name: 'p80', port: 80 }],
    },
  ];
  const { ports, skipped } = servicePorts(odd, slices);
  assert.deepEqual(
    ports.map((p) => p.servicePortName),
    ['ns1/badport:ok', 'ns1/dup:p80'],
  );
  assert.deepEqual(
    ports[1]!.endpoints.map((e) => e.key),
    ['10.1.0.1:80'],
  );
  const reasons = skipped.map((s) => `${s.object}: ${s.reason}`);
  for (const want of [
    /noports: no ports/,
    /badip: clusterIP "10.43.0.300" is not IPv4/,
    /v6: clusterIP "fd00::10" is not IPv4/,
    /badport port "": port 70000 is not a port number/,
    /proto port "": unsupported protocol "ICMP"/,
    /dup port "p80": duplicate port/,
    /Bad Name.*invalid namespace or name/,
    /nospec: no spec/,
    /nulls port "": port undefined is not a port number/,
  ])
    assert.ok(
      reasons.some((r) => want.test(r)),
      `${want} in ${reasons.join('; ')}`,
    );
  assert.equal(skipped.length, 9);
});

test('traffic policies, affinity, node ports and load balancer IPs are read as upstream does', () => {
  const { ports } = servicePorts(
    [
      makeService(
        'ns1',
        'lb',
        {
          type: 'LoadBalancer',
          clusterIP: '10.43.0.7',
          externalTrafficPolicy: 'Local',
          internalTrafficPolicy: 'Local',
          sessionAffinity: 'ClientIP',
          ports: [{ ...p80, nodePort: 30001 }],
        },
        { loadBalancer: { ingress: [{ ip: '192.168.0.9' }, { hostname: 'lb.example.com' }] } },
      ),
      // ClusterIP: a nodePort or externalTrafficPolicy there means nothing.
      makeService(
        'ns1',
        'plain',
        { clusterIP: '10.43.0.8', externalTrafficPolicy: 'Local', ports: [{ ...p80, nodePort: 30002 }] },
        { loadBalancer: { ingress: [{ ip: '192.168.0.10' }] } },
      ),
    ],
    [],
  );
  const [lb, plain] = ports;
  assert.deepEqual(
    [lb!.nodePort, lb!.loadBalancerIPs, lb!.affinitySeconds, lb!.internalLocal, lb!.externalLocal],
    [30001, ['192.168.0.9'], 10800, true, true],
  );
  assert.deepEqual([plain!.nodePort, plain!.loadBalancerIPs, plain!.externalLocal], [0, [], false]);
});
