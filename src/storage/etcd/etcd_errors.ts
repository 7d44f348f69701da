import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CompactedError,
  FutureRevisionError,
  LeaseNotFoundError,
  StorageError,
  StoreClosedError,
  UnavailableError,
  ValueTooLargeError,
} from '../errors.js';

/** etcd's error descriptions (go.etcd.io/etcd/etcdserver/api/v3rpc/rpctypes), matched by content. */
const COMPACTED = 'required revision has been compacted';
const FUTURE_REVISION = 'required revision is a future revision';
const LEASE_NOT_FOUND = 'requested lease not found';
const REQUEST_TOO_LARGE = 'request is too large';
/** gRPC's own refusal of a message above the server's receive limit (RESOURCE_EXHAUSTED). */
const MESSAGE_TOO_LARGE = /received message larger than max/i;

/**
 * An etcd failure that has no datastore meaning (permission denied, no space, an unexpected
 * cancellation, ...). Not retriable: the same request would fail the same way.
 */
export class EtcdRequestError extends StorageError {
  readonly code = 'Etcd';
  constructor(
    message: string,
    readonly grpcCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the caller knew when a call failed, to build a precise datastore error. */
export interface EtcdErrorContext {
  /** The endpoint the call went to, named in connection errors. */
  readonly endpoint: string;
  /** `Service.Method`, named in messages. */
  readonly method: string;
  /** The call's deadline in milliseconds, named when it expired. */
  readonly timeoutMs: number;
  /** True once the store is closing: cancelled calls then fail with `StoreClosedError`. */
  readonly closed: boolean;
  /** The revision the call read at or compacted to, for `CompactedError`/`FutureRevisionError`. */
  readonly revision?: number;
  /** The lowest compact revision the failure implies, and the highest one known before it. */
  readonly compactRevision?: number;
  /** The lease the call named, for `LeaseNotFoundError`. */
  readonly leaseId?: number;
  /** Size of the value the call wrote and the store's limit, for `ValueTooLargeError`. */
  readonly valueSize?: number;
  readonly valueLimit?: number;
}

/** The fields of a gRPC call error (`ServiceError`) this module reads. */
interface GrpcErrorFields {
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

/**
 * Translates a failed etcd call into the datastore error the `Store` contract promises:
 * compaction, future revision, unknown lease and oversize value by etcd's error text; an
 * unreachable or slow server (UNAVAILABLE, DEADLINE_EXCEEDED, connection failures) as a
 * retriable `UnavailableError` naming the endpoint; a call cancelled by `close()` as
 * `StoreClosedError`; anything else as a non-retriable `EtcdRequestError`. Datastore errors
 * pass through unchanged.
 */
export function mapEtcdError(err: unknown, ctx: EtcdErrorContext): Error {
  if (err instanceof StorageError) return err;
  const fields: GrpcErrorFields = typeof err === 'object' && err !== null ? err : {};
  const code = typeof fields.code === 'number' ? fields.code : undefined;
  const details =
    typeof fields.details === 'string' && fields.details !== ''
      ? fields.details
      : typeof fields.message === 'string'
        ? fields.message
        : String(err);
  const revision = ctx.revision ?? 0;

  if (details.includes(COMPACTED)) return new CompactedError(revision, ctx.compactRevision ?? 0);
  if (details.includes(FUTURE_REVISION)) return new FutureRevisionError(revision, 0);
  if (details.includes(LEASE_NOT_FOUND)) return new LeaseNotFoundError(ctx.leaseId ?? 0);
  if (
    ctx.valueSize !== undefined &&
    (details.includes(REQUEST_TOO_LARGE) || MESSAGE_TOO_LARGE.test(details))
  ) {
    // etcd's own limit is lower than the store's: report the size etcd refused as over the limit.
    const limit = Math.min(ctx.valueLimit ?? Infinity, ctx.valueSize - 1);
    return new ValueTooLargeError(ctx.valueSize, limit);
  }
  if (code === GrpcStatus.CANCELLED && ctx.closed) return new StoreClosedError();
  if (code === GrpcStatus.DEADLINE_EXCEEDED) {
    return new UnavailableError(
      `etcd at ${ctx.endpoint} did not answer ${ctx.method} within ${ctx.timeoutMs} ms`,
      {
        cause: err,
      },
    );
  }
  if (code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.CANCELLED) {
    return new UnavailableError(`etcd at ${ctx.endpoint} (${ctx.method}): ${details}`, { cause: err });
  }
  const name = code === undefined ? 'error' : (GrpcStatus[code] ?? String(code));
  return new EtcdRequestError(`etcd at ${ctx.endpoint} refused ${ctx.method}: ${name}: ${details}`, code, {
    cause: err,
  });
}
