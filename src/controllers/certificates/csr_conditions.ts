/** Reading a CertificateSigningRequest's state from its conditions. */
import type { KubeObject } from '../../api/object.js';

/** A CertificateSigningRequest as the controllers read it. */
export interface CertificateSigningRequest extends KubeObject {
  spec: {
    request: string;
    signerName: string;
    usages?: string[];
    expirationSeconds?: number;
    username?: string;
    uid?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
  };
  status?: {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    certificate?: string;
  };
}

/** True when a condition of `type` is True. */
export function hasCondition(csr: CertificateSigningRequest, type: string): boolean {
  return (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Approved, and neither denied nor failed. */
export function isApproved(csr: CertificateSigningRequest): boolean {
  return hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied') && !hasCondition(csr, 'Failed');
}

/** Already decided one way or the other. */
export function isDecided(csr: CertificateSigningRequest): boolean {
  return hasCondition(csr, 'Approved') || hasCondition(csr, 'Denied');
}

/** The request's PEM text. */
export function requestPem(csr: CertificateSigningRequest): string {
  return Buffer.from(csr.spec.request ?? '', 'base64').toString('utf8');
}
