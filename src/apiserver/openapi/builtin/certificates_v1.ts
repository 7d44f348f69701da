/**
 * certificates.k8s.io/v1 definitions: CertificateSigningRequest.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bytes,
  int32,
  kind,
  listOf,
  mapKeys,
  mapOf,
  ref,
  str,
  strings,
  struct,
  time,
} from './dsl.js';

const cert = (name: string) => `io.k8s.api.certificates.v1.${name}`;

/** The certificates.k8s.io/v1 definitions. */
export const CERTIFICATES_V1: Definitions = {
  [cert('CertificateSigningRequest')]: kind(
    { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest' },
    'A request for a certificate from a signer.',
    {
      spec: ref(cert('CertificateSigningRequestSpec'), 'The request.'),
      status: ref(cert('CertificateSigningRequestStatus'), 'Approval and the issued certificate.'),
    },
    ['spec'],
  ),
  [cert('CertificateSigningRequestSpec')]: struct(
    'A certificate request.',
    {
      expirationSeconds: int32('The lifetime asked for.'),
      extra: mapOf(
        { type: 'array', items: { type: 'string', default: '' } },
        'Extra attributes of the requesting user; set by the server.',
      ),
      groups: strings('Groups of the requesting user; set by the server.', atomic),
      request: bytes('The PEM-encoded PKCS#10 request.'),
      signerName: str('The signer asked to sign.'),
      uid: str('The UID of the requesting user; set by the server.'),
      usages: strings('Key usages asked for.', atomic),
      username: str('The requesting user; set by the server.'),
    },
    ['request', 'signerName'],
  ),
  [cert('CertificateSigningRequestStatus')]: struct('The state of a certificate request.', {
    certificate: bytes('The issued PEM certificates.'),
    conditions: listOf(
      cert('CertificateSigningRequestCondition'),
      'Approved, Denied or Failed.',
      mapKeys('type'),
    ),
  }),
  [cert('CertificateSigningRequestCondition')]: struct(
    'A condition of a certificate request.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      lastUpdateTime: time('When the condition was last updated.'),
      message: str('Details.'),
      reason: str('A short reason.'),
      status: str('True, False or Unknown.'),
      type: str('Approved, Denied or Failed.'),
    },
    ['type', 'status'],
  ),
};
