import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../api/types/node.js';
import type { Service } from '../api/types/service.js';
import { makeService } from '../../test/fixtures/proxy_objects.js';
import { desiredIngress, nodeInternalIPs } from './service_lb.js';

const node = (name: string, ...addresses: { type: string; address: string }[]): Node =>
  ({ metadata: { name }, status: { addresses } }) as Node;

test('nodeInternalIPs: every node’s IPv4 InternalIP, sorted, once', () => {
  assert.deepEqual(
    nodeInternalIPs([
      node('b', { type: 'InternalIP', address: '192.168.0.9' }, { type: 'Hostname', address: 'b' }),
      node('a', { type: 'InternalIP', address: '192.168.0.10' }, { type: 'InternalIP', address: 'fd00::1' }),
      node(
        'c',
        { type: 'ExternalIP', address: '203.0.113.1' },
        { type: 'InternalIP', address: '192.168.0.9' },
      ),
      { metadata: { name: 'odd' } } as Node,
    ]),
    ['192.168.0.10', '192.168.0.9'],
  );
});

test('desiredIngress: LoadBalancers get the node addresses; classed ones and others are left alone', () => {
  const ips = ['192.168.0.9'];
  const lb = makeService('ns', 'lb', { type: 'LoadBalancer', clusterIP: '10.43.0.1' });
  assert.deepEqual(desiredIngress(lb, ips), [{ ip: '192.168.0.9' }]);
  const classed = makeService('ns', 'c', {
    type: 'LoadBalancer',
    loadBalancerClass: 'example.com/lb',
  } as Service['spec']);
  assert.equal(desiredIngress(classed, ips), undefined);
  assert.equal(desiredIngress(makeService('ns', 'plain', {}), ips), undefined);
  const wasLb = makeService(
    'ns',
    'was',
    { type: 'ClusterIP' },
    { loadBalancer: { ingress: [{ ip: '192.168.0.9' }] } },
  );
  assert.deepEqual(desiredIngress(wasLb, ips), [], 'the ingress it no longer should have is removed');
});
