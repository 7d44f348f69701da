import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import type { ProxyNodeInfo } from './iptables_rules.js';
import { computeRules, probability, renderRestore, ruleCounts } from './iptables_rules.js';
import { servicePorts } from './service_ports.js';

const NODE = { nodeName: 'test-node', nodeIPs: ['192.168.0.2'], clusterCidr: '10.0.0.0/8' };

function rulesFor(services: Service[], slices: EndpointSlice[], node: ProxyNodeInfo = NODE) {
  return computeRules(servicePorts(services, slices).ports, node);
}

const sorted = (lines: string[]) => [...lines].sort();
const p80 = { name: 'p80', port: 80, protocol: 'TCP' as const };

describe('computeRules', () => {
  // The services of upstream's TestOverallIPTablesRules, and its expected rules less the parts
  // kubets leaves out (health check node ports, localhost node ports, nfacct, KUBE-FIREWALL).
  test('a variety of services gives upstream kube-proxy’s rules', () => {
    const services = [
      makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] }),
      makeService(
        'ns2',
        'svc2',
        {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          clusterIP: '172.30.0.42',
          ports: [{ ...p80, nodePort: 3001 }],
          externalIPs: ['192.168.99.22'],
          healthCheckNodePort: 30000,
        },
        { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
      ),
      makeService('ns3', 'svc3', {
        type: 'NodePort',
        clusterIP: '172.30.0.43',
        ports: [{ ...p80, nodePort: 3003 }],
      }),
      makeService('ns4', 'svc4', {
        type: 'NodePort',
        clusterIP: '172.30.0.44',
        externalIPs: ['192.168.99.33'],
        ports: [{ ...p80, targetPort: 80 }],
      }),
      makeService(
        'ns5',
        'svc5',
        {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Cluster',
          clusterIP: '172.30.0.45',
          ports: [{ ...p80, nodePort: 3002 }],
          healthCheckNodePort: 30000,
          loadBalancerSourceRanges: [' 203.0.113.0/25'],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        } as Service['spec'],
        { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } },
      ),
      makeService('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: [{ ...p80, targetPort: 80 }] }),
    ];
    const slices = [
      makeSlice('ns1', 'svc1', '1', [{ addresses: ['10.180.0.1'] }]),
      makeSlice('ns2', 'svc2', '1', [{ addresses: ['10.180.0.2'] }]),
      makeSlice('ns3', 'svc3', '1', [{ addresses: ['10.180.0.3'] }]),
      makeSlice('ns4', 'svc4', '1', [
        { addresses: ['10.180.0.4'] },
        { addresses: ['10.180.0.5'], nodeName: 'test-node' },
      ]),
      makeSlice('ns5', 'svc5', '1', [{ addresses: ['10.180.0.3'] }]),
    ];
    const rules = rulesFor(services, slices);
    assert.deepEqual(
      sorted(rules.filter.rules),
      sorted([
        '-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP',
      ]),
    );
    assert.deepEqual(
      sorted(rules.nat.chains),
      sorted([
        'KUBE-NODEPORTS',
        'KUBE-SERVICES',
        'KUBE-EXT-4SW47YFZTEDKD3PK',
        'KUBE-EXT-GNZBNJ2PO5MGZ6GT',
        'KUBE-EXT-NUKIZ6OKUXPJNT4C',
        'KUBE-EXT-X27LE4BHSL4DOUIK',
        'KUBE-FW-NUKIZ6OKUXPJNT4C',
        'KUBE-MARK-MASQ',
        'KUBE-POSTROUTING',
        'KUBE-SEP-C6EBXVWJJZMIWKLZ',
        'KUBE-SEP-I77PXRDZVX7PMWMN',
        'KUBE-SEP-OYPFS5VJICHGATKP',
        'KUBE-SEP-RS4RBKLTHTF2IUXJ',
        'KUBE-SEP-SXIVWICOYRO3J4NJ',
        'KUBE-SEP-UKSFD7AGPMPPLUHC',
        'KUBE-SVC-4SW47YFZTEDKD3PK',
        'KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        'KUBE-SVC-NUKIZ6OKUXPJNT4C',
        'KUBE-SVC-X27LE4BHSL4DOUIK',
        'KUBE-SVC-XPGD46QRK7WJZT7O',
      ]),
    );
    assert.deepEqual(
      sorted(rules.nat.rules),
      sorted([
        '-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK',
        '-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
        '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK',
        '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK',
        '-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK',
        '-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
        '-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C',
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
        '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
        '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C',
        '-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ',
        '-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK',
        '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
        '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
        '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
        '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80',
        '-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80',
        '-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80',
        '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
        '-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80',
        '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
        '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
        '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN',
        '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN',
        '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
      ]),
    );
    const last = rules.nat.rules.filter((r) => r.startsWith('-A KUBE-SERVICES ')).at(-1);
    assert.match(last!, /-j KUBE-NODEPORTS$/, 'the node ports jump is the last rule of KUBE-SERVICES');
    assert.deepEqual(ruleCounts(rules), { filter: 8, nat: rules.nat.rules.length });
  });

  test('externalTrafficPolicy Local with a local endpoint: KUBE-EXT ends in KUBE-SVL over this node’s endpoints', () => {
    const rules = rulesFor(
      [
        makeService('ns1', 'svc1', {
          type: 'NodePort',
          externalTrafficPolicy: 'Local',
          clusterIP: '172.30.0.41',
          externalIPs: ['192.168.99.11'],
          ports: [p80],
        }),
      ],
      [
        makeSlice('ns1', 'svc1', '1', [
          { addresses: ['10.180.0.1'] },
          { addresses: ['10.180.2.1'], nodeName: 'test-node' },
        ]),
      ],
    );
    assert.ok(rules.nat.rules.includes('-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O'));
    assert.deepEqual(
      rules.nat.rules.filter((r) => r.startsWith('-A KUBE-SVL-')),
      [
        '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ',
      ],
    );
    assert.equal(rules.filter.rules.filter((r) => r.includes('EXTERNAL-SERVICES')).length, 0);
  });

  test('internalTrafficPolicy Local: the cluster IP leads to this node’s endpoints, or is dropped without one', () => {
    const svc = makeService('ns1', 'svc1', {
      internalTrafficPolicy: 'Local',
      clusterIP: '172.30.0.41',
      ports: [p80],
    });
    const local = rulesFor(
      [svc],
      [makeSlice('ns1', 'svc1', '1', [ep('10.180.0.1', 'other'), ep('10.180.0.2', 'test-node')])],
    );
    assert.ok(
      local.nat.rules.includes(
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVL-XPGD46QRK7WJZT7O',
      ),
    );
    assert.ok(
      local.nat.rules.some(
        (r) =>
          r.startsWith('-A KUBE-SVL-XPGD46QRK7WJZT7O ') && r.includes('! -s 10.0.0.0/8 -j KUBE-MARK-MASQ'),
      ),
    );
    assert.deepEqual(
      local.nat.rules.filter((r) => r.includes('DNAT')).map((r) => r.split(' ').at(-1)),
      ['10.180.0.2:80'],
    );
    assert.ok(!local.nat.chains.some((c) => c.startsWith('KUBE-SVC-')));

    const none = rulesFor([svc], [makeSlice('ns1', 'svc1', '1', [ep('10.180.0.1', 'other')])]);
    assert.ok(
      none.filter.rules.includes(
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP',
      ),
    );
    assert.deepEqual(
      none.nat.chains.filter((c) => /^KUBE-(SVC|SVL|SEP)-/.test(c)),
      [],
    );
  });

  test('three endpoints: probabilities 1/3, 1/2, then the last one always', () => {
    const rules = rulesFor(
      [makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] })],
      [makeSlice('ns1', 'svc1', '1', [ep('10.1.0.3'), ep('10.1.0.1'), ep('10.1.0.2')])],
    );
    const svc = rules.nat.rules.filter((r) => r.startsWith('-A KUBE-SVC-') && r.includes(' -> '));
    assert.equal(svc.length, 3);
    assert.match(
      svc[0]!,
      /-> 10\.1\.0\.1:80" -m statistic --mode random --probability 0\.3333333333 -j KUBE-SEP-/,
    );
    assert.match(
      svc[1]!,
      /-> 10\.1\.0\.2:80" -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-/,
    );
    assert.match(svc[2]!, /-> 10\.1\.0\.3:80" -j KUBE-SEP-\w+$/);
    assert.equal(probability(7), '0.1428571429');
  });

  test('terminating endpoints serve only while no endpoint is ready', () => {
    const svc = makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] });
    const terminating = ep('10.1.0.9', undefined, { ready: false, serving: true, terminating: true });
    const dnat = (slices: EndpointSlice[]) =>
      rulesFor([svc], slices)
        .nat.rules.filter((r) => r.includes('DNAT'))
        .map((r) => r.split(' ').at(-1));
    assert.deepEqual(dnat([makeSlice('ns1', 'svc1', '1', [ep('10.1.0.1'), terminating])]), ['10.1.0.1:80']);
    assert.deepEqual(dnat([makeSlice('ns1', 'svc1', '1', [terminating])]), ['10.1.0.9:80']);
    const notServing = ep('10.1.0.8', undefined, { ready: false, serving: false, terminating: true });
    const unready = ep('10.1.0.7', undefined, { ready: false });
    const rules = rulesFor([svc], [makeSlice('ns1', 'svc1', '1', [notServing, unready])]);
    assert.deepEqual(
      rules.nat.rules.filter((r) => r.includes('DNAT')),
      [],
    );
    assert.ok(
      rules.filter.rules.some(
        (r) =>
          r.includes('"ns1/svc1:p80 has no endpoints"') &&
          r.endsWith('-j REJECT --reject-with icmp-port-unreachable'),
      ),
    );
  });

  test('a service without endpoints rejects on its cluster IP, external IPs and node port', () => {
    const rules = rulesFor(
      [
        makeService('ns1', 'svc1', {
          type: 'NodePort',
          clusterIP: '172.30.0.41',
          externalIPs: ['192.168.99.11'],
          ports: [{ ...p80, nodePort: 30080 }],
        }),
      ],
      [],
    );
    assert.deepEqual(
      sorted(rules.filter.rules.filter((r) => r.includes('has no endpoints'))),
      sorted([
        '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 192.168.99.11 --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
      ]),
    );
    assert.deepEqual(rules.nat.chains, [
      'KUBE-SERVICES',
      'KUBE-NODEPORTS',
      'KUBE-POSTROUTING',
      'KUBE-MARK-MASQ',
    ]);
  });

  test('ExternalName and headless services, and services of other slices, get no rules', () => {
    const rules = rulesFor(
      [
        makeService('ns1', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
        makeService('ns1', 'headless', { clusterIP: 'None', ports: [p80] }),
      ],
      [makeSlice('ns1', 'headless', '1', [ep('10.1.0.1')])],
    );
    assert.equal(rules.nat.rules.length, 5);
    assert.equal(rules.filter.rules.length, 3);
  });

  test('UDP and unnamed ports', () => {
    const rules = rulesFor(
      [
        makeService('kube-system', 'kube-dns', {
          clusterIP: '10.43.0.10',
          ports: [{ port: 53, protocol: 'UDP' }],
        }),
      ],
      [makeSlice('kube-system', 'kube-dns', '1', [ep('192.168.0.2')], { port: 53, protocol: 'UDP' })],
    );
    assert.ok(
      rules.nat.rules.includes(
        '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns cluster IP" -m udp -p udp -d 10.43.0.10 --dport 53 -j KUBE-SVC-' +
          rules.nat.chains.find((c) => c.startsWith('KUBE-SVC-'))!.slice(9),
      ),
    );
    assert.ok(
      rules.nat.rules.some((r) => r.endsWith('-m udp -p udp -j DNAT --to-destination 192.168.0.2:53')),
    );
  });

  test('without a cluster CIDR nothing is masqueraded by source', () => {
    const rules = rulesFor(
      [makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] })],
      [makeSlice('ns1', 'svc1', '1', [ep('10.1.0.1')])],
      { nodeName: 'n', nodeIPs: [] },
    );
    assert.ok(!rules.nat.rules.some((r) => r.includes('! -s')));
  });
});

