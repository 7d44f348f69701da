import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { FakeClock } from '../client/clock.js';
import type { FakeUpstream } from '../../test/fixtures/dns_client.js';
import {
  buildQuery,
  query,
  startFakeUpstream,
  tcpExchange,
  udpExchange,
} from '../../test/fixtures/dns_client.js';
import { ClusterIndex } from './cluster_index.js';
import { DnsCache } from './dns_cache.js';
import { DnsMetrics } from './dns_metrics.js';
import type { DnsServer } from './dns_server.js';
import { startDnsServer } from './dns_server.js';
import { Forwarder } from './forwarder.js';
import { QueryHandler } from './query_handler.js';

/** The header rcode of a reply, by name. */
function rcodeOf(msg: Buffer): string {
  return (
    ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'][msg.readUInt16BE(2) & 0xf] ?? '?'
  );
}

const soa = (zone: string, minimum: number) => ({
  name: zone,
  type: 'SOA' as const,
  ttl: 3600,
  data: {
    mname: `ns.${zone}`,
    rname: `admin.${zone}`,
    serial: 1,
    refresh: 1,
    retry: 1,
    expire: 1,
    minimum,
  },
});

describe('DNS server over UDP and TCP', () => {
  let server: DnsServer;
  let upstream: FakeUpstream;
  let forwarder: Forwarder;
  let metrics: DnsMetrics;
  const clock = new FakeClock();
  const index = new ClusterIndex('cluster.local', () => clock.now());

  before(async () => {
    upstream = await startFakeUpstream();
    upstream.answers.set('example.com|A', {
      answers: [{ name: 'example.com', type: 'A', ttl: 20, data: '93.184.216.34' }],
    });
    upstream.answers.set('gone.example.com|A', { rcode: 3, authorities: [soa('example.com', 10)] });
    upstream.answers.set('broken.example.com|A', { rcode: 2 });
    upstream.answers.set('big.example.com|TXT', {
      truncateUdp: true,
      answers: Array.from({ length: 40 }, (_, i) => ({
        name: 'big.example.com',
        type: 'TXT' as const,
        ttl: 60,
        data: [`record number ${i} `.padEnd(40, 'x')],
      })),
    });
    upstream.answers.set('target.example.net|A', {
      answers: [{ name: 'target.example.net', type: 'A', ttl: 60, data: '198.51.100.7' }],
    });
    index.setNamespace('default');
    index.setService({
      metadata: { namespace: 'default', name: 'kubernetes' },
      spec: { clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443 }] },
    } as Service);
    index.setService({
      metadata: { namespace: 'default', name: 'many' },
      spec: { clusterIP: 'None' },
    } as Service);
    index.setSlice({
      metadata: { namespace: 'default', name: 'many-1', labels: { 'kubernetes.io/service-name': 'many' } },
      addressType: 'IPv4',
      endpoints: Array.from({ length: 100 }, (_, i) => ({ addresses: [`10.42.${i >> 8}.${i & 255}`] })),
    } as EndpointSlice);
    index.setService({
      metadata: { namespace: 'default', name: 'ext' },
      spec: { type: 'ExternalName', externalName: 'target.example.net' },
    } as Service);
    metrics = new DnsMetrics('dns://:0');
    forwarder = new Forwarder({ upstreams: [{ host: '127.0.0.1', port: upstream.port }], timeoutMs: 300 });
    const cache = new DnsCache({ clock });
    metrics.setCacheCounts(() => cache.counts());
    const handler = new QueryHandler({
      index,
      zone: { ttl: 5, nameserverIps: ['10.43.0.10'] },
      cache,
      forwarder,
      metrics,
    });
    server = await startDnsServer({
      address: '127.0.0.1',
      port: 0,
      handler: (m, t, f) => handler.handle(m, t, f),
    });
  });

  after(async () => {
    await server.close();
    forwarder.close();
    await upstream.close();
  });

  it('answers cluster names authoritatively over UDP and TCP', async () => {
    const r = await query(server.port, 'kubernetes.default.svc.cluster.local', 'A', { id: 777 });
    assert.equal(r.id, 777);
    assert.equal(r.rcode, 'NOERROR');
    assert.equal(r.flag_aa, true);
    assert.equal(r.flag_rd, true);
    assert.deepEqual(
      r.answers?.map((a) => [a.name, a.type, (a as { data: unknown }).data, (a as { ttl: number }).ttl]),
      [['kubernetes.default.svc.cluster.local', 'A', '10.43.0.1', 5]],
    );
    const [a, b] = await tcpExchange(server.port, [
      buildQuery('kubernetes.default.svc.cluster.local', 'A', { id: 1 }),
      buildQuery('_https._tcp.kubernetes.default.svc.cluster.local', 'SRV', { id: 2 }),
    ]);
    const byId = new Map([a!, b!].map((m) => [dnsPacket.decode(m).id, dnsPacket.decode(m)]));
    assert.equal(byId.get(1)?.answers?.[0]?.type, 'A');
    assert.equal(byId.get(2)?.answers?.[0]?.type, 'SRV');
  });

  it('answers NXDOMAIN with the SOA for unknown cluster names', async () => {
    const r = await query(server.port, 'nope.default.svc.cluster.local');
    assert.equal(r.rcode, 'NXDOMAIN');
    assert.equal(r.flag_aa, true);
    assert.deepEqual(r.answers, []);
    assert.equal(r.authorities?.[0]?.type, 'SOA');
    assert.equal(r.authorities?.[0]?.name, 'cluster.local');
  });

  it('answers FORMERR to malformed queries and NOTIMP to other opcodes', async () => {
    const good = buildQuery('kubernetes.default.svc.cluster.local');
    const cases: [string, Buffer, string][] = [
      ['no question', Buffer.from([0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 'FORMERR'],
      ['cut in the name', good.subarray(0, 20), 'FORMERR'],
      ['cut in the type', good.subarray(0, good.length - 2), 'FORMERR'],
      [
        'two questions',
        Buffer.concat([good.subarray(0, 4), Buffer.from([0, 2]), good.subarray(6)]),
        'FORMERR',
      ],
      [
        'a forward pointer',
        Buffer.concat([good.subarray(0, 12), Buffer.from([0xc0, 0x20, 0, 1, 0, 1])]),
        'FORMERR',
      ],
      [
        'a claimed record that is missing',
        Buffer.concat([good.subarray(0, 10), Buffer.from([0, 1]), good.subarray(12)]),
        'FORMERR',
      ],
      [
        'opcode STATUS',
        Buffer.concat([good.subarray(0, 2), Buffer.from([0x11, 0x00]), good.subarray(4)]),
        'NOTIMP',
      ],
      [
        'opcode UPDATE',
        Buffer.concat([good.subarray(0, 2), Buffer.from([0x29, 0x00]), good.subarray(4)]),
        'NOTIMP',
      ],
    ];
    for (const [what, msg, rcode] of cases) {
      const reply = await udpExchange(server.port, msg);
      assert.equal(reply.readUInt16BE(0), msg.readUInt16BE(0), what);
      assert.ok(reply.readUInt16BE(2) & 0x8000, `${what}: QR`);
      assert.equal(rcodeOf(reply), rcode, what);
    }
    // A message too short for a header, or a response, gets nothing; the server keeps serving.
    await assert.rejects(udpExchange(server.port, Buffer.from([1, 2, 3]), '127.0.0.1', 200));
    const response = Buffer.from(good);
    response[2]! |= 0x80;
    await assert.rejects(udpExchange(server.port, response, '127.0.0.1', 200));
    const tcp = await tcpExchange(server.port, [Buffer.from([0, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), good]);
    assert.deepEqual(
      tcp.map((m) => rcodeOf(m)),
      ['FORMERR', 'NOERROR'],
    );
    assert.equal((await query(server.port, 'kubernetes.default.svc.cluster.local')).rcode, 'NOERROR');
  });

  it('answers BADVERS to EDNS versions other than 0', async () => {
    const r = await query(server.port, 'kubernetes.default.svc.cluster.local', 'A', {
      udpPayloadSize: 1232,
      ednsVersion: 1,
    });
    const opt = r.additionals?.find((a) => a.type === 'OPT') as { extendedRcode: number } | undefined;
    assert.equal(opt?.extendedRcode, 1, 'BADVERS is 16: 1 in the OPT record, 0 in the header');
  });

  it('truncates large UDP answers (TC) to what the client accepts; TCP gets them all', async () => {
    const small = await udpExchange(server.port, buildQuery('many.default.svc.cluster.local'));
    assert.ok(small.length <= 512);
    const s = dnsPacket.decode(small);
    assert.equal(s.flag_tc, true);
    assert.ok(s.answers!.length > 0 && s.answers!.length < 100);
    const edns = await udpExchange(
      server.port,
      buildQuery('many.default.svc.cluster.local', 'A', { udpPayloadSize: 1232 }),
    );
    assert.ok(edns.length <= 1232 && edns.length > 512);
    const e = dnsPacket.decode(edns);
    assert.equal(e.flag_tc, true);
    assert.ok(e.additionals?.some((a) => a.type === 'OPT'));
    const bigEdns = dnsPacket.decode(
      await udpExchange(
        server.port,
        buildQuery('many.default.svc.cluster.local', 'A', { udpPayloadSize: 4096 }),
      ),
    );
    // Names are compressed: 100 records of one owner fit in 4096 octets.
    assert.equal(bigEdns.flag_tc, false);
    assert.equal(bigEdns.answers!.length, 100);
    assert.ok(s.answers!.length >= 25, `${s.answers!.length} records in 512 octets`);
    const [full] = await tcpExchange(server.port, [buildQuery('many.default.svc.cluster.local')]);
    const f = dnsPacket.decode(full!);
    assert.equal(f.flag_tc, false);
    assert.equal(f.answers!.length, 100);
  });

  it('forwards other names, caches answers with aging TTLs, and caches negative answers', async () => {
    upstream.asked.length = 0;
    const first = await query(server.port, 'example.com', 'A', { id: 10 });
    assert.equal(first.id, 10);
    assert.equal(first.rcode, 'NOERROR');
    assert.deepEqual(
      first.answers?.map((a) => (a as { data: unknown }).data),
      ['93.184.216.34'],
    );
    assert.equal((first.answers![0] as { ttl: number }).ttl, 20);
    clock.advance(7000);
    const second = await query(server.port, 'EXAMPLE.com', 'A', { id: 11 });
    assert.equal(second.id, 11);
    assert.equal(second.questions?.[0]?.name, 'EXAMPLE.com', 'the question is echoed as asked');
    assert.equal((second.answers![0] as { ttl: number }).ttl, 13);
    assert.deepEqual(upstream.asked, ['example.com|A|udp']);

    const neg = await query(server.port, 'gone.example.com');
    assert.equal(neg.rcode, 'NXDOMAIN');
    assert.equal((await query(server.port, 'gone.example.com')).rcode, 'NXDOMAIN');
    assert.equal(upstream.asked.filter((q) => q.startsWith('gone.')).length, 1);
    // The negative TTL is min(SOA TTL, MINIMUM) = 10 s.
    clock.advance(10_000);
    assert.equal((await query(server.port, 'gone.example.com')).rcode, 'NXDOMAIN');
    assert.equal(upstream.asked.filter((q) => q.startsWith('gone.')).length, 2);

    // SERVFAIL from upstream is passed on and not cached.
    assert.equal((await query(server.port, 'broken.example.com')).rcode, 'SERVFAIL');
    assert.equal((await query(server.port, 'broken.example.com')).rcode, 'SERVFAIL');
    assert.equal(upstream.asked.filter((q) => q.startsWith('broken.')).length, 2);
    // Past the entry's TTL the upstream is asked again.
    clock.advance(20_000);
    await query(server.port, 'example.com');
    assert.equal(upstream.asked.filter((q) => q === 'example.com|A|udp').length, 2);
    const text = await metrics.registry.metrics();
    assert.match(text, /coredns_cache_hits_total\{server="dns:\/\/:0",type="success",zones="\.",view=""\} 1/);
    assert.match(text, /coredns_cache_hits_total\{server="dns:\/\/:0",type="denial",zones="\.",view=""\} 1/);
    assert.match(text, /coredns_dns_requests_total\{[^}]*proto="udp",family="1",type="A"\} \d+/);
    assert.match(text, /coredns_dns_request_duration_seconds_bucket/);
  });

  it('asks upstream again over TCP when its UDP answer is truncated, and truncates for the client', async () => {
    upstream.asked.length = 0;
    const udp = await query(server.port, 'big.example.com', 'TXT');
    assert.equal(udp.flag_tc, true);
    assert.deepEqual(udp.answers, []);
    assert.deepEqual(upstream.asked, ['big.example.com|TXT|udp', 'big.example.com|TXT|tcp']);
    const [tcp] = await tcpExchange(server.port, [buildQuery('big.example.com', 'TXT')]);
    assert.equal(dnsPacket.decode(tcp!).answers!.length, 40);
    assert.equal(upstream.asked.length, 2, 'the full answer came from the cache');
  });

  it('follows an ExternalName CNAME through the upstream', async () => {
    const r = await query(server.port, 'ext.default.svc.cluster.local');
    assert.equal(r.rcode, 'NOERROR');
    assert.deepEqual(
      r.answers?.map((a) => `${a.name} ${a.type} ${(a as { data: unknown }).data}`),
      ['ext.default.svc.cluster.local CNAME target.example.net', 'target.example.net A 198.51.100.7'],
    );
  });

  it('answers SERVFAIL when every upstream fails', async () => {
    upstream.answers.set('slow.example.com|A', { silent: true });
    const t0 = Date.now();
    const r = await query(server.port, 'slow.example.com');
    assert.equal(r.rcode, 'SERVFAIL');
    assert.ok(Date.now() - t0 >= 250, 'after the forward timeout');
    // Cluster names are still answered, never REFUSED.
    const c = await query(server.port, 'whatever.cluster.local');
    assert.equal(c.rcode, 'NXDOMAIN');
  });
});
