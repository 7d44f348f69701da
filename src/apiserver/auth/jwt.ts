/**
 * JSON Web Tokens signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256), the only algorithm
 * kube-apiserver's service-account issuer uses for RSA keys. Compact serialization only.
 */
import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A JWT's claims: any JSON object. */
export type JwtClaims = Record<string, unknown>;

/** A token that is not a well-formed RS256 JWT, or whose signature does not verify. */
export class JwtError extends Error {
  override readonly name = 'JwtError';
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * The key id upstream puts in the `kid` header: the unpadded base64url SHA-256 of the public
 * key's DER (SubjectPublicKeyInfo) encoding.
 */
export function keyId(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

/** Signs `claims` with the RSA private key: `header.payload.signature`, header `{alg: RS256, kid}`. */
export function signJwt(claims: JwtClaims, privateKey: KeyObject | string, kid: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** True when `token` has the shape of a compact JWT (three base64url parts): cheap, no crypto. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * Verifies an RS256 JWT against `publicKey` and returns its claims; throws `JwtError` when the
 * token is malformed, names another algorithm (`none` included), or its signature does not
 * verify. Time-based claims (`exp`, `nbf`) are the caller's to check.
 */
export function verifyJwt(token: string, publicKey: KeyObject | string): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('token is not a JWT');
  const [h, p, s] = parts as [string, string, string];
  const header = parseJsonPart(h, 'header');
  if (header.alg !== 'RS256')
    throw new JwtError(`unexpected signing algorithm ${JSON.stringify(header.alg)}`);
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
  if (!ok) throw new JwtError('invalid signature');
  return parseJsonPart(p, 'payload');
}

/** The claims of a JWT without verifying it (to route a token to its issuer); null when malformed. */
export function unverifiedClaims(token: string): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return parseJsonPart(parts[1]!, 'payload');
  } catch {
    return null;
  }
}

function parseJsonPart(part: string, what: string): JwtClaims {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError(`malformed JWT ${what}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new JwtError(`malformed JWT ${what}`);
  return v as JwtClaims;
}
