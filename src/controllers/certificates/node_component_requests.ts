/**
 * Which `kubernetes.io/kube-apiserver-client` requests a node may have approved without a person:
 * a node (`system:node:<name>` in `system:nodes`) asking for the identity of its kube-proxy or
 * its cluster DNS server (`NODE_COMPONENT_USERS`), with exactly that subject, no alternative
 * names and client usages — as k3s hands its agents these certificates.
 */
import { NODE_COMPONENT_USERS } from '../../api/node_component_users.js';
import type { RequestedSubject } from '../../server/certs/certificate_request.js';
import type { CertificateSigningRequest } from './csr_conditions.js';
import { APISERVER_CLIENT_SIGNER, signerRefusal } from './csr_signers.js';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The user a node asks for in `csr`, when it is one a node may have; undefined otherwise. */
export function nodeComponentRequest(
  csr: CertificateSigningRequest,
  req: RequestedSubject,
): string | undefined {
  if (csr.spec.signerName !== APISERVER_CLIENT_SIGNER) return undefined;
  const requester = csr.spec.username ?? '';
  if (!requester.startsWith('system:node:') || !(csr.spec.groups ?? []).includes('system:nodes'))
    return undefined;
  if (signerRefusal(APISERVER_CLIENT_SIGNER, req, csr.spec.usages ?? [])) return undefined;
  if (req.dnsNames.length || req.ips.length || req.emails.length || req.uris.length) return undefined;
  const user = NODE_COMPONENT_USERS.find(
    (u) => u.commonName === req.commonName && sameSet(u.organizations, req.organizations),
  );
  return user?.commonName;
}
