import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice, Service } from '../api/types/service.js';
import { answerClusterQuestion } from './cluster_answer.js';
import { ClusterIndex } from './cluster_index.js';
import { QType, Rcode } from './wire.js';
import type { WireRecord } from './wire_writer.js';

const ZONE = 'cluster.local';

function svc(ns: string, name: string, spec: Record<string, unknown>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec } as Service;
}

interface Ep {
  ip: string | string[];
  hostname?: string;
  ready?: boolean;
}

function slice(
  ns: string,
  svcName: string,
  sliceName: string,
  eps: Ep[],
  ports: { name?: string; port: number; protocol?: string }[] = [],
  addressType: 'IPv4' | 'IPv6' = 'IPv4',
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: sliceName, labels: { 'kubernetes.io/service-name': svcName } },
    addressType,
    endpoints: eps.map((e) => ({
      addresses: Array.isArray(e.ip) ? e.ip : [e.ip],
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }),
    })),
    ports,
  };
}

/** The cluster every row of the table asks. */
function fixture(): ClusterIndex {
  const index = new ClusterIndex(ZONE, () => 1_700_000_000_000);
  for (const ns of ['default', 'kube-system', 'apps', 'empty']) index.setNamespace(ns);
  index.setService(
    svc('default', 'kubernetes', {
      clusterIP: '10.43.0.1',
      clusterIPs: ['10.43.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    }),
  );
  index.setSlice(
    slice('default', 'kubernetes', 'kubernetes', [{ ip: '192.168.1.5' }], [{ name: 'https', port: 6443 }]),
  );
  index.setService(
    svc('apps', 'web', {
      clusterIP: '10.43.5.7',
      clusterIPs: ['10.43.5.7', 'fd00:43::5:7'],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
        { port: 8080 },
      ],
    }),
  );
  index.setSlice(
    slice(
      'apps',
      'web',
      'web-abc',
      [{ ip: '10.42.0.20' }, { ip: '10.42.0.21', ready: false }],
      [{ name: 'http', port: 8080 }],
    ),
  );
  index.setService(
    svc('apps', 'db', {
      clusterIP: 'None',
      clusterIPs: ['None'],
      ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    }),
  );
  index.setSlice(
    slice(
      'apps',
      'db',
      'db-1',
      [
        { ip: '10.42.0.10', hostname: 'db-0' },
        { ip: '10.42.0.11', hostname: 'db-1' },
        { ip: '10.42.0.12' },
        { ip: '10.42.0.13', hostname: 'db-3', ready: false },
      ],
      [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    ),
  );
  index.setSlice(
    slice(
      'apps',
      'db',
      'db-2',
      [{ ip: 'fd00:42::10', hostname: 'db-0' }],
      [{ name: 'pg', port: 5432 }],
      'IPv6',
    ),
  );
  index.setService(
    svc('apps', 'ready-or-not', {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ port: 7000 }],
    }),
  );
  index.setSlice(slice('apps', 'ready-or-not', 'ron', [{ ip: '10.42.1.1', ready: false }], [{ port: 7000 }]));
  index.setService(svc('apps', 'nobody', { clusterIP: 'None', ports: [{ port: 1 }] }));
  index.setService(svc('apps', 'ext', { type: 'ExternalName', externalName: 'example.com.' }));
  index.setService(svc('apps', 'ext-ip', { type: 'ExternalName', externalName: '1.2.3.4' }));
  index.setService(
    svc('apps', 'alias', { type: 'ExternalName', externalName: 'web.apps.svc.cluster.local' }),
  );
  return index;
}

const settings = { ttl: 5, nameserverIps: ['10.43.0.10'] };

/** Renders an answer section compactly: `name TYPE data`. */
function render(recs: WireRecord[]): string[] {
  return recs.map((r) => {
    if (r.type === 'raw') return 'raw';
    const d = r.data;
    let data: string;
    if (r.type === 'SRV') {
      data = `${r.data.priority} ${r.data.weight} ${r.data.port} ${r.data.target}`;
    } else if (r.type === 'TXT') data = r.data.join(',');
    else if (r.type === 'SOA') data = r.data.mname;
    else data = String(d);
    return `${r.name} ${r.type} ${data}`;
  });
}

interface Row {
  q: string;
  type: keyof typeof QType;
  rcode?: number;
  answers?: string[];
  /** Unordered comparison. */
  anyOrder?: boolean;
  additionals?: string[];
  /** Expect an SOA in the authority section. */
  soa?: string;
  /** Not the zone's to answer: forwarded. */
  forwarded?: true;
  chase?: string;
}

const rows: Row[] = [
  // ClusterIP services.
  {
    q: 'kubernetes.default.svc.cluster.local',
    type: 'A',
    answers: ['kubernetes.default.svc.cluster.local A 10.43.0.1'],
  },
  {
    q: 'KUBERNETES.Default.svc.cluster.local',
    type: 'A',
    answers: ['KUBERNETES.Default.svc.cluster.local A 10.43.0.1'],
  },
  { q: 'kubernetes.default.svc.cluster.local', type: 'AAAA', answers: [], soa: ZONE },
  { q: 'kubernetes.default.svc.cluster.local', type: 'TXT', answers: [], soa: ZONE },
  {
    q: 'web.apps.svc.cluster.local',
    type: 'AAAA',
    answers: ['web.apps.svc.cluster.local AAAA fd00:43::5:7'],
  },
  {
    q: '_https._tcp.kubernetes.default.svc.cluster.local',
    type: 'SRV',
    answers: [
      '_https._tcp.kubernetes.default.svc.cluster.local SRV 0 100 443 kubernetes.default.svc.cluster.local',
    ],
    additionals: ['kubernetes.default.svc.cluster.local A 10.43.0.1'],
  },
  {
    q: '_dns._udp.web.apps.svc.cluster.local',
    type: 'SRV',
    answers: ['_dns._udp.web.apps.svc.cluster.local SRV 0 100 53 web.apps.svc.cluster.local'],
    additionals: ['web.apps.svc.cluster.local A 10.43.5.7', 'web.apps.svc.cluster.local AAAA fd00:43::5:7'],
  },
  { q: '_dns._tcp.web.apps.svc.cluster.local', type: 'SRV', rcode: Rcode.NXDOMAIN, soa: ZONE },
  {
    q: 'web.apps.svc.cluster.local',
    type: 'SRV',
    answers: [
      'web.apps.svc.cluster.local SRV 0 33 80 web.apps.svc.cluster.local',
      'web.apps.svc.cluster.local SRV 0 33 53 web.apps.svc.cluster.local',
      'web.apps.svc.cluster.local SRV 0 33 8080 web.apps.svc.cluster.local',
    ],
    anyOrder: true,
  },
  // An empty non-terminal above an SRV name exists: NODATA.
  { q: '_tcp.web.apps.svc.cluster.local', type: 'A', answers: [], soa: ZONE },
  // Endpoints of a ClusterIP service have names too (CoreDNS), ready ones only.
  {
    q: '10-42-0-20.web.apps.svc.cluster.local',
    type: 'A',
    answers: ['10-42-0-20.web.apps.svc.cluster.local A 10.42.0.20'],
  },
  { q: '10-42-0-21.web.apps.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  // Headless services.
  {
    q: 'db.apps.svc.cluster.local',
    type: 'A',
    answers: [
      'db.apps.svc.cluster.local A 10.42.0.10',
      'db.apps.svc.cluster.local A 10.42.0.11',
      'db.apps.svc.cluster.local A 10.42.0.12',
    ],
    anyOrder: true,
  },
  { q: 'db.apps.svc.cluster.local', type: 'AAAA', answers: ['db.apps.svc.cluster.local AAAA fd00:42::10'] },
  {
    q: 'db-0.db.apps.svc.cluster.local',
    type: 'A',
    answers: ['db-0.db.apps.svc.cluster.local A 10.42.0.10'],
  },
  {
    q: 'db-0.db.apps.svc.cluster.local',
    type: 'AAAA',
    answers: ['db-0.db.apps.svc.cluster.local AAAA fd00:42::10'],
  },
  { q: 'db-3.db.apps.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  {
    q: '10-42-0-12.db.apps.svc.cluster.local',
    type: 'A',
    answers: ['10-42-0-12.db.apps.svc.cluster.local A 10.42.0.12'],
  },
  { q: 'db-1.db.apps.svc.cluster.local', type: 'AAAA', answers: [], soa: ZONE },
  {
    q: '_pg._tcp.db.apps.svc.cluster.local',
    type: 'SRV',
    answers: [
      // db-0 has two addresses (IPv4 and IPv6) but one name: one record.
      '_pg._tcp.db.apps.svc.cluster.local SRV 0 33 5432 db-0.db.apps.svc.cluster.local',
      '_pg._tcp.db.apps.svc.cluster.local SRV 0 33 5432 db-1.db.apps.svc.cluster.local',
      '_pg._tcp.db.apps.svc.cluster.local SRV 0 33 5432 10-42-0-12.db.apps.svc.cluster.local',
    ],
    anyOrder: true,
    additionals: [
      'db-0.db.apps.svc.cluster.local A 10.42.0.10',
      'db-0.db.apps.svc.cluster.local AAAA fd00:42::10',
      'db-1.db.apps.svc.cluster.local A 10.42.0.11',
      '10-42-0-12.db.apps.svc.cluster.local A 10.42.0.12',
    ],
  },
  {
    q: 'ready-or-not.apps.svc.cluster.local',
    type: 'A',
    answers: ['ready-or-not.apps.svc.cluster.local A 10.42.1.1'],
  },
  // A headless service without ready endpoints has no name (CoreDNS: NXDOMAIN).
  { q: 'nobody.apps.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  // ExternalName.
  {
    q: 'ext.apps.svc.cluster.local',
    type: 'A',
    answers: ['ext.apps.svc.cluster.local CNAME example.com'],
    chase: 'example.com',
  },
  {
    q: 'ext.apps.svc.cluster.local',
    type: 'CNAME',
    answers: ['ext.apps.svc.cluster.local CNAME example.com'],
  },
  { q: 'ext-ip.apps.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  {
    q: 'alias.apps.svc.cluster.local',
    type: 'A',
    answers: [
      'alias.apps.svc.cluster.local CNAME web.apps.svc.cluster.local',
      'web.apps.svc.cluster.local A 10.43.5.7',
    ],
  },
  // Namespaces and the structure of the zone.
  { q: 'no-such.default.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'default.svc.cluster.local', type: 'A', answers: [], soa: ZONE },
  { q: 'empty.svc.cluster.local', type: 'A', answers: [], soa: ZONE },
  { q: 'nope.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'svc.cluster.local', type: 'A', answers: [], soa: ZONE },
  { q: 'pod.cluster.local', type: 'A', answers: [], soa: ZONE },
  { q: 'other.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'a.b.c.d.e.svc.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'cluster.local', type: 'A', answers: [], soa: ZONE },
  { q: 'cluster.local', type: 'SOA', answers: ['cluster.local SOA ns.dns.cluster.local'] },
  {
    q: 'cluster.local',
    type: 'NS',
    answers: ['cluster.local NS ns.dns.cluster.local'],
    additionals: ['ns.dns.cluster.local A 10.43.0.10'],
  },
  { q: 'dns-version.cluster.local', type: 'TXT', answers: ['dns-version.cluster.local TXT 1.1.0'] },
  { q: 'dns-version.cluster.local', type: 'A', answers: [], soa: ZONE },
  // Pods (`pods insecure`): the address spelled, in an existing namespace.
  {
    q: '10-42-0-99.default.pod.cluster.local',
    type: 'A',
    answers: ['10-42-0-99.default.pod.cluster.local A 10.42.0.99'],
  },
  {
    q: 'fd00--1.default.pod.cluster.local',
    type: 'AAAA',
    answers: ['fd00--1.default.pod.cluster.local AAAA fd00::1'],
  },
  { q: '10-42-0-99.default.pod.cluster.local', type: 'AAAA', answers: [], soa: ZONE },
  { q: '10-42-0-99.nope.pod.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'not-an-ip.default.pod.cluster.local', type: 'A', rcode: Rcode.NXDOMAIN, soa: ZONE },
  { q: 'default.pod.cluster.local', type: 'A', answers: [], soa: ZONE },
  // Reverse: a cluster IP names its Service alone; endpoints with hostnames beat dashed ones.
  {
    q: '1.0.43.10.in-addr.arpa',
    type: 'PTR',
    answers: ['1.0.43.10.in-addr.arpa PTR kubernetes.default.svc.cluster.local'],
  },
  {
    q: '7.0.0.0.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.4.0.0.0.0.d.f.ip6.arpa',
    type: 'PTR',
    answers: [
      '7.0.0.0.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.4.0.0.0.0.d.f.ip6.arpa PTR web.apps.svc.cluster.local',
    ],
  },
  {
    q: '10.0.42.10.in-addr.arpa',
    type: 'PTR',
    answers: ['10.0.42.10.in-addr.arpa PTR db-0.db.apps.svc.cluster.local'],
  },
  {
    q: '12.0.42.10.in-addr.arpa',
    type: 'PTR',
    answers: ['12.0.42.10.in-addr.arpa PTR 10-42-0-12.db.apps.svc.cluster.local'],
  },
  {
    q: '5.1.168.192.in-addr.arpa',
    type: 'PTR',
    answers: ['5.1.168.192.in-addr.arpa PTR 192-168-1-5.kubernetes.default.svc.cluster.local'],
  },
  { q: '1.0.43.10.in-addr.arpa', type: 'A', answers: [], soa: 'in-addr.arpa' },
  // Not ours: forwarded.
  { q: '8.8.8.8.in-addr.arpa', type: 'PTR', forwarded: true },
  { q: 'example.com', type: 'A', forwarded: true },
  { q: 'cluster.local.example.com', type: 'A', forwarded: true },
  { q: '', type: 'NS', forwarded: true },
];

describe('answerClusterQuestion', () => {
  const index = fixture();
  for (const row of rows) {
    it(`${row.type} ${row.q || '.'}`, () => {
      const got = answerClusterQuestion(index, settings, row.q, row.q.toLowerCase(), QType[row.type]);
      if (row.forwarded) {
        assert.equal(got, undefined);
        return;
      }
      assert.ok(got, 'answered');
      assert.equal(got.rcode, row.rcode ?? Rcode.NOERROR);
      const answers = render(got.answers);
      const want = row.answers ?? [];
      if (row.anyOrder) assert.deepEqual([...answers].sort(), [...want].sort());
      else assert.deepEqual(answers, want);
      if (row.additionals) assert.deepEqual(render(got.additionals).sort(), [...row.additionals].sort());
      if (row.soa !== undefined) {
        assert.equal(got.authorities.length, 1);
        assert.equal(got.authorities[0]!.type, 'SOA');
        assert.equal((got.authorities[0] as { name: string }).name, row.soa);
      } else assert.deepEqual(got.authorities, []);
      assert.equal(got.chase, row.chase);
      for (const r of [...got.answers, ...got.authorities]) assert.equal(r.type !== 'raw' && r.ttl, 5);
    });
  }
});

describe('ClusterIndex', () => {
  it('follows Services and slices as they change', () => {
    const index = fixture();
    const ask = (q: string, t: keyof typeof QType = 'A') =>
      answerClusterQuestion(index, settings, q, q, QType[t])!;
    // A slice moves to another Service (its label changes).
    const moved = slice('apps', 'ready-or-not', 'db-1', [{ ip: '10.42.0.10', hostname: 'db-0' }]);
    index.setSlice(moved);
    assert.deepEqual(render(ask('db.apps.svc.cluster.local').answers), []);
    assert.deepEqual(render(ask('db.apps.svc.cluster.local', 'AAAA').answers), [
      'db.apps.svc.cluster.local AAAA fd00:42::10',
    ]);
    assert.deepEqual(render(ask('ready-or-not.apps.svc.cluster.local').answers).sort(), [
      'ready-or-not.apps.svc.cluster.local A 10.42.0.10',
      'ready-or-not.apps.svc.cluster.local A 10.42.1.1',
    ]);
    // Deleting the Service removes every name under it; the namespace stays.
    index.deleteService(svc('apps', 'db', {}));
    assert.equal(ask('db.apps.svc.cluster.local').rcode, Rcode.NXDOMAIN);
    assert.equal(ask('_tcp.db.apps.svc.cluster.local').rcode, Rcode.NXDOMAIN);
    assert.equal(ask('apps.svc.cluster.local').rcode, Rcode.NOERROR);
    // A Service comes back: its slices (still known) count again.
    index.setService(svc('apps', 'db', { clusterIP: 'None' }));
    assert.deepEqual(render(ask('db.apps.svc.cluster.local', 'AAAA').answers), [
      'db.apps.svc.cluster.local AAAA fd00:42::10',
    ]);
    // The cluster IP changes: the old PTR goes.
    index.setService(svc('default', 'kubernetes', { clusterIP: '10.43.0.2', ports: [{ port: 443 }] }));
    assert.deepEqual(render(ask('kubernetes.default.svc.cluster.local').answers), [
      'kubernetes.default.svc.cluster.local A 10.43.0.2',
    ]);
    assert.equal(
      answerClusterQuestion(index, settings, '1.0.43.10.in-addr.arpa', '1.0.43.10.in-addr.arpa', QType.PTR),
      undefined,
    );
    index.deleteSlice(moved);
    assert.deepEqual(render(ask('ready-or-not.apps.svc.cluster.local').answers), [
      'ready-or-not.apps.svc.cluster.local A 10.42.1.1',
    ]);
    index.deleteNamespace('empty');
    assert.equal(ask('empty.svc.cluster.local').rcode, Rcode.NXDOMAIN);
  });

  it('never throws on odd objects', () => {
    const index = new ClusterIndex(ZONE);
    const odd: unknown[] = [
      null,
      {},
      { metadata: null },
      { metadata: { name: 'x' } },
      { metadata: { name: 'x', namespace: 'y' } },
      { metadata: { name: 'x', namespace: 'y' }, spec: null },
      { metadata: { name: 'x', namespace: 'y' }, spec: { clusterIP: 42, clusterIPs: 'no', ports: {} } },
      {
        metadata: { name: 'x', namespace: 'y' },
        spec: { clusterIP: '10.0.0.1', ports: [null, { port: 'a' }, { port: 1e9 }] },
      },
      { metadata: { name: 'Bad_Name', namespace: 'y' }, spec: { clusterIP: '10.0.0.1' } },
      { metadata: { name: 'x', namespace: 'y' }, spec: { type: 'ExternalName', externalName: 7 } },
      { metadata: { name: 'h', namespace: 'y' }, spec: { clusterIP: 'None' } },
    ];
    for (const o of odd) index.setService(o as Service);
    const oddSlices: unknown[] = [
      null,
      { metadata: { name: 's', namespace: 'y', labels: { 'kubernetes.io/service-name': 'h' } } },
      {
        metadata: { name: 's', namespace: 'y', labels: { 'kubernetes.io/service-name': 'h' } },
        addressType: 'IPv4',
        endpoints: [null, { addresses: null }, { addresses: [1, 'x', '::1', '10.0.0.9'], hostname: 5 }],
        ports: [{ port: 'x' }, null],
      },
      {
        metadata: { name: 't', namespace: 'y', labels: null },
        addressType: 'FQDN',
        endpoints: [{ addresses: ['a.b'] }],
      },
    ];
    for (const o of oddSlices) index.setSlice(o as EndpointSlice);
    const got = answerClusterQuestion(
      index,
      settings,
      'h.y.svc.cluster.local',
      'h.y.svc.cluster.local',
      QType.A,
    )!;
    assert.deepEqual(render(got.answers), ['h.y.svc.cluster.local A 10.0.0.9']);
    for (const o of [...odd, ...oddSlices]) {
      index.deleteService(o as Service);
      index.deleteSlice(o as EndpointSlice);
    }
    assert.equal(index.size, 0);
  });
});
