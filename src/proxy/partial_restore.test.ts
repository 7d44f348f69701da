import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSlice } from '../api/types/service.js';
import { ep, makeService, makeSlice } from '../../test/fixtures/proxy_objects.js';
import { computeRules } from './iptables_rules.js';
import { groupByChain, renderPartialRestore } from './partial_restore.js';
import { servicePorts } from './service_ports.js';

const NODE = { nodeName: 'n', nodeIPs: [], clusterCidr: '10.42.0.0/16' };
const services = [
  makeService('ns1', 'a', { clusterIP: '10.43.0.1', ports: [{ name: 'p80', port: 80 }] }),
  makeService('ns1', 'b', { clusterIP: '10.43.0.2', ports: [{ name: 'p80', port: 80 }] }),
];
const chains = (slices: EndpointSlice[]) =>
  groupByChain(computeRules(servicePorts(services, slices).ports, NODE));

test('only the chains that changed are written; chains gone are deleted', () => {
  const before = chains([
    makeSlice('ns1', 'a', '1', [ep('10.42.0.1')]),
    makeSlice('ns1', 'b', '1', [ep('10.42.0.2'), ep('10.42.0.3')]),
  ]);
  const after = chains([
    makeSlice('ns1', 'a', '1', [ep('10.42.0.1')]),
    makeSlice('ns1', 'b', '1', [ep('10.42.0.2')]),
  ]);
  const { text, changed } = renderPartialRestore(before, after);
  const lines = text.split('\n');
  const declared = lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1, -8));
  // b's service chain (one endpoint fewer) and the endpoint chain gone; a untouched.
  assert.equal(changed, 2);
  assert.equal(declared.length, 2);
  assert.ok(declared.some((c) => c.startsWith('KUBE-SVC-')));
  assert.equal(lines.filter((l) => l.startsWith('-X KUBE-SEP-')).length, 1);
  assert.ok(!text.includes('10.42.0.1'), 'service a is not rewritten');
  assert.ok(!text.includes('-A KUBE-SERVICES '), 'the cluster IPs did not change');
  assert.equal(lines.filter((l) => l === 'COMMIT').length, 2);
});

test('no change: nothing to write; a new service writes KUBE-SERVICES too', () => {
  const one = chains([makeSlice('ns1', 'a', '1', [ep('10.42.0.1')])]);
  assert.equal(renderPartialRestore(one, one).changed, 0);
  const two = chains([
    makeSlice('ns1', 'a', '1', [ep('10.42.0.1')]),
    makeSlice('ns1', 'b', '1', [ep('10.42.0.2')]),
  ]);
  const { text } = renderPartialRestore(one, two);
  assert.match(text, /^:KUBE-SERVICES - \[0:0\]$/m);
  assert.ok(text.includes('-j DNAT --to-destination 10.42.0.2:80'));
  assert.ok(!text.includes('--to-destination 10.42.0.1:80'));
});
