import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCertificate, signCertificate } from './certificate.js';
import { createCertificateRequest, parseCertificateRequest } from './certificate_request.js';

const now = new Date();
const later = new Date(now.getTime() + 3600_000);

describe('certificate requests', () => {
  it('round-trips subject and alternative names, and a CA signs the requested key', async () => {
    const { csrPem, keyPem } = await createCertificateRequest({
      commonName: 'system:node:n1',
      organizations: ['system:nodes'],
      dnsNames: ['n1'],
      ips: ['10.0.0.5', 'fd00::5'],
    });
    assert.match(csrPem, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
    const parsed = await parseCertificateRequest(csrPem);
    assert.equal(parsed.commonName, 'system:node:n1');
    assert.deepEqual(parsed.organizations, ['system:nodes']);
    assert.deepEqual(parsed.dnsNames, ['n1']);
    assert.deepEqual(parsed.ips, ['10.0.0.5', 'fd00::5']);
    assert.deepEqual([parsed.emails, parsed.uris], [[], []]);

    const ca = await createCertificate({
      commonName: 'test-ca',
      usage: 'ca',
      notBefore: now,
      notAfter: later,
    });
    const certPem = await signCertificate(
      {
        commonName: parsed.commonName,
        organizations: parsed.organizations,
        usage: 'client',
        notBefore: now,
        notAfter: later,
      },
      parsed.spkiDer,
      ca,
    );
    const cert = new X509Certificate(certPem);
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:n1');
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
    assert.ok(cert.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(keyPem))));
  });

  it('refuses what is not a request, and a request whose signature does not verify', async () => {
    await assert.rejects(parseCertificateRequest('hello'), /PEM block type must be CERTIFICATE REQUEST/);
    await assert.rejects(
      parseCertificateRequest(
        '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n',
      ),
      /unable to parse/,
    );
    const { csrPem } = await createCertificateRequest({ commonName: 'alice' });
    const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    // Change one letter of the subject: the signature no longer matches.
    const at = der.indexOf(Buffer.from('alice'));
    der[at] = 'b'.charCodeAt(0);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await assert.rejects(parseCertificateRequest(tampered), /signature does not verify/);
  });
});
