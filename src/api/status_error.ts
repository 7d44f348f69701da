/**
 * `StatusError`: an error that is answered as a Kubernetes `Status` object, with upstream's
 * code, reason, message and details. The constructors below mirror apimachinery's
 * `k8s.io/apimachinery/pkg/api/errors` so that kubectl prints exactly what it prints against a
 * real cluster. Callers branch on `reason`/`code`, never on the message.
 */
import type { FieldError } from './field_errors.js';
import { fieldErrorBody, fieldErrorText } from './field_errors.js';

/** `metav1.StatusCause`. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `metav1.StatusDetails`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** `metav1.Status`, as sent on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Upstream's `StatusReason` values. */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable';

/** A group and resource (`deployments.apps`), as upstream's `schema.GroupResource`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A group and kind (`Deployment.apps`), as upstream's `schema.GroupKind`. */
export interface GroupKind {
  group: string;
  kind: string;
}

const grString = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const gkString = (gk: GroupKind) => (gk.group ? `${gk.kind}.${gk.group}` : gk.kind);

/** An error answered as a `Status`. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  /** The `Status` object to send. */
  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** 404: `pods "x" not found`. */
export function notFoundError(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${grString(gr)} ${JSON.stringify(name)} not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** 409: `pods "x" already exists`. */
export function alreadyExistsError(gr: GroupResource, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${grString(gr)} ${JSON.stringify(name)} already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** The detail of a conflict on `resourceVersion`, as upstream words it. */
export const OBJECT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409: `Operation cannot be fulfilled on pods "x": <why>`. */
export function conflictError(gr: GroupResource, name: string, why: string = OBJECT_MODIFIED): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${grString(gr)} ${JSON.stringify(name)}: ${why}`,
    { name, group: gr.group, kind: gr.resource },
  );
}

/** 422: `Pod "x" is invalid: [a: …, b: …]`, one cause per field error. */
export function invalidError(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const texts = [...new Set(errs.map(fieldErrorText))];
  const agg = texts.length === 0 ? '' : texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
  const message = agg
    ? `${gkString(gk)} ${JSON.stringify(name)} is invalid: ${agg}`
    : `${gkString(gk)} ${JSON.stringify(name)} is invalid`;
  return new StatusError(422, 'Invalid', message, {
    name,
    group: gk.group,
    kind: gk.kind,
    causes: errs.map((e) => ({ reason: e.type.reason, message: fieldErrorBody(e), field: e.field })),
  });
}

/** 400 BadRequest with a free message. */
export function badRequestError(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

/** 403: `pods "x" is forbidden: <why>`. */
export function forbiddenError(gr: GroupResource | null, name: string, why: string): StatusError {
  let message: string;
  if (!gr || !gr.resource) message = `forbidden: ${why}`;
  else if (!name) message = `${grString(gr)} is forbidden: ${why}`;
  else message = `${grString(gr)} ${JSON.stringify(name)} is forbidden: ${why}`;
  return new StatusError(
    403,
    'Forbidden',
    message,
    gr ? { name, group: gr.group, kind: gr.resource } : undefined,
  );
}

/** 401 Unauthorized. */
export function unauthorizedError(message = 'Unauthorized'): StatusError {
  return new StatusError(401, 'Unauthorized', message);
}

/** 405: `<verb> is not supported on resources of kind "<kind>"`. */
export function methodNotSupportedError(gr: GroupResource, verb: string): StatusError {
  return new StatusError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind ${JSON.stringify(grString(gr))}`,
    { group: gr.group, kind: gr.resource },
  );
}

/** 410 Expired: a watch or list from a compacted resourceVersion. */
export function resourceExpiredError(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

/** 410 Gone. */
export function goneError(message: string): StatusError {
  return new StatusError(410, 'Gone', message);
}

/** 413: the request body is larger than the server accepts. */
export function requestEntityTooLargeError(message: string): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** 429 with a retry hint. */
export function tooManyRequestsError(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds });
}

/** 406: no acceptable representation. */
export function notAcceptableError(message: string): StatusError {
  return new StatusError(406, 'NotAcceptable', message);
}

/** 415: a body in a content type the endpoint does not take. */
export function unsupportedMediaTypeError(contentType: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf; got ${contentType}`,
  );
}

/** 500: `Internal error occurred: <why>`. */
export function internalError(why: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${why}`, {
    causes: [{ message: why }],
  });
}

/** 504: `Timeout: <why>`. */
export function timeoutError(why: string, retryAfterSeconds = 0): StatusError {
  return new StatusError(504, 'Timeout', `Timeout: ${why}`, { retryAfterSeconds });
}

/** 503 ServiceUnavailable. */
export function serviceUnavailableError(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

/** True for a `StatusError` with this reason. */
export function hasReason(err: unknown, reason: StatusReason): boolean {
  return err instanceof StatusError && err.reason === reason;
}
