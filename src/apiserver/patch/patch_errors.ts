/**
 * The errors the PATCH algorithms raise, shaped as kube-apiserver answers them
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
 * - a patch body that cannot be decoded: 400 BadRequest with the decoder's message;
 * - a JSON patch operation that cannot be applied, and the strategic-merge errors upstream maps
 *   to 422: `errors.NewGenericServerResponse(422, …)`, i.e. reason Invalid with the fixed message
 *   "the server rejected our request due to an error in our request" (the cause is not sent);
 * - any other strategic-merge failure: upstream returns the plain Go error, which the handler
 *   answers as 500 with an empty reason and the error text as message.
 */
import type { Status } from '../../api/status_error.js';
import { StatusError, badRequestError } from '../../api/status_error.js';

/** The message of upstream's generic 422 answer. */
export const UNPROCESSABLE_MESSAGE = 'the server rejected our request due to an error in our request';

/**
 * 422 Invalid with upstream's generic message and empty details. `detail` keeps the reason the
 * patch could not be applied, for logs and tests; it is not part of the Status sent.
 */
export class PatchUnprocessableError extends StatusError {
  constructor(readonly detail: string) {
    super(422, 'Invalid', UNPROCESSABLE_MESSAGE, {});
  }
}

/**
 * 500 for an error upstream does not convert to a Status (`metav1.StatusReasonUnknown`): the
 * Status sent has code 500, no reason, and the error text as message, so kubectl prints
 * `Error from server: <text>`. `reason` reads `InternalError` for callers that branch on it.
 */
export class PatchInternalError extends StatusError {
  constructor(message: string) {
    super(500, 'InternalError', message);
  }

  override toStatus(): Status {
    const status = super.toStatus();
    delete status.reason;
    return status;
  }
}

/** 400 BadRequest with the given message. */
export function patchBadRequest(message: string): StatusError {
  return badRequestError(message);
}
