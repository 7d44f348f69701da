/**
 * PKCS#10 certificate signing requests, as the CertificateSigningRequest API carries them: a
 * node creates one for a fresh ECDSA P-256 key (its client or serving certificate), and the
 * signer reads back what it asks for — subject, alternative names, public key — after checking
 * the request's own signature.
 */
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  derToPem,
  distinguishedName,
  engine,
  generatePrivateKeyPem,
  pemToDer,
  toArrayBuffer,
} from './certificate.js';
import { ipToBytes } from './ip_address.js';

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** What a request asks to be certified. */
export interface RequestedSubject {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ips: string[];
  emails: string[];
  uris: string[];
}

/** A parsed, signature-checked request. */
export interface ParsedCertificateRequest extends RequestedSubject {
  /** The requested key, DER SubjectPublicKeyInfo. */
  spkiDer: ArrayBuffer;
}

type DomCryptoKey = Parameters<pkijs.CertificationRequest['sign']>[0];

/**
 * A request for a new ECDSA P-256 key with `subject` (organizations, DNS and IP names; emails and
 * URIs are not written). Returns the request PEM (`CERTIFICATE REQUEST`) and the key PEM.
 */
export async function createCertificateRequest(
  subject: Pick<RequestedSubject, 'commonName'> & Partial<RequestedSubject>,
): Promise<{ csrPem: string; keyPem: string }> {
  const keyPem = await generatePrivateKeyPem();
  const key = createPrivateKey(keyPem);
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = distinguishedName(subject.commonName, subject.organizations ?? []);
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    toArrayBuffer(createPublicKey(key).export({ type: 'spki', format: 'der' })),
  );
  const altNames = [
    ...(subject.dnsNames ?? []).map((name) => new pkijs.GeneralName({ type: 2, value: name })),
    ...(subject.ips ?? []).map(
      (ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipToBytes(ip) }) }),
    ),
  ];
  csr.attributes = [];
  if (altNames.length > 0) {
    const extensions = new pkijs.Extensions({
      extensions: [
        new pkijs.Extension({
          extnID: pkijs.id_SubjectAltName,
          critical: false,
          extnValue: new pkijs.AltName({ altNames }).toSchema().toBER(),
        }),
      ],
    });
    csr.attributes.push(
      new pkijs.Attribute({ type: OID_EXTENSION_REQUEST, values: [extensions.toSchema()] }),
    );
  }
  const cryptoKey = await webcrypto.subtle.importKey(
    'pkcs8',
    key.export({ type: 'pkcs8', format: 'der' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  await csr.sign(cryptoKey as unknown as DomCryptoKey, 'SHA-256', engine);
  return { csrPem: derToPem('CERTIFICATE REQUEST', csr.toSchema().toBER()), keyPem };
}

/**
 * Parses a `CERTIFICATE REQUEST` PEM and checks its signature. Throws `Error` with a reason when
 * it is not one, cannot be parsed, or its signature does not verify.
 */
export async function parseCertificateRequest(pem: string): Promise<ParsedCertificateRequest> {
  if (!/-----BEGIN CERTIFICATE REQUEST-----/.test(pem))
    throw new Error('PEM block type must be CERTIFICATE REQUEST');
  let csr: pkijs.CertificationRequest;
  try {
    csr = pkijs.CertificationRequest.fromBER(pemToDer(pem));
  } catch (err) {
    throw new Error(`unable to parse the certificate request: ${(err as Error).message}`);
  }
  let valid = false;
  try {
    valid = await csr.verify(engine);
  } catch (err) {
    throw new Error(`unable to verify the certificate request signature: ${(err as Error).message}`);
  }
  if (!valid) throw new Error('the certificate request signature does not verify');
  const out: ParsedCertificateRequest = {
    commonName: '',
    organizations: [],
    dnsNames: [],
    ips: [],
    emails: [],
    uris: [],
    spkiDer: toArrayBuffer(new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER())),
  };
  for (const tv of csr.subject.typesAndValues) {
    const value = String((tv.value.valueBlock as { value?: unknown }).value ?? '');
    if (tv.type === OID_COMMON_NAME) out.commonName = value;
    else if (tv.type === OID_ORGANIZATION) out.organizations.push(value);
  }
  for (const attr of csr.attributes ?? []) {
    if (attr.type !== OID_EXTENSION_REQUEST) continue;
    for (const v of attr.values) {
      const exts = new pkijs.Extensions({ schema: v });
      for (const ext of exts.extensions) {
        if (ext.extnID !== pkijs.id_SubjectAltName) continue;
        const alt = new pkijs.AltName({
          schema: asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result,
        });
        for (const name of alt.altNames) {
          if (name.type === 1) out.emails.push(String(name.value));
          else if (name.type === 2) out.dnsNames.push(String(name.value));
          else if (name.type === 6) out.uris.push(String(name.value));
          else if (name.type === 7)
            out.ips.push(ipText((name.value as asn1js.OctetString).valueBlock.valueHexView));
        }
      }
    }
  }
  return out;
}

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) parts.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
