import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { FakeUpstream } from '../../test/fixtures/dns_client.js';
import { query, startFakeUpstream } from '../../test/fixtures/dns_client.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import type { RunningDns } from './dns.js';
import { startDns } from './dns.js';
import { DNS_SLICE_MANAGER } from './kube_dns_service.js';

const run = promisify(execFile);
const log = pino({ level: process.env.KUBETS_LOG_LEVEL ?? 'silent' });

function answersOf(r: Awaited<ReturnType<typeof query>>): string[] {
  return (r.answers ?? [])
    .map((a) => {
      const d = (a as { data: unknown }).data as {
        priority?: number;
        weight: number;
        port: number;
        target: string;
      };
      if (a.type === 'SRV') return `SRV ${d.priority} ${d.weight} ${d.port} ${d.target}`;
      return `${a.type} ${String(d)}`;
    })
    .sort();
}

describe('DNS against an API server', () => {
  let cluster: TestCluster;
  let upstream: FakeUpstream;
  let dns: RunningDns;
  const ac = new AbortController();
  let services: ResourceClient<Service>;
  let slices: ResourceClient<EndpointSlice>;

  before(async () => {
    cluster = await startTestCluster();
    services = new ResourceClient(cluster.rest, Resources.services);
    slices = new ResourceClient(cluster.rest, Resources.endpointslices);
    upstream = await startFakeUpstream();
    upstream.answers.set('example.org|A', {
      answers: [{ name: 'example.org', type: 'A', ttl: 60, data: '192.0.2.80' }],
    });
    dns = await startDns({
      rest: cluster.newClient(),
      log,
      signal: ac.signal,
      bindAddress: '127.0.0.1',
      port: 0,
      metricsPort: 0,
      upstreams: [{ host: '127.0.0.1', port: upstream.port }],
      advertiseAddress: '127.0.0.1',
      nodeName: 'node-a',
    });
  });

  after(async () => {
    ac.abort();
    await dns?.done;
    await upstream?.close();
    await cluster?.stop();
  });

  it('resolves Services, headless endpoints, ExternalNames and names outside the cluster', async () => {
    const web = await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    const ip = web.spec.clusterIP!;
    await waitFor(
      async () => answersOf(await query(dns.port, 'web.default.svc.cluster.local')).length > 0,
      'web',
    );
    assert.deepEqual(answersOf(await query(dns.port, 'web.default.svc.cluster.local')), [`A ${ip}`]);
    assert.deepEqual(answersOf(await query(dns.port, '_http._tcp.web.default.svc.cluster.local', 'SRV')), [
      'SRV 0 100 80 web.default.svc.cluster.local',
    ]);

    await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'db' },
      spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] },
    });
    await slices.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: 'default', name: 'db-x1', labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.42.0.10'], hostname: 'db-0', conditions: { ready: true } },
        { addresses: ['10.42.0.11'], hostname: 'db-1', conditions: { ready: false } },
      ],
      ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    });
    await waitFor(
      async () => answersOf(await query(dns.port, 'db.default.svc.cluster.local')).length > 0,
      'db',
    );
    assert.deepEqual(answersOf(await query(dns.port, 'db.default.svc.cluster.local')), ['A 10.42.0.10']);
    assert.deepEqual(answersOf(await query(dns.port, 'db-0.db.default.svc.cluster.local')), ['A 10.42.0.10']);
    assert.equal((await query(dns.port, 'db-1.db.default.svc.cluster.local')).rcode, 'NXDOMAIN');
    const ptr = await query(dns.port, '10.0.42.10.in-addr.arpa', 'PTR');
    assert.deepEqual(answersOf(ptr), ['PTR db-0.db.default.svc.cluster.local']);

    // The endpoint becomes ready: its name appears.
    const live = await slices.get('default', 'db-x1');
    live.endpoints![1]!.conditions = { ready: true };
    await slices.update(live);
    await waitFor(
      async () => (await query(dns.port, 'db-1.db.default.svc.cluster.local')).rcode === 'NOERROR',
      'db-1 ready',
    );
    assert.deepEqual(answersOf(await query(dns.port, 'db.default.svc.cluster.local')), [
      'A 10.42.0.10',
      'A 10.42.0.11',
    ]);

    await services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { namespace: 'default', name: 'ext' },
      spec: { type: 'ExternalName', externalName: 'example.org' },
    });
    await waitFor(
      async () => (await query(dns.port, 'ext.default.svc.cluster.local')).rcode === 'NOERROR',
      'ext',
    );
    assert.deepEqual(answersOf(await query(dns.port, 'ext.default.svc.cluster.local')), [
      'A 192.0.2.80',
      'CNAME example.org',
    ]);
    assert.deepEqual(answersOf(await query(dns.port, 'example.org')), ['A 192.0.2.80']);

    // Deleting a Service removes its names; the namespace still exists.
    await services.delete('default', 'web');
    await waitFor(
      async () => (await query(dns.port, 'web.default.svc.cluster.local')).rcode === 'NXDOMAIN',
      'gone',
    );
    assert.equal((await query(dns.port, 'default.svc.cluster.local')).rcode, 'NOERROR');
    assert.equal((await query(dns.port, 'no-such-ns.svc.cluster.local')).rcode, 'NXDOMAIN');
  });

  it('keeps the kube-dns Service and one EndpointSlice per instance', async () => {
    await waitFor(async () => {
      try {
        await slices.get('kube-system', 'kube-dns-node-a');
        return true;
      } catch {
        return false;
      }
    }, 'the slice of node-a');
    const svc = await services.get('kube-system', 'kube-dns');
    assert.equal(svc.spec.clusterIP, '10.43.0.10');
    assert.equal(svc.spec.selector, undefined);
    assert.deepEqual(svc.metadata.labels, {
      'k8s-app': 'kube-dns',
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'CoreDNS',
    });
    assert.deepEqual(
      svc.spec.ports!.map((p) => `${p.name} ${p.port}/${p.protocol}`),
      ['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP'],
    );
    const a = await slices.get('kube-system', 'kube-dns-node-a');
    assert.equal(a.metadata.labels?.['endpointslice.kubernetes.io/managed-by'], DNS_SLICE_MANAGER);
    assert.equal(a.metadata.labels?.['kubernetes.io/service-name'], 'kube-dns');
    assert.equal(a.metadata.ownerReferences?.[0]?.uid, svc.metadata.uid);
    assert.deepEqual(a.endpoints?.[0]?.addresses, ['127.0.0.1']);
    assert.equal(a.endpoints?.[0]?.nodeName, 'node-a');
    assert.deepEqual(
      a.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`),
      [`dns ${dns.port}/UDP`, `dns-tcp ${dns.port}/TCP`, `metrics ${new URL(dns.metricsUrl!).port}/TCP`],
    );
    // The cluster zone knows its own DNS service.
    assert.deepEqual(answersOf(await query(dns.port, 'kube-dns.kube-system.svc.cluster.local')), [
      'A 10.43.0.10',
    ]);

    // A second instance adds its own slice and takes it away when it stops.
    const ac2 = new AbortController();
    const second = await startDns({
      rest: cluster.newClient(),
      log,
      signal: ac2.signal,
      bindAddress: '127.0.0.1',
      port: 0,
      metricsPort: -1,
      upstreams: [],
      advertiseAddress: '127.0.0.2',
      nodeName: 'node-b',
    });
    await waitFor(async () => {
      const list = await slices.list('kube-system', { labelSelector: 'kubernetes.io/service-name=kube-dns' });
      return list.items.length === 2;
    }, 'two slices');
    // Someone edits the slice: the instance puts it back.
    const b = await slices.get('kube-system', 'kube-dns-node-b');
    b.endpoints = [{ addresses: ['10.9.9.9'] }];
    await slices.update(b);
    await waitFor(
      async () =>
        (await slices.get('kube-system', 'kube-dns-node-b')).endpoints?.[0]?.addresses[0] === '127.0.0.2',
      'the slice restored',
    );
    ac2.abort();
    await second.done;
    const left = await slices.list('kube-system', { labelSelector: 'kubernetes.io/service-name=kube-dns' });
    assert.deepEqual(
      left.items.map((s) => s.metadata.name),
      ['kube-dns-node-a'],
    );
    // The Service, deleted, comes back.
    await services.delete('kube-system', 'kube-dns');
    await waitFor(async () => {
      try {
        return (await services.get('kube-system', 'kube-dns')).spec.clusterIP === '10.43.0.10';
      } catch {
        return false;
      }
    }, 'kube-dns recreated');
  });

  it('is listed by kubectl cluster-info and serves /metrics', async () => {
    const { stdout } = await run('kubectl', ['--kubeconfig', cluster.kubeconfigPath, 'cluster-info']);
    assert.match(
      stdout,
      /CoreDNS\S* is running at \S*\/api\/v1\/namespaces\/kube-system\/services\/kube-dns:dns\/proxy/,
    );
    const res = await fetch(`${dns.metricsUrl}/metrics`);
    const text = await res.text();
    assert.match(
      text,
      /coredns_dns_requests_total\{server="dns:\/\/:0",zone="\.",view="",proto="udp",family="1",type="A"\} \d+/,
    );
    assert.match(text, /coredns_dns_request_duration_seconds_count/);
    assert.equal((await fetch(`${dns.metricsUrl}/healthz`)).status, 200);
  });

  it('answers the real busybox nslookup', async () => {
    const server = `127.0.0.1:${dns.port}`;
    const { stdout } = await run('/bin/busybox', ['nslookup', 'db-0.db.default.svc.cluster.local', server]);
    assert.match(stdout, /Address: 10\.42\.0\.10/);
    const srv = await run('/bin/busybox', [
      'nslookup',
      '-type=srv',
      '_pg._tcp.db.default.svc.cluster.local',
      server,
    ]);
    assert.match(srv.stdout, /5432 db-\d\.db\.default\.svc\.cluster\.local/);
    const missing = await run('/bin/busybox', ['nslookup', 'nope.default.svc.cluster.local', server]).catch(
      (err: { stdout: string; stderr: string }) => err,
    );
    assert.match(`${missing.stdout}${missing.stderr}`, /NXDOMAIN/);
  });
});
