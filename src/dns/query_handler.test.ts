import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../api/types/service.js';
import { buildQuery } from '../../test/fixtures/dns_client.js';
import { ClusterIndex } from './cluster_index.js';
import { DnsCache } from './dns_cache.js';
import { DnsMetrics } from './dns_metrics.js';
import { QueryHandler } from './query_handler.js';

/** A deterministic generator (xorshift32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

describe('QueryHandler', () => {
  const index = new ClusterIndex('cluster.local');
  index.setNamespace('default');
  index.setService({
    metadata: { namespace: 'default', name: 'kubernetes' },
    spec: { clusterIP: '10.43.0.1', ports: [{ port: 443 }] },
  } as Service);
  // No forwarder: names outside the zone answer SERVFAIL at once.
  const handler = new QueryHandler({
    index,
    zone: { ttl: 5, nameserverIps: ['10.43.0.10'] },
    cache: new DnsCache(),
    metrics: new DnsMetrics('dns://:53'),
  });

  it('never throws, whatever bytes arrive', async () => {
    const rand = rng(20240601);
    const seeds = [
      buildQuery('kubernetes.default.svc.cluster.local'),
      buildQuery('kubernetes.default.svc.cluster.local', 'SRV', { udpPayloadSize: 4096 }),
      buildQuery('1.0.43.10.in-addr.arpa', 'PTR'),
      buildQuery('example.com', 'AAAA', { udpPayloadSize: 1232 }),
    ];
    for (let i = 0; i < 20_000; i++) {
      let msg: Buffer;
      if (i % 4 === 0) msg = Buffer.from(Array.from({ length: (rand() * 80) | 0 }, () => (rand() * 256) | 0));
      else {
        msg = Buffer.from(seeds[i % seeds.length]!);
        const flips = 1 + ((rand() * 4) | 0);
        for (let f = 0; f < flips; f++) msg[(rand() * msg.length) | 0] = (rand() * 256) | 0;
        if (rand() < 0.2) msg = msg.subarray(0, (rand() * msg.length) | 0);
      }
      const transport = i % 2 ? 'udp' : 'tcp';
      const reply = await handler.handle(msg, transport, 4);
      if (reply === undefined) continue;
      assert.ok(Buffer.isBuffer(reply));
      assert.ok(reply.length >= 12, 'at least a header');
      assert.equal(reply.readUInt16BE(0), msg.readUInt16BE(0), 'the ID is echoed');
      assert.ok(reply.readUInt16BE(2) & 0x8000, 'QR set');
      if (transport === 'udp') assert.ok(reply.length <= 4096);
    }
  });

  it('answers REFUSED never, NOTIMP for zone transfers and other classes in the zone', async () => {
    const axfr = buildQuery('cluster.local', 'AXFR');
    assert.equal((handler.handle(axfr, 'tcp', 4) as Buffer).readUInt16BE(2) & 0xf, 4);
    const chaos = Buffer.from(buildQuery('kubernetes.default.svc.cluster.local'));
    chaos.writeUInt16BE(3, chaos.length - 2); // class CH
    assert.equal((handler.handle(chaos, 'udp', 4) as Buffer).readUInt16BE(2) & 0xf, 4);
    const outside = await handler.handle(buildQuery('example.com'), 'udp', 4);
    assert.equal(outside!.readUInt16BE(2) & 0xf, 2, 'SERVFAIL without upstreams');
  });
});
