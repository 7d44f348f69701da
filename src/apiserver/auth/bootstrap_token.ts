/**
 * Bootstrap tokens (`abcdef.0123456789abcdef`), as upstream's bootstrap token authenticator:
 * the token `<id>.<secret>` matches the kube-system Secret `bootstrap-token-<id>` of type
 * `bootstrap.kubernetes.io/token` whose `token-secret` equals the secret part, that is not
 * expired and allows `usage-bootstrap-authentication`. The user is `system:bootstrap:<id>` in
 * `system:bootstrappers` plus the secret's `auth-extra-groups`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import type { AuthResponse, TokenAuthenticator } from './authenticator.js';

/** The Secret type of bootstrap tokens. */
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** The name prefix of bootstrap token Secrets (in kube-system). */
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** The user name prefix of bootstrap token users. */
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** The group every bootstrap token user is in. */
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';

const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const GROUP_RE = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** Splits a bootstrap token into id and secret; null when it is not of the form `[a-z0-9]{6}.[a-z0-9]{16}`. */
export function parseBootstrapToken(token: string): { id: string; secret: string } | null {
  const m = TOKEN_RE.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/** A data value of a Secret, decoded from base64 (`data`) or as given (`stringData`); '' when absent. */
function secretData(secret: KubeObject, key: string): string {
  const data = (secret as { data?: Record<string, string> }).data;
  if (data && typeof data[key] === 'string') return Buffer.from(data[key], 'base64').toString('utf8');
  const sd = (secret as { stringData?: Record<string, string> }).stringData;
  return sd && typeof sd[key] === 'string' ? sd[key] : '';
}

/**
 * The groups of a bootstrap token Secret: `system:bootstrappers` and the `auth-extra-groups`,
 * sorted and deduplicated; throws for an extra group not matching `system:bootstrappers:…`.
 */
export function bootstrapTokenGroups(secret: KubeObject): string[] {
  const groups = new Set([BOOTSTRAPPERS_GROUP]);
  const extra = secretData(secret, 'auth-extra-groups');
  for (const g of extra ? extra.split(',') : []) {
    const name = g.trim();
    if (!GROUP_RE.test(name)) throw new Error(`${JSON.stringify(name)} is not a valid bootstrap group name`);
    groups.add(name);
  }
  return [...groups].sort();
}

/** True when the Secret's `expiration` (RFC 3339) is at or before `now`, or unparseable. */
export function bootstrapTokenExpired(secret: KubeObject, now: Date): boolean {
  const exp = secretData(secret, 'expiration');
  if (!exp) return false;
  const t = Date.parse(exp);
  return Number.isNaN(t) || t <= now.getTime();
}

/**
 * The user a bootstrap token authenticates as, given the token's Secret; null when the Secret
 * does not allow it (deleted, wrong type, secret mismatch, expired, no authentication usage,
 * bad extra groups) — upstream then treats the token as not its kind.
 */
export function bootstrapTokenUser(
  token: string,
  secret: KubeObject | undefined,
  now: Date,
): AuthResponse | null {
  const parsed = parseBootstrapToken(token);
  if (!parsed || !secret || secret.metadata.deletionTimestamp) return null;
  if ((secret as { type?: string }).type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return null;
  const want = Buffer.from(secretData(secret, 'token-secret'));
  const got = Buffer.from(parsed.secret);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  if (secretData(secret, 'token-id') !== parsed.id) return null;
  if (bootstrapTokenExpired(secret, now)) return null;
  if (secretData(secret, 'usage-bootstrap-authentication') !== 'true') return null;
  let groups: string[];
  try {
    groups = bootstrapTokenGroups(secret);
  } catch {
    return null;
  }
  return { user: { name: BOOTSTRAP_USER_PREFIX + parsed.id, groups } };
}

/** Bootstrap tokens looked up in kube-system's Secrets through `getSecret` (name → Secret). */
export class BootstrapTokenAuthenticator implements TokenAuthenticator {
  constructor(
    private readonly getSecret: (name: string) => KubeObject | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  authenticateToken(token: string): AuthResponse | null {
    const parsed = parseBootstrapToken(token);
    if (!parsed) return null;
    return bootstrapTokenUser(token, this.getSecret(BOOTSTRAP_TOKEN_SECRET_PREFIX + parsed.id), this.now());
  }
}
