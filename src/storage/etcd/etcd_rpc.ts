import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, credentials as grpcCredentials, Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ChannelCredentials, ClientDuplexStream, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { MethodDefinition, PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';
import type { StreamMethods, UnaryMethods } from './etcd_messages.js';

/** TLS material for `https://` endpoints (PEM); system roots are used when `ca` is absent. */
export interface EtcdTlsOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** How to reach etcd. */
export interface EtcdConnectionOptions {
  /** `http://host:port`, `https://host:port` or `host:port`; calls go to one, failing over. */
  readonly endpoints: readonly string[];
  /** Deadline of every unary call, in milliseconds. */
  readonly requestTimeoutMs: number;
  readonly tls?: EtcdTlsOptions;
}

/** A failed call together with the endpoint it went to, for error messages and fail-over. */
export class EtcdCallFailure extends Error {
  constructor(
    readonly endpoint: string,
    override readonly cause: unknown,
  ) {
    super(`etcd call to ${endpoint} failed`, { cause });
  }
}

/** Options proto-loader decodes with; etcd_messages.ts describes the resulting shapes. */
const LOADER_OPTIONS = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/**
 * Channel settings: no message size limit (a large listing is one response), quick reconnection
 * after an outage (etcd restarts are routine) and keep-alive pings to notice a dead peer. The
 * ping interval stays above etcd's default `--grpc-keepalive-min-time` of 5 s.
 */
const CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2000,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
} as const;

let packageDefinition: PackageDefinition | undefined;

/** The directory holding etcd.proto: beside this module in src/, or back in src/ from dist/. */
function protoDirectory(): string {
  const candidates = [
    new URL('./', import.meta.url),
    new URL('../../../../src/storage/etcd/', import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir + 'etcd.proto')) return dir;
  }
  throw new Error(`etcd.proto not found in ${candidates.map((u) => fileURLToPath(u)).join(' or ')}`);
}

/** Loads etcd.proto once per process. */
function etcdPackage(): PackageDefinition {
  packageDefinition ??= loadSync('etcd.proto', { ...LOADER_OPTIONS, includeDirs: [protoDirectory()] });
  return packageDefinition;
}

const methodDefinitions = new Map<string, MethodDefinition<object, object>>();

/** The definition of `Service.Method` in package etcdserverpb (looked up once). */
function methodDefinition(name: string): MethodDefinition<object, object> {
  let found = methodDefinitions.get(name);
  if (!found) {
    const [service = '', method = ''] = name.split('.');
    const definition = etcdPackage()[`etcdserverpb.${service}`] as ServiceDefinition | undefined;
    found = definition?.[method];
    if (!found) throw new Error(`etcd.proto defines no method ${name}`);
    methodDefinitions.set(name, found);
  }
  return found;
}

/** True for a gRPC status meaning the server could not be reached or did not answer in time. */
function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED;
}

/** Credentials and gRPC target for one endpoint URL. */
function parseEndpoint(endpoint: string, tls: EtcdTlsOptions | undefined): [string, ChannelCredentials] {
  const match = /^(https?):\/\/(.+?)\/?$/.exec(endpoint);
  const target = match?.[2] ?? endpoint;
  if (target === '') throw new Error(`invalid etcd endpoint ${JSON.stringify(endpoint)}`);
  if (match?.[1] === 'https') {
    return [target, grpcCredentials.createSsl(tls?.ca ?? null, tls?.key ?? null, tls?.cert ?? null)];
  }
  return [target, grpcCredentials.createInsecure()];
}

/**
 * The gRPC connection to an etcd cluster: one channel per endpoint, all calls on the current one,
 * moving to the next endpoint after a connection failure. Unary calls carry a deadline; close()
 * cancels every call still in flight. This is the only place that touches untyped proto objects.
 */
export class EtcdConnection {
  private readonly clients: Client[];
  private readonly endpoints: readonly string[];
  private current = 0;
  private readonly inFlight = new Set<ClientUnaryCall | ClientDuplexStream<unknown, unknown>>();
  private closed = false;

