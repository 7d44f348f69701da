import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createCertificate } from './certificate.js';
import { caCertHash, matchesCaCertHash } from './ca_cert_hash.js';

describe('caCertHash', () => {
  it("is kubeadm's pin: the SHA-256 of the DER public key (as openssl computes it)", async () => {
    const now = new Date();
    const ca = await createCertificate({
      commonName: 'ca',
      usage: 'ca',
      notBefore: now,
      notAfter: new Date(now.getTime() + 3600_000),
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-hash-'));
    try {
      fs.writeFileSync(path.join(dir, 'ca.crt'), ca.certPem);
      const der = execFileSync('openssl', ['x509', '-in', path.join(dir, 'ca.crt'), '-pubkey', '-noout']);
      const hex = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: der });
      const want = `sha256:${execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: hex }).toString().split('= ')[1]!.trim()}`;
      assert.equal(caCertHash(ca.certPem), want);
      assert.ok(matchesCaCertHash(`junk\n${ca.certPem}`, want.toUpperCase()));
      assert.ok(!matchesCaCertHash(ca.certPem, 'sha256:00'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
