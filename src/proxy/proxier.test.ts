import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import type { Node } from '../api/types/node.js';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import { ep, makeSlice } from '../../test/fixtures/proxy_objects.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import type { ProxyBackend } from './iptables_backend.js';
import type { ProxyRules } from './iptables_rules.js';
import type { RunningProxy } from './proxier.js';
import { startProxy } from './proxier.js';

const log = pino({ level: process.env.KUBETS_LOG_LEVEL ?? 'silent' });

/** A backend that records what it is given, and fails on demand. */
class FakeBackend implements ProxyBackend {
  applied: ProxyRules[] = [];
  fulls: boolean[] = [];
  failNext = 0;
  async apply(rules: ProxyRules, opts: { full?: boolean } = {}): Promise<void> {
    this.fulls.push(opts.full === true);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('iptables-restore: fake failure');
    }
    this.applied.push(rules);
  }
  last(): string[] {
    return this.applied.at(-1)?.nat.rules ?? [];
  }
}

describe('startProxy against an API server', () => {
  let cluster: TestCluster;
  let proxy: RunningProxy;
  const backend = new FakeBackend();
  const flows: string[][] = [];
  const ac = new AbortController();
  let services: ResourceClient<Service>;
  let slices: ResourceClient<EndpointSlice>;

  before(async () => {
    cluster = await startTestCluster();
    services = new ResourceClient(cluster.rest, Resources.services);
    slices = new ResourceClient(cluster.rest, Resources.endpointslices);
    await new ResourceClient<Node>(cluster.rest, Resources.nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a' },
      status: { addresses: [{ type: 'InternalIP', address: '192.168.5.10' }] },
    } as Node);
    proxy = await startProxy({
      rest: cluster.newClient(),
      log,
      signal: ac.signal,
      nodeName: 'node-a',
      clusterCidr: '10.42.0.0/16',
      backend,
      conntrack: { deleteAll: async (l) => void flows.push(...l.map((a) => [...a])) },
      minSyncMs: 10,
      metricsPort: 0,
    });
  });

  after(async () => {
    ac.abort();
    await proxy.done;
    await cluster.stop();
  });

  test('a service and its slice become DNAT rules; the node’s address comes from its Node', async () => {
    await proxy.synced();
    const svc = await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'web' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    });
    await slices.create(
      makeSlice('default', 'web', 'a', [ep('10.42.0.5', 'node-a')], { name: 'http', port: 8080 }),
    );
    await waitFor(
      () => backend.last().some((r) => r.includes('--to-destination 10.42.0.5:8080')),
      'the DNAT rule',
    );
    assert.ok(backend.last().some((r) => r.includes(`-d ${svc.spec.clusterIP} --dport 80 -j KUBE-SVC-`)));
    assert.equal(backend.fulls[0], true, 'the first sync is a full one');
    assert.equal(backend.fulls.at(-1), false, 'later ones are partial');
    assert.ok(
      backend
        .last()
        .some(
          (r) => r.startsWith('-A KUBE-NODEPORTS ') && r.includes(`--dport ${svc.spec.ports![0]!.nodePort}`),
        ),
    );
  });

  test('a change that leaves the rules as they are writes nothing', async () => {
    await proxy.synced();
    const applies = proxy.applies();
    const syncs = proxy.syncs();
    const web = await services.get('default', 'web');
    await services.update({ ...web, metadata: { ...web.metadata, annotations: { touched: 'yes' } } });
    await waitFor(() => proxy.syncs() > syncs, 'a sync');
    await proxy.synced();
    assert.equal(proxy.applies(), applies);
  });

  test('a removed UDP endpoint has its conntrack flows deleted', async () => {
    const dns = await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'dns' },
      spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
    });
    const slice = await slices.create(
      makeSlice('default', 'dns', 'a', [ep('10.42.0.7'), ep('10.42.0.8')], {
        name: 'dns',
        port: 53,
        protocol: 'UDP',
      }),
    );
    await waitFor(
      () => backend.last().some((r) => r.includes('--to-destination 10.42.0.8:53')),
      'both endpoints',
    );
    await slices.update({ ...slice, endpoints: [ep('10.42.0.7')] });
    const want = `-D -p udp --orig-dst ${dns.spec.clusterIP} --dst-nat 10.42.0.8`;
    await waitFor(() => flows.some((f) => f.join(' ') === want), 'the conntrack deletion');
  });

  test('the service load balancer gives LoadBalancer services the node address, unless classed', async () => {
    await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'lb' },
      spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 8081 }] },
    });
    await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'classed' },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: 'example.com/lb',
        ports: [{ port: 8082 }],
      } as Service['spec'],
    });
    await waitFor(
      async () =>
        (await services.get('default', 'lb')).status?.loadBalancer?.ingress?.[0]?.ip === '192.168.5.10',
      'the ingress',
    );
    await slices.create(makeSlice('default', 'lb', 'a', [ep('10.42.0.9')], { name: 'http', port: 8081 }));
    await waitFor(
      () =>
        backend
          .last()
          .some((r) =>
            r.includes('"default/lb:http loadbalancer IP" -m tcp -p tcp -d 192.168.5.10 --dport 8081'),
          ),
      'the load balancer rule',
    );
    await proxy.synced();
    assert.deepEqual((await services.get('default', 'classed')).status?.loadBalancer ?? {}, {});
  });

  test('a periodic sync that finds the rules flushed from outside does a full sync', async () => {
    const flushed = new (class extends FakeBackend {
      ok = true;
      async intact(): Promise<boolean> {
        return this.ok;
      }
    })();
    const stop = new AbortController();
    const other = await startProxy({
      rest: cluster.newClient(),
      log,
      signal: stop.signal,
      nodeName: 'node-b',
      nodeIPs: ['192.168.5.11'],
      backend: flushed,
      conntrack: null,
      minSyncMs: 10,
      syncPeriodMs: 50,
      metricsPort: -1,
      serviceLoadBalancer: false,
    });
    try {
      await other.synced();
      const fullsBefore = flushed.fulls.filter((f) => f).length;
      assert.equal(fullsBefore, 1);
      flushed.ok = false;
      await waitFor(() => flushed.fulls.filter((f) => f).length > fullsBefore, 'a full sync');
    } finally {
      stop.abort();
      await other.done;
    }
  });

  test('metrics under upstream names and /healthz; a failed apply is retried and reported', async () => {
    const text = await (await fetch(`${proxy.metricsUrl}/metrics`)).text();
    assert.match(text, /kubeproxy_sync_proxy_rules_iptables_total\{table="nat"\} [1-9]\d*/);
    assert.match(text, /kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]/);
    assert.match(text, /kubeproxy_sync_proxy_rules_last_timestamp_seconds \d/);
    assert.equal((await fetch(`${proxy.metricsUrl}/healthz`)).status, 200);
    backend.failNext = 1;
    await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'after-failure' },
      spec: { ports: [{ port: 9999 }] },
    });
    await waitFor(async () => (await fetch(`${proxy.metricsUrl}/healthz`)).status === 500, 'unhealthy');
    await waitFor(
      () =>
        backend.last().some((r) => r.includes('default/after-failure')) ||
        backend.applied.at(-1)!.filter.rules.some((r) => r.includes('default/after-failure')),
      'the retry',
    );
    await waitFor(async () => (await fetch(`${proxy.metricsUrl}/healthz`)).status === 200, 'healthy again');
    assert.match(
      await (await fetch(`${proxy.metricsUrl}/metrics`)).text(),
      /kubeproxy_sync_proxy_rules_iptables_restore_failures_total 1/,
    );
  });
});
