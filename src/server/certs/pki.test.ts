import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { ensureClusterPki, RENEW_BEFORE_MS } from './pki.js';
import type { ClusterPki } from './pki.js';

const DAY = 24 * 60 * 60 * 1000;
const FILES = [
  'client-admin.crt',
  'client-admin.key',
  'client-ca.crt',
  'client-ca.key',
  'server-ca.crt',
  'server-ca.key',
  'serving-kube-apiserver.crt',
  'serving-kube-apiserver.key',
];

async function withDataDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubets-pki-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function issuedBy(leafPem: string, caPem: string): boolean {
  const leaf = new X509Certificate(leafPem);
  const ca = new X509Certificate(caPem);
  return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
}

const clock = (date: Date) => () => date;

test('first start generates the CAs, the serving and the admin certificates', () =>
  withDataDir(async (dir) => {
    const t0 = new Date('2031-03-04T05:06:07Z');
    const pki = await ensureClusterPki(dir, {
      hostnames: ['api.example.com', '192.0.2.7'],
      ips: ['fd00::5'],
      now: clock(t0),
    });
    const tls = join(dir, 'tls');
    assert.equal(pki.tlsDir, tls);
    assert.deepEqual((await readdir(tls)).sort(), FILES);
    assert.deepEqual([...pki.generated].sort(), FILES);
    assert.equal((await stat(tls)).mode & 0o777, 0o700);
    for (const file of FILES) {
      assert.equal((await stat(join(tls, file))).mode & 0o777, file.endsWith('.key') ? 0o600 : 0o644, file);
    }
    assert.equal(await readFile(join(tls, 'server-ca.crt'), 'utf8'), pki.serverCaPem);
    assert.equal(await readFile(join(tls, 'client-ca.crt'), 'utf8'), pki.clientCaPem);
    assert.equal(await readFile(join(tls, 'serving-kube-apiserver.key'), 'utf8'), pki.servingKeyPem);
    assert.equal(await readFile(join(tls, 'client-admin.key'), 'utf8'), pki.adminKeyPem);

    const serverCa = new X509Certificate(pki.serverCaPem);
    const unix = Math.floor(t0.getTime() / 1000);
    assert.equal(serverCa.subject, `CN=kubets-server-ca@${unix}`);
    assert.equal(serverCa.ca, true);
    assert.equal(Date.parse(serverCa.validTo), t0.getTime() + 3650 * DAY);
    const clientCa = new X509Certificate(pki.clientCaPem);
    assert.equal(clientCa.subject, `CN=kubets-client-ca@${unix}`);
    assert.notEqual(clientCa.fingerprint256, serverCa.fingerprint256);

    const serving = new X509Certificate(pki.servingCertPem);
    assert.equal(issuedBy(pki.servingCertPem, pki.serverCaPem), true);
    assert.equal(issuedBy(pki.servingCertPem, pki.clientCaPem), false);
    assert.equal(Date.parse(serving.validTo), t0.getTime() + 365 * DAY);
    assert.deepEqual(serving.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    const dnsNames = [
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'localhost',
      hostname().toLowerCase(),
      'api.example.com',
    ];
    for (const name of dnsNames) assert.equal(serving.checkHost(name, { subject: 'never' }), name);
    for (const ip of ['127.0.0.1', '::1', '10.43.0.1', '192.0.2.7', 'fd00::5'])
      assert.equal(serving.checkIP(ip), ip);

    const admin = new X509Certificate(pki.adminCertPem);
    assert.equal(admin.subject, 'O=system:masters\nCN=system:admin');
    assert.deepEqual(admin.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(issuedBy(pki.adminCertPem, pki.clientCaPem), true);
    assert.equal(Date.parse(admin.validTo), t0.getTime() + 365 * DAY);
  }));

test('a restart on the same directory reuses everything', () =>
  withDataDir(async (dir) => {
    const opts = { hostnames: ['api.example.com'], ips: ['192.0.2.7'] };
    const first = await ensureClusterPki(dir, opts);
    const second = await ensureClusterPki(dir, { hostnames: ['API.example.com'], ips: [] });
    assert.deepEqual(second.generated, []);
    assert.deepEqual(pems(second), pems(first));
  }));

test('the serving certificate is reissued for a new name, the rest is kept', () =>
  withDataDir(async (dir) => {
    const first = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    const second = await ensureClusterPki(dir, { hostnames: ['new.example.com'], ips: ['198.51.100.1'] });
    assert.deepEqual(second.generated, ['serving-kube-apiserver.crt', 'serving-kube-apiserver.key']);
    assert.equal(second.serverCaPem, first.serverCaPem);
    assert.equal(second.clientCaPem, first.clientCaPem);
    assert.equal(second.adminCertPem, first.adminCertPem);
    assert.notEqual(second.servingKeyPem, first.servingKeyPem);
    const serving = new X509Certificate(second.servingCertPem);
    assert.equal(serving.checkHost('new.example.com'), 'new.example.com');
    assert.equal(serving.checkIP('198.51.100.1'), '198.51.100.1');
    assert.equal(serving.checkHost('kubernetes.default.svc'), 'kubernetes.default.svc');
    assert.equal(issuedBy(second.servingCertPem, first.serverCaPem), true);
  }));

test('leaf certificates within 90 days of expiry are renewed, the CAs are kept', () =>
  withDataDir(async (dir) => {
    const t0 = new Date('2031-03-04T05:06:07Z');
    const first = await ensureClusterPki(dir, { hostnames: [], ips: [], now: clock(t0) });
    const beforeWindow = new Date(t0.getTime() + 365 * DAY - RENEW_BEFORE_MS - DAY);
    const kept = await ensureClusterPki(dir, { hostnames: [], ips: [], now: clock(beforeWindow) });
    assert.deepEqual(kept.generated, []);

    const inWindow = new Date(t0.getTime() + 365 * DAY - RENEW_BEFORE_MS + DAY);
    const renewed = await ensureClusterPki(dir, { hostnames: [], ips: [], now: clock(inWindow) });
    assert.deepEqual(renewed.generated, [
      'serving-kube-apiserver.crt',
      'serving-kube-apiserver.key',
      'client-admin.crt',
      'client-admin.key',
    ]);
    assert.equal(renewed.serverCaPem, first.serverCaPem);
    assert.equal(renewed.clientCaPem, first.clientCaPem);
    assert.equal(
      Date.parse(new X509Certificate(renewed.servingCertPem).validTo),
      inWindow.getTime() + 365 * DAY,
    );
    assert.equal(issuedBy(renewed.adminCertPem, first.clientCaPem), true);
  }));

test('damaged leaves are regenerated; a CA certificate without its key is an error', () =>
  withDataDir(async (dir) => {
    const tls = join(dir, 'tls');
    const first = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    await writeFile(join(tls, 'serving-kube-apiserver.crt'), 'garbage');
    await unlink(join(tls, 'client-admin.key'));
    const second = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    assert.deepEqual(second.generated, [
      'serving-kube-apiserver.crt',
      'serving-kube-apiserver.key',
      'client-admin.crt',
      'client-admin.key',
    ]);
    assert.equal(second.serverCaPem, first.serverCaPem);

    await unlink(join(tls, 'client-ca.key'));
    await assert.rejects(ensureClusterPki(dir, { hostnames: [], ips: [] }), /client-ca\.key is missing/);
  }));

test('a CA key left without its certificate by an interrupted start is replaced', () =>
  withDataDir(async (dir) => {
    const first = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    await unlink(join(dir, 'tls', 'server-ca.crt'));
    const second = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    assert.notEqual(second.serverCaPem, first.serverCaPem);
    assert.equal(second.clientCaPem, first.clientCaPem);
    assert.equal(issuedBy(second.servingCertPem, second.serverCaPem), true);
    assert.ok(second.generated.includes('serving-kube-apiserver.crt'));
  }));

test('a serving certificate signed by another CA is replaced', () =>
  withDataDir(async (dir) => {
    const other = await mkdtemp(join(tmpdir(), 'kubets-pki-other-'));
    try {
      await ensureClusterPki(dir, { hostnames: [], ips: [] });
      const foreign = await ensureClusterPki(other, { hostnames: [], ips: [] });
      await writeFile(join(dir, 'tls', 'serving-kube-apiserver.crt'), foreign.servingCertPem);
      await writeFile(join(dir, 'tls', 'serving-kube-apiserver.key'), foreign.servingKeyPem);
      const pki = await ensureClusterPki(dir, { hostnames: [], ips: [] });
      assert.equal(issuedBy(pki.servingCertPem, pki.serverCaPem), true);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  }));

test('an invalid IP is refused', () =>
  withDataDir(async (dir) => {
    await assert.rejects(ensureClusterPki(dir, { hostnames: [], ips: ['not-an-ip'] }), TypeError);
  }));

test('issueClientCertificate signs with the client CA and writes nothing', () =>
  withDataDir(async (dir) => {
    const t0 = new Date('2031-03-04T05:06:07Z');
    const pki = await ensureClusterPki(dir, { hostnames: [], ips: [], now: clock(t0) });
    const node = await pki.issueClientCertificate({
      commonName: 'system:node:worker-1',
      organizations: ['system:nodes'],
      days: 30,
    });
    const cert = new X509Certificate(node.certPem);
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:worker-1');
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(issuedBy(node.certPem, pki.clientCaPem), true);
    assert.equal(Date.parse(cert.validTo), t0.getTime() + 30 * DAY);
    const controller = await pki.issueClientCertificate({ commonName: 'system:kube-controller-manager' });
    assert.equal(new X509Certificate(controller.certPem).subject, 'CN=system:kube-controller-manager');
    assert.equal(Date.parse(new X509Certificate(controller.certPem).validTo), t0.getTime() + 365 * DAY);
    assert.deepEqual((await readdir(join(dir, 'tls'))).sort(), FILES);
    assert.throws(() => pki.issueClientCertificate({ commonName: 'x', days: 0 }), RangeError);
  }));

test('issueServingCertificate signs a serverAuth certificate for exactly the given names with the cluster CA', () =>
  withDataDir(async (dir) => {
    const pki = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    const kubelet = await pki.issueServingCertificate({
      commonName: 'system:node:worker-1',
      dnsNames: ['worker-1'],
      ips: ['192.0.2.7'],
    });
    const cert = new X509Certificate(kubelet.certPem);
    assert.equal(cert.subject, 'CN=system:node:worker-1');
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(issuedBy(kubelet.certPem, pki.serverCaPem), true);
    assert.equal(cert.checkIP('192.0.2.7'), '192.0.2.7');
    assert.equal(cert.checkIP('127.0.0.1'), undefined);
    assert.equal(cert.checkHost('worker-1'), 'worker-1');
    assert.deepEqual((await readdir(join(dir, 'tls'))).sort(), FILES);
    assert.throws(
      () => pki.issueServingCertificate({ commonName: 'x', dnsNames: [], ips: ['nope'] }),
      TypeError,
    );
  }));

test("Node's TLS client accepts the serving certificate for localhost and 127.0.0.1", () =>
  withDataDir(async (dir) => {
    const pki = await ensureClusterPki(dir, { hostnames: [], ips: [] });
    const server = createServer({ cert: pki.servingCertPem, key: pki.servingKeyPem }, (_req, res) =>
      res.end('ok'),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const servername of ['localhost', 'kubernetes.default.svc', undefined]) {
        const socket = connect({ host: '127.0.0.1', port, ca: pki.serverCaPem, servername });
        await once(socket, 'secureConnect');
        assert.equal(socket.authorized, true, String(servername));
        socket.destroy();
      }
      // Another cluster's CA does not vouch for this server.
      const otherDir = join(dir, 'other');
      const other = await ensureClusterPki(otherDir, { hostnames: [], ips: [] });
      const socket = connect({ host: '127.0.0.1', port, ca: other.serverCaPem, servername: 'localhost' });
      await assert.rejects(once(socket, 'secureConnect'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      socket.destroy();
      // A name the certificate does not carry is refused.
      const wrong = connect({ host: '127.0.0.1', port, ca: pki.serverCaPem, servername: 'example.com' });
      await assert.rejects(once(wrong, 'secureConnect'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      wrong.destroy();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }));

function pems(pki: ClusterPki): string[] {
  return [
    pki.serverCaPem,
    pki.clientCaPem,
    pki.servingCertPem,
    pki.servingKeyPem,
    pki.adminCertPem,
    pki.adminKeyPem,
  ];
}
