/**
 * The clients of `--use-service-account-credentials`, as upstream's `SAControllerClientBuilder`:
 * one per service account in kube-system, each sending that account's token (see
 * `ServiceAccountTokenSource`) over one connection they share, which carries no client
 * certificate so that the API server authenticates the token.
 */
import type { Clock } from '../client/clock.js';
import { RestClient } from '../client/rest_client.js';
import { ServiceAccountTokenSource } from '../client/service_account_token_source.js';
import { Http2Transport } from '../client/transport.js';

/** The namespace of the controllers' service accounts. */
export const CONTROLLER_SERVICE_ACCOUNT_NAMESPACE = 'kube-system';

/** Clients acting as kube-system service accounts, their tokens requested with `rest`. */
export class ServiceAccountClients {
  private readonly transport: Http2Transport;
  private readonly clients = new Map<string, { rest: RestClient; tokens: ServiceAccountTokenSource }>();
  private readonly config: RestClient['config'];

  constructor(
    private readonly rest: RestClient,
    private readonly opts: { clock?: Clock; expirationSeconds?: number } = {},
  ) {
    const { cert: _cert, key: _key, token: _token, ...anonymous } = rest.config;
    this.config = anonymous;
    this.transport = new Http2Transport(anonymous);
  }

  private entry(name: string) {
    let c = this.clients.get(name);
    if (!c) {
      const tokens = new ServiceAccountTokenSource({
        rest: this.rest,
        namespace: CONTROLLER_SERVICE_ACCOUNT_NAMESPACE,
        name,
        clock: this.opts.clock,
        expirationSeconds: this.opts.expirationSeconds,
      });
      c = { rest: new RestClient(this.config, { tokenSource: tokens, transport: this.transport }), tokens };
      this.clients.set(name, c);
    }
    return c;
  }

  /** The client of `kube-system/<name>` (the same one for the same name). */
  clientFor(name: string): RestClient {
    return this.entry(name).rest;
  }

  /**
   * Makes sure the account exists and has a token now, as upstream's client builder does when a
   * controller starts; rejects with the API server's refusal.
   */
  async prepare(name: string, signal?: AbortSignal): Promise<void> {
    await this.entry(name).tokens.token(signal);
  }

  /** Closes the shared connection. */
  close(): void {
    this.transport.close();
  }
}
