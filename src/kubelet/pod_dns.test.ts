import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/types/pod.js';
import type { NodeDnsSettings } from './pod_dns.js';
import { parseResolvConf, podDnsConfig } from './pod_dns.js';

const node: NodeDnsSettings = {
  clusterDns: ['10.43.0.10'],
  clusterDomain: 'cluster.local',
  host: parseResolvConf(
    '# comment\nnameserver 192.0.2.53\nnameserver 192.0.2.54\nsearch corp.example\noptions edns0\n',
  ),
};

function pod(spec: Partial<Pod['spec']>): Pod {
  return { metadata: { name: 'p', namespace: 'team' }, spec: { containers: [], ...spec } };
}

describe('podDnsConfig', () => {
  it('parses resolv.conf', () => {
    assert.deepEqual(node.host, {
      servers: ['192.0.2.53', '192.0.2.54'],
      searches: ['corp.example'],
      options: ['edns0'],
    });
  });
  it('ClusterFirst', () => {
    assert.deepEqual(podDnsConfig(pod({}), node), {
      servers: ['10.43.0.10'],
      searches: ['team.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
      options: ['ndots:5'],
    });
  });
  it('ClusterFirst on the host network falls back to Default', () => {
    assert.deepEqual(podDnsConfig(pod({ hostNetwork: true }), node).servers, ['192.0.2.53', '192.0.2.54']);
  });
  it('ClusterFirstWithHostNet uses the cluster DNS', () => {
    assert.deepEqual(
      podDnsConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), node).servers,
      ['10.43.0.10'],
    );
  });
  it('Default', () => {
    assert.deepEqual(podDnsConfig(pod({ dnsPolicy: 'Default' }), node), node.host);
  });
  it('None with dnsConfig, options merged by name', () => {
    assert.deepEqual(
      podDnsConfig(
        pod({
          dnsPolicy: 'None',
          dnsConfig: {
            nameservers: ['1.1.1.1'],
            searches: ['a.example'],
            options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
          },
        }),
        node,
      ),
      { servers: ['1.1.1.1'], searches: ['a.example'], options: ['ndots:2', 'edns0'] },
    );
    assert.deepEqual(
      podDnsConfig(pod({ dnsConfig: { options: [{ name: 'ndots', value: '1' }] } }), node).options,
      ['ndots:1'],
    );
  });
  it('without cluster DNS, ClusterFirst is Default', () => {
    assert.deepEqual(podDnsConfig(pod({}), { ...node, clusterDns: [] }).servers, [
      '192.0.2.53',
      '192.0.2.54',
    ]);
  });
});
