/**
 * The gRPC probe (upstream's pkg/probe/grpc): `grpc.health.v1.Health/Check` over plaintext with
 * the probe's `service`; SERVING succeeds, any other status fails with
 * `service unhealthy (responded with "NOT_SERVING")`, and connection, RPC and timeout failures
 * carry upstream's texts. The health messages are defined inline with protobufjs.
 */
import { Client, Metadata, connectivityState, credentials, status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import type { Clock } from '../../client/clock.js';
import { goDurationSeconds, goQuote, joinHostPort } from './go_error_text.js';
import { PROBE_USER_AGENT } from './probe_outcome.js';
import type { ProbeOutcome } from './probe_outcome.js';

const root = protobuf.Root.fromJSON({
  nested: {
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                HealthCheckResponse: {
                  fields: { status: { type: 'ServingStatus', id: 1 } },
                  nested: {
                    ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});
const RequestType = root.lookupType('grpc.health.v1.HealthCheckRequest');
const ResponseType = root.lookupType('grpc.health.v1.HealthCheckResponse');

/** `grpc.health.v1.HealthCheckRequest`. */
export interface HealthCheckRequest {
  service: string;
}

/** `grpc.health.v1.HealthCheckResponse`, the status as its enum name. */
export interface HealthCheckResponse {
  status: 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';
}

/** The full method name of the health check. */
export const HEALTH_CHECK_METHOD = '/grpc.health.v1.Health/Check';

/** Encodes a health check request (also what a server decodes). */
export function encodeHealthCheckRequest(req: HealthCheckRequest): Buffer {
  return Buffer.from(RequestType.encode(RequestType.fromObject(req)).finish());
}

/** Decodes a health check request. */
export function decodeHealthCheckRequest(buf: Buffer): HealthCheckRequest {
  return RequestType.toObject(RequestType.decode(buf), { defaults: true }) as HealthCheckRequest;
}

/** Encodes a health check response. */
export function encodeHealthCheckResponse(res: HealthCheckResponse): Buffer {
  return Buffer.from(ResponseType.encode(ResponseType.fromObject(res)).finish());
}

/** Decodes a health check response (the status by name). */
export function decodeHealthCheckResponse(buf: Buffer): HealthCheckResponse {
  return ResponseType.toObject(ResponseType.decode(buf), {
    enums: String,
    defaults: true,
  }) as HealthCheckResponse;
}

/** Calls the health check on `host:port` for `service`; resolves with the outcome, never rejects. */
export function grpcProbe(
  host: string,
  port: number,
  service: string,
  timeoutSeconds: number,
  clock: Clock,
): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  const client = new Client(addr, credentials.createInsecure(), {
    'grpc.primary_user_agent': PROBE_USER_AGENT,
  });
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      client.close();
      resolve(outcome);
    };
    const call = client.makeUnaryRequest<HealthCheckRequest, HealthCheckResponse>(
      HEALTH_CHECK_METHOD,
      encodeHealthCheckRequest,
      decodeHealthCheckResponse,
      { service },
      new Metadata({ waitForReady: true }),
      {},
      (err: ServiceError | null, res?: HealthCheckResponse) => {
        if (err) return finish({ result: 'failure', output: rpcErrorText(err, timeoutSeconds) });
        const st = res?.status ?? 'UNKNOWN';
        if (st !== 'SERVING')
          return finish({ result: 'failure', output: `service unhealthy (responded with ${goQuote(st)})` });
        finish({ result: 'success', output: 'service healthy' });
      },
    );
    const timer = clock.setTimer(
      () => {
        const connected = client.getChannel().getConnectivityState(false) === connectivityState.READY;
        finish({
          result: 'failure',
          output: connected
            ? `timeout: health rpc did not complete within ${goDurationSeconds(timeoutSeconds)}`
            : `timeout: failed to connect service ${goQuote(addr)} within ${goDurationSeconds(timeoutSeconds)}: context deadline exceeded`,
        });
        call.cancel();
      },
      timeoutSeconds * 1000,
      { unref: true },
    );
  });
}

/** Upstream's text for a failed health RPC. */
function rpcErrorText(err: ServiceError, timeoutSeconds: number): string {
  if (err.code === status.UNIMPLEMENTED)
    return `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${err.details}`;
  if (err.code === status.DEADLINE_EXCEEDED)
    return `timeout: health rpc did not complete within ${goDurationSeconds(timeoutSeconds)}`;
  return `error: health rpc probe failed: rpc error: code = ${grpcCodeName(err.code)} desc = ${err.details}`;
}

/** Go's name of a gRPC status code (`Unavailable`, `PermissionDenied`). */
function grpcCodeName(code: number): string {
  const name = status[code] ?? `Code(${code})`;
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
