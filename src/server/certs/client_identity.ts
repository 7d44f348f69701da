import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';

/** A user as kube-apiserver's x509 authenticator sees it. */
export interface ClientIdentity {
  /** The subject's common name (CN). */
  user: string;
  /** The subject's organizations (O), in certificate order; empty when there are none. */
  groups: string[];
}

/**
 * A client certificate was presented but cannot authenticate anyone: it is not issued by the
 * client CA, not valid at this time, not meant for client authentication, or has no common name.
 * kube-apiserver answers such a request 401 Unauthorized rather than treating it as anonymous.
 */
export class ClientCertificateError extends Error {
  override readonly name = 'ClientCertificateError';
}

const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const OID_ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/**
 * The identity of a TLS client certificate, mapped as kube-apiserver's x509 authenticator does:
 * the user is the subject CN, the groups are the subject O values (several O attributes give
 * several groups).
 *
 * `cert` is what `tlsSocket.getPeerCertificate(true)` returns on a server created with
 * `requestCert: true, rejectUnauthorized: false, ca: [clientCaPem]`. Returns null when the client
 * sent no certificate (`undefined`, or the empty object Node gives then): the request is then left
 * to the other authenticators, or is anonymous.
 *
 * The caller should also require `tlsSocket.authorized` (Node's chain verification against `ca`);
 * this function does not rely on it and checks the leaf itself, so a certificate from any other CA
 * the server might trust is refused: it must be signed directly by the client CA (kubets issues no
 * intermediates), be valid at `now`, carry clientAuth (or any) extended key usage when it has that
 * extension, and have a non-empty CN. Otherwise it throws `ClientCertificateError`.
 *
 * Parsing costs a few tens of microseconds: compute the identity once per connection, not per
 * request.
 */
export function identityFromPeerCertificate(
  cert: DetailedPeerCertificate | PeerCertificate | undefined,
  clientCaPem: string,
  now: Date = new Date(),
): ClientIdentity | null {
  if (cert?.raw === undefined || cert.raw.length === 0) return null;

  const leaf = new X509Certificate(cert.raw);
  const ca = clientCa(clientCaPem);
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) {
    throw new ClientCertificateError(
      `client certificate ${JSON.stringify(leaf.subject)} is not issued by the client CA`,
    );
  }
  const t = now.getTime();
  if (t < Date.parse(leaf.validFrom) || t > Date.parse(leaf.validTo)) {
    throw new ClientCertificateError(
      `client certificate is not valid at ${now.toISOString()} (valid ${leaf.validFrom} to ${leaf.validTo})`,
    );
  }
  // Node's `keyUsage` is the extended key usage OIDs; undefined when the extension is absent.
  const purposes = leaf.keyUsage as string[] | undefined;
  if (purposes && !purposes.includes(OID_CLIENT_AUTH) && !purposes.includes(OID_ANY_EXTENDED_KEY_USAGE)) {
    throw new ClientCertificateError('client certificate is not valid for client authentication');
  }

  const user = firstValue(cert.subject?.CN);
  if (!user) throw new ClientCertificateError('client certificate has no common name');
  return { user, groups: allValues(cert.subject.O) };
}

/** Node gives a string for a single attribute and an array for several (a type says string only). */
type AttributeValue = string | string[] | undefined;

function firstValue(value: AttributeValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function allValues(value: AttributeValue): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

let cachedCa: { pem: string; cert: X509Certificate } | undefined;

/** The parsed client CA; the last one is kept, since a server uses one CA for every connection. */
function clientCa(pem: string): X509Certificate {
  if (cachedCa?.pem !== pem) cachedCa = { pem, cert: new X509Certificate(pem) };
  return cachedCa.cert;
}
