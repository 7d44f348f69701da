/**
 * Errors of the datastore. Each has a stable `code` so callers (the API server turning them into
 * Status objects) switch on the class or the code, never on the message.
 */

/** Every datastore error. `retriable` says whether the same call may succeed later. */
export abstract class StorageError extends Error {
  abstract readonly code: string;
  readonly retriable: boolean = false;
}

/** The requested revision was discarded by compaction (the API server answers 410 Gone). */
export class CompactedError extends StorageError {
  readonly code = 'Compacted';
  constructor(
    readonly requestedRevision: number,
    readonly compactRevision: number,
  ) {
    super(
      `required revision ${requestedRevision} has been compacted (compacted revision ${compactRevision})`,
    );
  }
}

/** The requested revision is newer than the store's current revision. */
export class FutureRevisionError extends StorageError {
  readonly code = 'FutureRevision';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(
      `required revision ${requestedRevision} is a future revision (current revision ${currentRevision})`,
    );
  }
}

/** A key (or prefix) that is empty, outside the store's prefix or otherwise unusable. */
export class InvalidKeyError extends StorageError {
  readonly code = 'InvalidKey';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** A value larger than the store accepts; nothing was written. */
export class ValueTooLargeError extends StorageError {
  readonly code = 'ValueTooLarge';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`value of ${size} bytes exceeds the limit of ${limit} bytes`);
  }
}

/** The lease does not exist (expired, revoked or never granted). */
export class LeaseNotFoundError extends StorageError {
  readonly code = 'LeaseNotFound';
  constructor(readonly leaseId: number) {
    super(`lease ${leaseId} not found`);
  }
}

/** The backend cannot be reached or did not answer in time; the call may be retried. */
export class UnavailableError extends StorageError {
  readonly code = 'Unavailable';
  override readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`storage unavailable: ${message}`, options);
  }
}

/** The store was closed. */
export class StoreClosedError extends StorageError {
  readonly code = 'Closed';
  constructor() {
    super('store is closed');
  }
}
