import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomBytes,
  webcrypto,
  X509Certificate,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { ipToBytes } from './ip_address.js';

/** A certificate and its private key, both PEM-encoded. */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

/**
 * What a certificate is for, which fixes its basic constraints, key usage and extended key usage:
 * - `ca`: `CA:TRUE`, key usage digitalSignature + keyCertSign + cRLSign, no extended key usage;
 * - `server`: `CA:FALSE`, key usage digitalSignature, extended key usage serverAuth;
 * - `client`: `CA:FALSE`, key usage digitalSignature, extended key usage clientAuth.
 */
export type CertificateUsage = 'ca' | 'server' | 'client';

/** The contents of a certificate to create. */
export interface CertificateRequest {
  /** Subject common name (CN). Kubernetes reads the user name from it. */
  commonName: string;
  /** Subject organizations (O), one attribute each, in order. Kubernetes reads the groups from them. */
  organizations?: readonly string[];
  usage: CertificateUsage;
  notBefore: Date;
  notAfter: Date;
  /** DNS subject alternative names. */
  dnsNames?: readonly string[];
  /** IP subject alternative names, IPv4 or IPv6 text. */
  ips?: readonly string[];
}

const generateKeyPairAsync = promisify(generateKeyPair);
// pkijs is typed against the DOM's WebCrypto types, which Node's `webcrypto` implements.
type DomCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
type DomCryptoKey = Parameters<pkijs.Certificate['sign']>[0];
/** The WebCrypto engine pkijs signs and verifies with. */
export const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as DomCrypto });

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
// Bit numbers of the KeyUsage BIT STRING (RFC 5280 §4.2.1.3).
const KU_DIGITAL_SIGNATURE = 0;
const KU_KEY_CERT_SIGN = 5;
const KU_CRL_SIGN = 6;

/** Generates a fresh ECDSA P-256 private key, PEM-encoded as SEC1 (`EC PRIVATE KEY`), like k3s. */
export async function generatePrivateKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}

/**
 * Creates a certificate for a freshly generated ECDSA P-256 key. It is signed by `issuer` (whose key
 * must be ECDSA P-256 too), or self-signed when `issuer` is omitted. The serial number
 * is 127 random bits; the certificate carries subject and (when issued) authority key identifiers,
 * and the critical basic constraints and key usage that `request.usage` implies. Throws when the
 * issuer's key does not belong to its certificate or is not ECDSA P-256.
 */
export async function createCertificate(
  request: CertificateRequest,
  issuer?: CertificateAndKey,
): Promise<CertificateAndKey> {
  const keyPem = await generatePrivateKeyPem();
  const key = createPrivateKey(keyPem);
  const spkiDer = toArrayBuffer(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const certPem = await signCertificate(request, spkiDer, issuer ?? { certPem: '', keyPem });
  return { certPem, keyPem };
}

/**
 * Signs a certificate for the public key `spkiDer` (a DER SubjectPublicKeyInfo, e.g. from a
 * certificate signing request) with `issuer`'s key; an issuer with an empty `certPem` makes it
 * self-signed (the key must then be the subject's). Returns the certificate PEM. Same contents
 * and errors as `createCertificate`.
 */
export async function signCertificate(
  request: CertificateRequest,
  spkiDer: ArrayBuffer,
  issuer: CertificateAndKey,
): Promise<string> {
  const signingKey = createPrivateKey(issuer.keyPem);
  let issuerCert: pkijs.Certificate | undefined;
  if (issuer.certPem) {
    if (!new X509Certificate(issuer.certPem).checkPrivateKey(signingKey)) {
      throw new Error("the issuer's private key does not match its certificate");
    }
    issuerCert = pkijs.Certificate.fromBER(pemToDer(issuer.certPem));
  }

  const cert = new pkijs.Certificate();
  cert.version = 2; // v3
  cert.serialNumber = new asn1js.Integer({ valueHex: randomSerial() });
  cert.subject = distinguishedName(request.commonName, request.organizations ?? []);
  cert.issuer = issuerCert ? issuerCert.subject : cert.subject;
  cert.notBefore = certificateTime(request.notBefore);
  cert.notAfter = certificateTime(request.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(spkiDer);

  const subjectKeyId = keyIdentifier(cert.subjectPublicKeyInfo);
  const extensions = [
    extension(pkijs.id_BasicConstraints, true, new pkijs.BasicConstraints({ cA: request.usage === 'ca' })),
    extension(pkijs.id_KeyUsage, true, keyUsage(request.usage)),
  ];
  if (request.usage !== 'ca') {
    const purpose = request.usage === 'server' ? OID_SERVER_AUTH : OID_CLIENT_AUTH;
    extensions.push(
      extension(pkijs.id_ExtKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [purpose] })),
    );
  }
  extensions.push(
    extension(pkijs.id_SubjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: subjectKeyId })),
  );
  if (issuerCert) {
    const authorityKeyId =
      subjectKeyIdentifierOf(issuerCert) ?? keyIdentifier(issuerCert.subjectPublicKeyInfo);
    extensions.push(
      extension(
        pkijs.id_AuthorityKeyIdentifier,
        false,
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }),
        }),
      ),
    );
  }
  const altNames = [
    ...(request.dnsNames ?? []).map((name) => new pkijs.GeneralName({ type: 2, value: name })),
    ...(request.ips ?? []).map(
      (ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipToBytes(ip) }) }),
    ),
  ];
  if (altNames.length > 0) {
    extensions.push(extension(pkijs.id_SubjectAltName, false, new pkijs.AltName({ altNames })));
  }
  cert.extensions = extensions;

  const { algorithm, hash } = signatureAlgorithm(signingKey);
  const cryptoKey = await webcrypto.subtle.importKey(
    'pkcs8',
    signingKey.export({ type: 'pkcs8', format: 'der' }),
    algorithm,
    false,
    ['sign'],
  );
  await cert.sign(cryptoKey as unknown as DomCryptoKey, hash, engine);
  return derToPem('CERTIFICATE', cert.toSchema().toBER());
}

