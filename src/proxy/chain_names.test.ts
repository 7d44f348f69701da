import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  endpointChain,
  hash16,
  isServiceChain,
  serviceClusterChain,
  serviceLocalChain,
} from './chain_names.js';

test('chain names are upstream kube-proxy’s', () => {
  // Names a real kube-proxy gives these service ports and endpoints.
  const table: Array<[string, string]> = [
    [serviceClusterChain('default/kubernetes:https', 'TCP'), 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    [serviceClusterChain('kube-system/kube-dns:dns', 'UDP'), 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    [serviceClusterChain('kube-system/kube-dns:dns-tcp', 'TCP'), 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    [serviceClusterChain('ns1/svc1:p80', 'TCP'), 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    [serviceLocalChain('ns1/svc1:p80', 'tcp'), 'KUBE-SVL-XPGD46QRK7WJZT7O'],
    [endpointChain('ns1/svc1:p80', 'TCP', '10.180.0.1:80'), 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    [endpointChain('ns1/svc1:p80', 'TCP', '10.180.2.1:80'), 'KUBE-SEP-ZX7GRIZKSNUQ3LAJ'],
  ];
  for (const [got, want] of table) assert.equal(got, want);
  assert.match(hash16(''), /^[A-Z2-7]{16}$/);
});

test('isServiceChain knows kube-proxy’s per-service chains and nothing else', () => {
  for (const c of ['KUBE-SVC-A', 'KUBE-SVL-A', 'KUBE-EXT-A', 'KUBE-FW-A', 'KUBE-SEP-A'])
    assert.ok(isServiceChain(c));
  for (const c of ['KUBE-SERVICES', 'KUBE-MARK-MASQ', 'KUBE-KUBELET-CANARY', 'KUBETS-POD-MASQ', 'DOCKER'])
    assert.ok(!isServiceChain(c));
});
