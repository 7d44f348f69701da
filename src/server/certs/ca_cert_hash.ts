/**
 * kubeadm's `--discovery-token-ca-cert-hash`: `sha256:` and the hex SHA-256 of the CA
 * certificate's DER SubjectPublicKeyInfo, so that a joining node can pin the cluster CA it is
 * handed before trusting it.
 */
import { createHash, X509Certificate } from 'node:crypto';

/** The pin of the first certificate in `pem`. */
export function caCertHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** True when some certificate of the bundle `pem` has the pin `hash` (`sha256:<hex>`, any case). */
export function matchesCaCertHash(pem: string, hash: string): boolean {
  const want = hash.trim().toLowerCase();
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.some((b) => caCertHash(b) === want);
}
