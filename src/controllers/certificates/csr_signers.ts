/**
 * The built-in signers of the CertificateSigningRequest API and what each accepts, as upstream's
 * kube-controller-manager checks before signing (and csrapproving before approving):
 * - `kubernetes.io/kube-apiserver-client-kubelet`: a kubelet's client certificate — subject
 *   `O=system:nodes, CN=system:node:<name>`, no alternative names, usages digital signature
 *   (+ key encipherment) and client auth;
 * - `kubernetes.io/kubelet-serving`: a kubelet's serving certificate — the same subject, DNS or IP
 *   names only, usages digital signature (+ key encipherment) and server auth;
 * - `kubernetes.io/kube-apiserver-client`: any client certificate (client auth, no server auth).
 */
import type { RequestedSubject } from '../../server/certs/certificate_request.js';

/** Signer names. */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
export const APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

/** Which cluster CA a signer signs with, and what its certificates are for. */
export interface SignerProfile {
  ca: 'client' | 'server';
  usage: 'client' | 'server';
}

/** The profile of a signer kubets signs for; undefined for any other (left to its own signer). */
export function signerProfile(signerName: string): SignerProfile | undefined {
  switch (signerName) {
    case KUBELET_CLIENT_SIGNER:
    case APISERVER_CLIENT_SIGNER:
      return { ca: 'client', usage: 'client' };
    case KUBELET_SERVING_SIGNER:
      return { ca: 'server', usage: 'server' };
    default:
      return undefined;
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

function usagesMatch(usages: readonly string[], purpose: 'client auth' | 'server auth'): boolean {
  return (
    sameSet(usages, ['digital signature', 'key encipherment', purpose]) ||
    sameSet(usages, ['digital signature', purpose])
  );
}

function nodeSubject(req: RequestedSubject): string | undefined {
  if (!sameSet(req.organizations, ['system:nodes'])) return 'subject organization is not system:nodes';
  if (!req.commonName.startsWith('system:node:'))
    return 'subject common name does not begin with system:node:';
  if (req.emails.length > 0) return 'Email subjectAltNames are not allowed';
  if (req.uris.length > 0) return 'URI subjectAltNames are not allowed';
  return undefined;
}

/**
 * Why the signer refuses the request (upstream's message), or undefined when it may be signed.
 * Unknown signers are refused.
 */
export function signerRefusal(
  signerName: string,
  req: RequestedSubject,
  usages: readonly string[],
): string | undefined {
  switch (signerName) {
    case KUBELET_CLIENT_SIGNER: {
      const bad = nodeSubject(req);
      if (bad) return bad;
      if (req.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
      if (req.ips.length > 0) return 'IP subjectAltNames are not allowed';
      if (!usagesMatch(usages, 'client auth'))
        return 'usages did not match [digital signature key encipherment client auth]';
      return undefined;
    }
    case KUBELET_SERVING_SIGNER: {
      const bad = nodeSubject(req);
      if (bad) return bad;
      if (req.dnsNames.length === 0 && req.ips.length === 0) return 'DNS or IP subjectAltName is required';
      if (!usagesMatch(usages, 'server auth'))
        return 'usages did not match [digital signature key encipherment server auth]';
      return undefined;
    }
    case APISERVER_CLIENT_SIGNER:
      if (!usages.includes('client auth'))
        return 'invalid usage for client certificate: client auth is required';
      for (const u of usages)
        if (!['digital signature', 'key encipherment', 'client auth'].includes(u))
          return `invalid usage for client certificate: ${u}`;
      return undefined;
    default:
      return `unsupported signer ${JSON.stringify(signerName)}`;
  }
}
