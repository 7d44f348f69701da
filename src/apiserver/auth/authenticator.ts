/**
 * Authentication, as kube-apiserver's authenticator chain: pluggable request authenticators
 * (client certificates, bearer tokens) tried in order, the first to recognise the request wins;
 * an authenticator that finds the credentials invalid fails the request (401); a request with no
 * credentials at all is anonymous.
 */
import type { UserInfo } from '../handlers/context.js';
import type { AnyRequest } from '../http/body.js';

/** The user name of anonymous requests. */
export const ANONYMOUS_USER = 'system:anonymous';
/** The group of anonymous requests. */
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';
/** The group every authenticated user is in. */
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** The privileged group: every request of its members is allowed. */
export const MASTERS_GROUP = 'system:masters';

/** Who a credential belongs to, and (for tokens) the audiences it is valid for. */
export interface AuthResponse {
  user: UserInfo;
  /** The audiences the credential was accepted for (tokens); absent when not audience-bound. */
  audiences?: string[];
}

/**
 * Presented credentials are invalid (a wrong token, an untrusted certificate): the request is
 * refused 401, never served as anonymous.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/**
 * One token authenticator: returns the token's user, null when the token is not one of its
 * kind (so the next one may try), or throws `AuthenticationError` when it is its kind but
 * invalid. `audiences` are the audiences the caller accepts (empty: the API server's own).
 */
export interface TokenAuthenticator {
  authenticateToken(
    token: string,
    audiences?: readonly string[],
  ): AuthResponse | null | Promise<AuthResponse | null>;
}

/**
 * One request authenticator (e.g. x509 client certificates): the request's user, null when the
 * request carries no credential of its kind, or throws `AuthenticationError`.
 */
export type RequestAuthenticator = (req: AnyRequest) => UserInfo | null | Promise<UserInfo | null>;

/**
 * Token authenticators as one (upstream's union): the first that accepts the token wins; when
 * none does, throws `AuthenticationError` with upstream's `invalid bearer token` (and the
 * reasons given), so an unrecognised token is never anonymous.
 */
export class TokenAuthenticatorChain implements TokenAuthenticator {
  constructor(private readonly authenticators: readonly TokenAuthenticator[]) {}

  async authenticateToken(token: string, audiences?: readonly string[]): Promise<AuthResponse> {
    const errors: string[] = [];
    for (const a of this.authenticators) {
      try {
        const r = await a.authenticateToken(token, audiences);
        if (r) return r;
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        errors.push(err.message);
      }
    }
    throw new AuthenticationError(
      errors.length ? `[invalid bearer token, ${errors.join(', ')}]` : 'invalid bearer token',
    );
  }
}

/**
 * The bearer token of `Authorization: Bearer <token>` (scheme case-insensitive), or undefined
 * when the header is absent or of another scheme. An empty token is returned as `''` (invalid).
 */
export function bearerToken(req: AnyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const parts = h.trim().split(' ');
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1]!;
}

/** Adds `system:authenticated` to an authenticated user's groups (once), as upstream's group adder. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(AUTHENTICATED_GROUP)) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

/** The anonymous user. */
export function anonymousUser(): UserInfo {
  return { name: ANONYMOUS_USER, groups: [UNAUTHENTICATED_GROUP] };
}

/**
 * The whole request authentication: each request authenticator in order, then the bearer
 * token (if any) through `tokens`; the authenticated user gets `system:authenticated`. A request
 * with no credential is anonymous. Throws `AuthenticationError` for invalid credentials.
 */
export async function authenticateRequest(
  req: AnyRequest,
  requestAuthenticators: readonly RequestAuthenticator[],
  tokens: TokenAuthenticator,
): Promise<UserInfo> {
  const errors: string[] = [];
  for (const a of requestAuthenticators) {
    try {
      const u = await a(req);
      if (u) return withAuthenticatedGroup(u);
    } catch (err) {
      if (!(err instanceof AuthenticationError)) throw err;
      errors.push(err.message);
    }
  }
  const token = bearerToken(req);
  if (token !== undefined) {
    if (token === '') throw new AuthenticationError('invalid bearer token');
    const r = await tokens.authenticateToken(token);
    if (r) return withAuthenticatedGroup(r.user);
  }
  if (errors.length) throw new AuthenticationError(errors.join(', '));
  return anonymousUser();
}
