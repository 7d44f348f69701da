import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import type { WireRecord } from './wire_writer.js';
import { encodeMessage, nameLabels } from './wire_writer.js';

const question = Buffer.from(
  dnsPacket.encode({ questions: [{ name: 'Web.Apps.svc.cluster.local', type: 'A' }] }).subarray(12),
);

const records: WireRecord[] = [
  { name: 'Web.Apps.svc.cluster.local', type: 'A', ttl: 5, data: '10.43.0.7' },
  { name: 'Web.Apps.svc.cluster.local', type: 'AAAA', ttl: 5, data: 'fd00::7' },
  { name: 'alias.apps.svc.cluster.local', type: 'CNAME', ttl: 5, data: 'web.apps.svc.cluster.local' },
  { name: '7.0.43.10.in-addr.arpa', type: 'PTR', ttl: 5, data: 'web.apps.svc.cluster.local' },
  { name: 'cluster.local', type: 'NS', ttl: 5, data: 'ns.dns.cluster.local' },
  {
    name: '_http._tcp.web.apps.svc.cluster.local',
    type: 'SRV',
    ttl: 5,
    data: { priority: 0, weight: 100, port: 80, target: 'web.apps.svc.cluster.local' },
  },
  { name: 'dns-version.cluster.local', type: 'TXT', ttl: 5, data: ['1.1.0', 'x'.repeat(300)] },
  {
    name: 'cluster.local',
    type: 'SOA',
    ttl: 5,
    data: {
      mname: 'ns.dns.cluster.local',
      rname: 'hostmaster.cluster.local',
      serial: 1700000000,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: 5,
    },
  },
];

describe('encodeMessage', () => {
  it('writes every record type so that a standard decoder reads it back', () => {
    const msg = encodeMessage({
      id: 42,
      flags: 0x8580,
      question,
      questionName: 'Web.Apps.svc.cluster.local',
      answers: records,
      authorities: [],
      additionals: [],
    });
    const d = dnsPacket.decode(msg);
    assert.equal(d.id, 42);
    assert.equal(d.questions?.[0]?.name, 'Web.Apps.svc.cluster.local');
    const got = d.answers!.map((a) => [a.name, a.type, (a as { data: unknown }).data]);
    assert.deepEqual(got, [
      ['Web.Apps.svc.cluster.local', 'A', '10.43.0.7'],
      ['Web.Apps.svc.cluster.local', 'AAAA', 'fd00::7'],
      ['alias.apps.svc.cluster.local', 'CNAME', 'web.apps.svc.cluster.local'],
      ['7.0.43.10.in-addr.arpa', 'PTR', 'web.apps.svc.cluster.local'],
      ['cluster.local', 'NS', 'ns.dns.cluster.local'],
      [
        '_http._tcp.web.apps.svc.cluster.local',
        'SRV',
        { priority: 0, weight: 100, port: 80, target: 'web.apps.svc.cluster.local' },
      ],
      [
        'dns-version.cluster.local',
        'TXT',
        [Buffer.from('1.1.0'), Buffer.from('x'.repeat(255)), Buffer.from('x'.repeat(45))],
      ],
      [
        'cluster.local',
        'SOA',
        {
          mname: 'ns.dns.cluster.local',
          rname: 'hostmaster.cluster.local',
          serial: 1700000000,
          refresh: 7200,
          retry: 1800,
          expire: 86400,
          minimum: 5,
        },
      ],
    ]);
  });

  it('compresses repeated names against the question', () => {
    const many: WireRecord[] = Array.from({ length: 10 }, (_, i) => ({
      name: 'Web.Apps.svc.cluster.local',
      type: 'A',
      ttl: 5,
      data: `10.0.0.${i}`,
    }));
    const msg = encodeMessage({
      id: 1,
      flags: 0x8000,
      question,
      questionName: 'Web.Apps.svc.cluster.local',
      answers: many,
      authorities: [],
      additionals: [],
    });
    // Header, question, then 10 × (2-octet pointer + 10 fixed + 4 address).
    assert.equal(msg.length, 12 + question.length + 10 * 16);
    assert.equal(dnsPacket.decode(msg).answers!.length, 10);
  });

  it('keeps what fits under maxSize, sets TC for lost answers only, keeps the OPT record', () => {
    const many: WireRecord[] = Array.from({ length: 100 }, (_, i) => ({
      name: 'Web.Apps.svc.cluster.local',
      type: 'A',
      ttl: 5,
      data: `10.0.0.${i}`,
    }));
    const opt = { udpPayloadSize: 1232, extendedRcode: 0, dnssecOk: true };
    const cut = encodeMessage({
      id: 1,
      flags: 0x8000,
      question,
      questionName: 'Web.Apps.svc.cluster.local',
      answers: many,
      authorities: [],
      additionals: [],
      opt,
      maxSize: 512,
    });
    assert.ok(cut.length <= 512);
    const d = dnsPacket.decode(cut);
    assert.equal(d.flag_tc, true);
    assert.equal(d.answers!.length, Math.floor((512 - 12 - question.length - 11) / 16));
    assert.equal((d.additionals![0] as { flag_do: boolean }).flag_do, true);
    const extraCut = encodeMessage({
      id: 1,
      flags: 0x8000,
      question,
      questionName: 'Web.Apps.svc.cluster.local',
      answers: many.slice(0, 5),
      authorities: [],
      additionals: many,
      maxSize: 512,
    });
    const e = dnsPacket.decode(extraCut);
    assert.equal(e.flag_tc, false, 'dropping additional records does not set TC');
    assert.equal(e.answers!.length, 5);
    assert.ok(e.additionals!.length > 0 && extraCut.length <= 512);
  });
});

describe('nameLabels', () => {
  it('decodes escapes and ignores a trailing dot', () => {
    assert.deepEqual(nameLabels('a.b.'), [Buffer.from('a'), Buffer.from('b')]);
    assert.deepEqual(nameLabels(''), []);
    assert.deepEqual(nameLabels('a\\.b.c\\032d'), [Buffer.from('a.b'), Buffer.from('c d')]);
  });
});