  constructor(private readonly options: EtcdConnectionOptions) {
    if (options.endpoints.length === 0) throw new Error('etcd: no endpoints given');
    this.endpoints = [...options.endpoints];
    this.clients = this.endpoints.map((endpoint) => {
      const [target, creds] = parseEndpoint(endpoint, options.tls);
      return new Client(target, creds, CHANNEL_OPTIONS);
    });
  }

  /** The endpoint calls currently go to. */
  get endpoint(): string {
    return this.endpoints[this.current] ?? '';
  }

  /** The deadline of unary calls, in milliseconds. */
  get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs;
  }

  /**
   * Calls a unary method with the request deadline. Rejects with `EtcdCallFailure` wrapping the
   * gRPC error; a connection failure moves later calls to the next endpoint. With `retry`
   * (for requests that are safe to repeat: reads), a connection failure is retried at once on
   * each other endpoint.
   */
  async unary<M extends keyof UnaryMethods>(
    method: M,
    request: UnaryMethods[M][0],
    opts: { retry?: boolean } = {},
  ): Promise<UnaryMethods[M][1]> {
    const attempts = opts.retry ? this.clients.length : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, request);
      } catch (err) {
        if (
          attempt >= attempts ||
          this.closed ||
          !(err instanceof EtcdCallFailure) ||
          !isConnectionError(err.cause)
        ) {
          throw err;
        }
      }
    }
  }

  private attempt<M extends keyof UnaryMethods>(
    method: M,
    request: UnaryMethods[M][0],
  ): Promise<UnaryMethods[M][1]> {
    const definition = methodDefinition(method);
    const index = this.current;
    const client = this.clientAt(index);
    const endpoint = this.endpoints[index] ?? '';
    return new Promise((resolve, reject) => {
      const call = client.makeUnaryRequest<object, object>(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        new Metadata(),
        { deadline: Date.now() + this.options.requestTimeoutMs },
        (err: ServiceError | null, response?: object) => {
          this.inFlight.delete(call);
          if (err || response === undefined) {
            this.noteFailure(index, err);
            reject(new EtcdCallFailure(endpoint, err ?? new Error('empty response')));
          } else {
            resolve(response as UnaryMethods[M][1]);
          }
        },
      );
      this.inFlight.add(call);
    });
  }

  /**
   * Opens a bidirectional stream on the current endpoint, with no deadline unless given. The
   * caller ends or cancels it; close() cancels it.
   */
  stream<M extends keyof StreamMethods>(
    method: M,
    deadlineMs?: number,
  ): { call: ClientDuplexStream<StreamMethods[M][0], StreamMethods[M][1]>; endpoint: string; index: number } {
    const definition = methodDefinition(method);
    const index = this.current;
    const options = deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs };
    const call = this.clientAt(index).makeBidiStreamRequest<object, object>(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      new Metadata(),
      options,
    ) as ClientDuplexStream<StreamMethods[M][0], StreamMethods[M][1]>;
    const tracked = call as ClientDuplexStream<unknown, unknown>;
    this.inFlight.add(tracked);
    call.on('status', () => this.inFlight.delete(tracked));
    return { call, endpoint: this.endpoints[index] ?? '', index };
  }

  /** Records that a call on endpoint `index` failed: connection failures rotate endpoints. */
  noteFailure(index: number, err: unknown): void {
    if (isConnectionError(err) && index === this.current && this.clients.length > 1) {
      this.current = (index + 1) % this.clients.length;
    }
  }

  /** Cancels every call in flight and closes the channels. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.inFlight) call.cancel();
    this.inFlight.clear();
    for (const client of this.clients) client.close();
  }

  private clientAt(index: number): Client {
    const client = this.clients[index];
    if (!client) throw new Error(`etcd: no endpoint ${index}`);
    return client;
  }
}