/** The DER bytes of the first PEM block in `pem` (any label). Throws when there is none. */
export function pemToDer(pem: string): ArrayBuffer {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!match?.[2]) throw new Error('no PEM block found');
  return toArrayBuffer(Buffer.from(match[2].replace(/\s+/g, ''), 'base64'));
}

/** PEM-encodes DER bytes under `label`, 64 base64 characters a line, ending with a newline. */
export function derToPem(label: string, der: ArrayBuffer | Uint8Array): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The bytes as an ArrayBuffer of their own. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A positive serial number of 16 bytes whose DER encoding needs no leading zero byte. */
function randomSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

/**
 * The subject name as Go's crypto/x509 writes it: one attribute per RDN, organizations before the
 * common name, UTF8String values.
 */
export function distinguishedName(
  commonName: string,
  organizations: readonly string[],
): pkijs.RelativeDistinguishedNames {
  const attributes: [string, string][] = [
    ...organizations.map((o): [string, string] => [OID_ORGANIZATION, o]),
    [OID_COMMON_NAME, commonName],
  ];
  const sequence = new asn1js.Sequence({
    value: attributes.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) }).toSchema(),
          ],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER());
}

/** UTCTime through 2049 and GeneralizedTime from 2050, whole seconds, as RFC 5280 requires. */
function certificateTime(date: Date): pkijs.Time {
  const value = new Date(Math.floor(date.getTime() / 1000) * 1000);
  const type = value.getUTCFullYear() >= 2050 ? pkijs.TimeType.GeneralizedTime : pkijs.TimeType.UTCTime;
  return new pkijs.Time({ type, value });
}

function keyUsage(usage: CertificateUsage): asn1js.BitString {
  const bits =
    usage === 'ca' ? [KU_DIGITAL_SIGNATURE, KU_KEY_CERT_SIGN, KU_CRL_SIGN] : [KU_DIGITAL_SIGNATURE];
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  // DER: no trailing zero bits, and the unused-bit count says how many pad the last byte.
  return new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (highest & 7) });
}

/** RFC 5280 §4.2.1.2 method 1: the SHA-1 of the subjectPublicKey BIT STRING's bytes. */
function keyIdentifier(spki: pkijs.PublicKeyInfo): Uint8Array {
  return createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
}

function subjectKeyIdentifierOf(cert: pkijs.Certificate): Uint8Array | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === pkijs.id_SubjectKeyIdentifier);
  if (!ext) return undefined;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  return parsed.result instanceof asn1js.OctetString ? parsed.result.valueBlock.valueHexView : undefined;
}

function extension(
  extnID: string,
  critical: boolean,
  value: { toSchema(): asn1js.BaseBlock } | asn1js.BaseBlock,
) {
  const block = value instanceof asn1js.BaseBlock ? value : value.toSchema();
  return new pkijs.Extension({ extnID, critical, extnValue: block.toBER() });
}

/** kubets' keys are all ECDSA P-256, signed with SHA-256. */
function signatureAlgorithm(key: KeyObject): { algorithm: webcrypto.EcKeyImportParams; hash: string } {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return { algorithm: { name: 'ECDSA', namedCurve: 'P-256' }, hash: 'SHA-256' };
  }
  const detail = key.asymmetricKeyDetails?.namedCurve ?? '';
  throw new Error(
    `unsupported issuer key (want ECDSA P-256): ${key.asymmetricKeyType ?? 'unknown'} ${detail}`.trim(),
  );
}
