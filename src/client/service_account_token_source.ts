/**
 * A service account's token, as client-go's `DynamicControllerClientBuilder` gets it for
 * kube-controller-manager's `--use-service-account-credentials`: with the caller's own client it
 * makes sure the ServiceAccount exists (creating it when missing), asks the TokenRequest API
 * (`POST …/serviceaccounts/<name>/token`) for a token, and asks again once 80% of the token's
 * lifetime has passed, or as soon as the API server refused it.
 */
import { StatusError } from '../api/status_error.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import type { RestClient, TokenSource } from './rest_client.js';

/** Options of a token source. */
export interface ServiceAccountTokenSourceOptions {
  /** The client that creates the account and requests its tokens (the controller manager's own). */
  rest: RestClient;
  namespace: string;
  name: string;
  /** The lifetime asked for, in seconds (default 3600, upstream's). */
  expirationSeconds?: number;
  clock?: Clock;
}

/** Part of a token's lifetime after which a new one is asked for. */
export const REFRESH_FRACTION = 0.8;

interface Issued {
  token: string;
  refreshAt: number;
}

/** The tokens of one service account, requested on demand and refreshed before they expire. */
export class ServiceAccountTokenSource implements TokenSource {
  private current: Issued | undefined;
  private pending: Promise<Issued> | undefined;
  private readonly clock: Clock;

  constructor(private readonly opts: ServiceAccountTokenSourceOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /** The user name the tokens authenticate as (`system:serviceaccount:<ns>:<name>`). */
  get userName(): string {
    return `system:serviceaccount:${this.opts.namespace}:${this.opts.name}`;
  }

  /**
   * A token valid now: the last one until 80% of its lifetime has passed, then a new one.
   * Concurrent callers share one request, which no single caller's `signal` cancels (an aborted
   * caller is refused before it waits). Rejects with the API server's `StatusError` when the
   * caller may not create the account or request its token.
   */
  async token(signal?: AbortSignal): Promise<string> {
    const cur = this.current;
    if (cur && this.clock.now() < cur.refreshAt) return cur.token;
    signal?.throwIfAborted();
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    this.current = await this.pending;
    return this.current.token;
  }

  /** Forgets the current token, so that the next `token()` requests a new one. */
  invalidate(): void {
    this.current = undefined;
  }

  private get path(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/serviceaccounts/${encodeURIComponent(this.opts.name)}`;
  }

  private async ensureAccount(): Promise<void> {
    try {
      await this.opts.rest.request({ method: 'GET', path: this.path });
      return;
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    try {
      await this.opts.rest.request({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/serviceaccounts`,
        body: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: this.opts.name, namespace: this.opts.namespace },
        },
      });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
    }
  }

  private async fetch(): Promise<Issued> {
    await this.ensureAccount();
    const expirationSeconds = this.opts.expirationSeconds ?? 3600;
    // A just-created account may take a moment to reach the API server's cache.
    for (let attempt = 0; ; attempt++) {
      const asked = this.clock.now();
      try {
        const tr = await this.opts.rest.request<{
          status?: { token?: string; expirationTimestamp?: string };
        }>({
          method: 'POST',
          path: `${this.path}/token`,
          body: {
            apiVersion: 'authentication.k8s.io/v1',
            kind: 'TokenRequest',
            spec: { expirationSeconds },
          },
        });
        const token = tr.status?.token;
        if (!token) throw new Error(`the TokenRequest for ${this.userName} returned no token`);
        const expires = Date.parse(tr.status?.expirationTimestamp ?? '');
        const lifetime = (Number.isFinite(expires) ? expires : asked + expirationSeconds * 1000) - asked;
        return { token, refreshAt: asked + lifetime * REFRESH_FRACTION };
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404) || attempt >= 20) throw err;
        // Real time: this waits for the API server's cache, not for the token's clock.
        await sleep(100 * Math.min(attempt + 1, 5));
      }
    }
  }
}
