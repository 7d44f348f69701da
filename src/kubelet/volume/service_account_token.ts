/**
 * Service account tokens for projected volumes (upstream's kubelet token manager): a
 * TokenRequest bound to the pod through `POST …/serviceaccounts/<sa>/token`, cached and fetched
 * again once 80% of its lifetime has passed (or it is 24 h old).
 */
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import type { RestClient } from '../../client/rest_client.js';

interface TokenRequestStatus {
  status?: { token?: string; expirationTimestamp?: string };
}

interface CachedToken {
  token: string;
  issuedAt: number;
  expiresAt: number;
}

const MAX_AGE_MS = 24 * 3600 * 1000;

/** Fetches and caches bound service account tokens. */
export class ServiceAccountTokens {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly rest: Pick<RestClient, 'request'>,
    private readonly clock: Clock,
  ) {}

  /**
   * The token of `pod`'s service account for `audience` (empty: the API server's) valid for
   * `expirationSeconds` (default 3600); rejects with `failed to fetch token: <API error>`.
   */
  async get(pod: Pod, audience: string | undefined, expirationSeconds = 3600): Promise<string> {
    const ns = pod.metadata.namespace ?? 'default';
    const sa = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
    const uid = pod.metadata.uid ?? '';
    const key = JSON.stringify([ns, sa, audience ?? '', expirationSeconds, uid]);
    const now = this.clock.now();
    const cached = this.cache.get(key);
    if (cached && !requiresRefresh(cached, now)) return cached.token;
    let res: TokenRequestStatus;
    try {
      res = await this.rest.request<TokenRequestStatus>({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(ns)}/serviceaccounts/${encodeURIComponent(sa)}/token`,
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: {
            audiences: audience ? [audience] : [],
            expirationSeconds,
            boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid },
          },
        },
      });
    } catch (err) {
      // A token still valid is better than none while the API server is away.
      if (cached && now < cached.expiresAt) return cached.token;
      throw new Error(`failed to fetch token: ${err instanceof Error ? err.message : String(err)}`);
    }
    const token = res?.status?.token;
    if (!token) throw new Error('failed to fetch token: the API server returned no token');
    const exp = Date.parse(res.status?.expirationTimestamp ?? '');
    const expiresAt = Number.isNaN(exp) ? now + expirationSeconds * 1000 : exp;
    this.cache.set(key, { token, issuedAt: now, expiresAt });
    return token;
  }

  /** Forgets the tokens bound to the pod `uid`. */
  forgetPod(uid: string): void {
    for (const key of this.cache.keys()) if ((JSON.parse(key) as string[])[4] === uid) this.cache.delete(key);
  }
}

function requiresRefresh(t: CachedToken, now: number): boolean {
  const ttl = t.expiresAt - t.issuedAt;
  return now > t.expiresAt - ttl * 0.2 || now > t.issuedAt + MAX_AGE_MS;
}
