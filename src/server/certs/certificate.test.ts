import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createCertificate, derToPem, generatePrivateKeyPem, pemToDer } from './certificate.js';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2030-01-02T03:04:05.678Z');
const inDays = (days: number) => new Date(start.getTime() + days * DAY);

test('a self-signed CA certificate', async () => {
  const ca = await createCertificate({
    commonName: 'test-ca@1',
    usage: 'ca',
    notBefore: start,
    notAfter: inDays(3650),
  });
  const cert = new X509Certificate(ca.certPem);
  assert.equal(cert.subject, 'CN=test-ca@1');
  assert.equal(cert.issuer, 'CN=test-ca@1');
  assert.equal(cert.ca, true);
  assert.equal(cert.checkIssued(cert), true);
  assert.equal(cert.verify(cert.publicKey), true);
  assert.equal(cert.checkPrivateKey(createPrivateKey(ca.keyPem)), true);
  assert.equal(cert.keyUsage, undefined); // no extended key usage on a CA
  assert.equal(cert.validFrom, 'Jan  2 03:04:05 2030 GMT');
  assert.equal(cert.validTo, 'Dec 31 03:04:05 2039 GMT');
  assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  assert.match(ca.keyPem, /^-----BEGIN EC PRIVATE KEY-----\n/);
  assert.match(cert.toString(), /^-----BEGIN CERTIFICATE-----\n/);
  assert.equal(cert.toString(), ca.certPem);
});

test('validity past 2049 is encoded as GeneralizedTime', async () => {
  const ca = await createCertificate({
    commonName: 'far',
    usage: 'ca',
    notBefore: start,
    notAfter: new Date('2061-05-06T07:08:09Z'),
  });
  assert.equal(new X509Certificate(ca.certPem).validTo, 'May  6 07:08:09 2061 GMT');
});

test('a server certificate issued by a CA carries the SANs and serverAuth', async () => {
  const ca = await createCertificate({
    commonName: 'ca',
    usage: 'ca',
    notBefore: start,
    notAfter: inDays(10),
  });
  const leaf = await createCertificate(
    {
      commonName: 'kube-apiserver',
      usage: 'server',
      notBefore: start,
      notAfter: inDays(5),
      dnsNames: ['kubernetes.default', 'localhost'],
      ips: ['127.0.0.1', '::1', '10.43.0.1'],
    },
    ca,
  );
  const cert = new X509Certificate(leaf.certPem);
  const caCert = new X509Certificate(ca.certPem);
  assert.equal(cert.ca, false);
  assert.equal(cert.issuer, 'CN=ca');
  assert.equal(cert.checkIssued(caCert), true);
  assert.equal(cert.verify(caCert.publicKey), true);
  assert.equal(cert.verify(cert.publicKey), false);
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.equal(
    cert.subjectAltName,
    'DNS:kubernetes.default, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.43.0.1',
  );
  assert.equal(cert.checkIP('::1'), '::1');
  assert.equal(cert.checkHost('localhost'), 'localhost');
  assert.equal(cert.checkHost('example.com'), undefined);
  assert.notEqual(cert.serialNumber, new X509Certificate(ca.certPem).serialNumber);
});

test('a client certificate has one O per group, before the CN, and clientAuth', async () => {
  const ca = await createCertificate({
    commonName: 'ca',
    usage: 'ca',
    notBefore: start,
    notAfter: inDays(10),
  });
  const leaf = await createCertificate(
    {
      commonName: 'system:node:worker-1',
      organizations: ['system:nodes', 'team a'],
      usage: 'client',
      notBefore: start,
      notAfter: inDays(5),
    },
    ca,
  );
  const cert = new X509Certificate(leaf.certPem);
  assert.equal(cert.subject, 'O=system:nodes\nO=team a\nCN=system:node:worker-1');
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.equal(cert.subjectAltName, undefined);
});

test('an issuer whose key does not match its certificate is refused', async () => {
  const ca = await createCertificate({
    commonName: 'ca',
    usage: 'ca',
    notBefore: start,
    notAfter: inDays(10),
  });
  const request = { commonName: 'x', usage: 'client', notBefore: start, notAfter: inDays(1) } as const;
  await assert.rejects(
    createCertificate(request, { certPem: ca.certPem, keyPem: await generatePrivateKeyPem() }),
    {
      message: /does not match/,
    },
  );
});

test('pemToDer and derToPem round-trip', async () => {
  const ca = await createCertificate({
    commonName: 'ca',
    usage: 'ca',
    notBefore: start,
    notAfter: inDays(10),
  });
  const der = pemToDer(ca.certPem);
  assert.deepEqual(Buffer.from(der), new X509Certificate(ca.certPem).raw);
  assert.equal(derToPem('CERTIFICATE', der), ca.certPem);
  assert.throws(() => pemToDer('not a pem'), /no PEM block/);
});
