/**
 * Service-account tokens, as kube-apiserver's service-account issuer: RS256 JWTs with upstream's
 * claims (`iss`, `sub`, `aud`, `exp`, `iat`, `nbf`, `jti`, and `kubernetes.io` naming the
 * namespace, the service account and the bound pod or secret), and the authenticator that
 * accepts them only while the service account — and the bound object — still exist with the
 * same uid.
 */
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import type { UserInfo } from '../handlers/context.js';
import type { AuthResponse, TokenAuthenticator } from './authenticator.js';
import { AuthenticationError } from './authenticator.js';
import type { JwtClaims } from './jwt.js';
import { JwtError, keyId, looksLikeJwt, signJwt, unverifiedClaims, verifyJwt } from './jwt.js';

/** The issuer (and default audience) of kubets' service-account tokens, as upstream clusters use. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** User name prefix of service accounts. */
export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
/** The group of every service account. */
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

/** The user name of a service account: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a service-account user name; null for other users. */
export function parseServiceAccountUsername(user: string): { namespace: string; name: string } | null {
  if (!user.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) return null;
  const parts = user.slice(SERVICE_ACCOUNT_USER_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { namespace: parts[0], name: parts[1] };
}

/** The groups of a service account: `system:serviceaccounts` and `system:serviceaccounts:<namespace>`. */
export function serviceAccountGroups(namespace: string): string[] {
  return [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

/** The cluster's service-account signing key pair and its key id. */
export interface ServiceAccountKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/** A `ServiceAccountKey` from PEM texts (RSA private key, public key). */
export function serviceAccountKey(privateKeyPem: string, publicKeyPem: string): ServiceAccountKey {
  const publicKey = createPublicKey(publicKeyPem);
  return { privateKey: createPrivateKey(privateKeyPem), publicKey, kid: keyId(publicKey) };
}

/** The object a token is bound to (TokenRequest's `boundObjectRef`). */
export interface BoundObject {
  kind: 'Pod' | 'Secret';
  name: string;
  uid: string;
}

/** What a token is issued for. */
export interface TokenSpec {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  bound?: BoundObject;
  /** Audiences; empty means the API server's own (the issuer). */
  audiences: readonly string[];
  expirationSeconds: number;
  now: Date;
}

/** The claims of a token for `spec`, as upstream's `serviceaccount.Claims`. */
export function serviceAccountClaims(spec: TokenSpec, issuer = SERVICE_ACCOUNT_ISSUER): JwtClaims {
  const iat = Math.floor(spec.now.getTime() / 1000);
  const k8s: Record<string, unknown> = {
    namespace: spec.namespace,
    serviceaccount: { name: spec.serviceAccount.name, uid: spec.serviceAccount.uid },
  };
  if (spec.bound?.kind === 'Pod') k8s.pod = { name: spec.bound.name, uid: spec.bound.uid };
  if (spec.bound?.kind === 'Secret') k8s.secret = { name: spec.bound.name, uid: spec.bound.uid };
  return {
    aud: spec.audiences.length ? [...spec.audiences] : [issuer],
    exp: iat + spec.expirationSeconds,
    iat,
    iss: issuer,
    jti: randomUUID(),
    'kubernetes.io': k8s,
    nbf: iat,
    sub: serviceAccountUsername(spec.namespace, spec.serviceAccount.name),
  };
}

/** Issues a signed token for `spec`: the JWT and its expiry. */
export function issueServiceAccountToken(
  key: ServiceAccountKey,
  spec: TokenSpec,
  issuer = SERVICE_ACCOUNT_ISSUER,
): { token: string; expirationTimestamp: string } {
  const claims = serviceAccountClaims(spec, issuer);
  return {
    token: signJwt(claims, key.privateKey, key.kid),
    expirationTimestamp: new Date((claims.exp as number) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Live objects a token is checked against (from the API server's caches). */
export interface ServiceAccountLookups {
  serviceAccount(namespace: string, name: string): KubeObject | undefined;
  pod(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
}

interface Ref {
  name?: unknown;
  uid?: unknown;
}

/**
 * Authenticates the tokens this cluster issued (issuer `SERVICE_ACCOUNT_ISSUER`); other JWTs and
 * non-JWTs are not its kind (null). A token of this issuer that fails a check throws
 * `AuthenticationError` with upstream's reason: a bad signature, expired, not yet valid, an
 * audience outside the accepted ones, or a service account, pod or secret that is gone or
 * has another uid.
 */
export class ServiceAccountTokenAuthenticator implements TokenAuthenticator {
  constructor(
    private readonly key: Pick<ServiceAccountKey, 'publicKey'>,
    private readonly lookups: ServiceAccountLookups,
    private readonly now: () => Date = () => new Date(),
    private readonly issuer = SERVICE_ACCOUNT_ISSUER,
  ) {}

  authenticateToken(token: string, audiences?: readonly string[]): AuthResponse | null {
    if (!looksLikeJwt(token)) return null;
    const unverified = unverifiedClaims(token);
    if (!unverified || unverified.iss !== this.issuer) return null;
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, this.key.publicKey);
    } catch (err) {
      if (err instanceof JwtError) throw new AuthenticationError(err.message);
      throw err;
    }
    const nowSec = this.now().getTime() / 1000;
    if (typeof claims.exp === 'number' && nowSec > claims.exp) {
      throw new AuthenticationError('service account token has expired');
    }
    if (typeof claims.nbf === 'number' && nowSec < claims.nbf) {
      throw new AuthenticationError('service account token is not valid yet');
    }
    const tokenAud = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
    const wanted = audiences && audiences.length ? audiences : [this.issuer];
    const matched = tokenAud.filter((a) => wanted.includes(a));
    if (matched.length === 0) {
      throw new AuthenticationError(
        `token audiences ${goQuoteList(tokenAud)} is invalid for the target audiences ${goQuoteList(wanted)}`,
      );
    }
    const k8s = (claims['kubernetes.io'] ?? {}) as {
      namespace?: unknown;
      serviceaccount?: Ref;
      pod?: Ref;
      secret?: Ref;
    };
    const namespace = typeof k8s.namespace === 'string' ? k8s.namespace : '';
    const sa = k8s.serviceaccount;
    if (!namespace || typeof sa?.name !== 'string')
      throw new AuthenticationError('service account token claims are invalid');
    const account = this.lookups.serviceAccount(namespace, sa.name);
    if (!account || account.metadata.deletionTimestamp) {
      throw new AuthenticationError(`serviceaccounts ${JSON.stringify(sa.name)} not found`);
    }
    if (account.metadata.uid !== sa.uid) {
      throw new AuthenticationError(
        `service account UID (${account.metadata.uid}) does not match claim (${String(sa.uid)})`,
      );
    }
    const extra: Record<string, string[]> = {};
    if (k8s.secret) {
      const s = this.lookups.secret(namespace, String(k8s.secret.name));
      if (!s) throw new AuthenticationError(`secrets ${JSON.stringify(String(k8s.secret.name))} not found`);
      if (s.metadata.uid !== k8s.secret.uid) {
        throw new AuthenticationError(
          `secret UID (${s.metadata.uid}) does not match service account secret ref claim (${String(k8s.secret.uid)})`,
        );
      }
      if (s.metadata.deletionTimestamp) throw new AuthenticationError('token has been invalidated');
    }
    if (k8s.pod) {
      const p = this.lookups.pod(namespace, String(k8s.pod.name));
      if (!p) throw new AuthenticationError(`pods ${JSON.stringify(String(k8s.pod.name))} not found`);
      if (p.metadata.uid !== k8s.pod.uid) {
        throw new AuthenticationError(
          `pod UID (${p.metadata.uid}) does not match pod claim (${String(k8s.pod.uid)})`,
        );
      }
      extra['authentication.kubernetes.io/pod-name'] = [String(k8s.pod.name)];
      extra['authentication.kubernetes.io/pod-uid'] = [String(k8s.pod.uid)];
    }
    if (typeof claims.jti === 'string')
      extra['authentication.kubernetes.io/credential-id'] = [`JTI=${claims.jti}`];
    const user: UserInfo = {
      name: serviceAccountUsername(namespace, sa.name),
      uid: String(sa.uid),
      groups: serviceAccountGroups(namespace),
      extra,
    };
    return { user, audiences: matched };
  }
}

/** A string list as Go's `%q` prints a []string: `["a" "b"]`. */
function goQuoteList(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}
