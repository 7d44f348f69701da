/**
 * The reconcile contract, as controller-runtime's: a controller is asked to make one object
 * (`namespace/name`) as it should be, never told what event happened. Returning normally means
 * done; `requeueAfterMs` asks to be called again later; a thrown error retries with per-key
 * exponential backoff; a `TerminalError` is logged and not retried.
 */

/** The object to reconcile. `namespace` is '' for cluster-scoped objects. */
export interface Request {
  namespace: string;
  name: string;
}

/** What to do after a successful reconcile. */
export interface Result {
  /** Reconcile again after this long (without counting as a failure). */
  requeueAfterMs?: number;
}

/** Makes one object as it should be. */
export interface Reconciler {
  reconcile(req: Request, signal: AbortSignal): Promise<Result | void>;
}

/** An error that retrying cannot fix: logged, and the key is not requeued. */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** The queue key of a request: `namespace/name`, or `name` when cluster-scoped. */
export function requestKey(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}