describe('renderRestore', () => {
  test('declares every chain, deletes stale service chains only, one COMMIT per table', () => {
    const rules = rulesFor(
      [makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] })],
      [makeSlice('ns1', 'svc1', '1', [ep('10.180.0.1')])],
    );
    const text = renderRestore(rules, [
      'KUBE-SVC-XPGD46QRK7WJZT7O',
      'KUBE-SEP-OLDOLDOLDOLDOLDO',
      'KUBE-KUBELET-CANARY',
      'DOCKER',
    ]);
    const lines = text.split('\n');
    assert.equal(lines[0], '*filter');
    assert.deepEqual(lines.filter((l) => l === 'COMMIT').length, 2);
    assert.ok(lines.includes(':KUBE-SEP-OLDOLDOLDOLDOLDO - [0:0]'));
    assert.ok(lines.includes('-X KUBE-SEP-OLDOLDOLDOLDOLDO'));
    assert.ok(!text.includes('-X KUBE-SVC-XPGD46QRK7WJZT7O'));
    assert.ok(!text.includes('CANARY') && !text.includes('DOCKER'));
    assert.ok(lines.indexOf('-X KUBE-SEP-OLDOLDOLDOLDOLDO') > lines.indexOf('*nat'));
    assert.ok(text.endsWith('COMMIT\n'));
  });
});
