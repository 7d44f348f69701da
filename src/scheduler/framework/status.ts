/**
 * The outcome of a plugin at an extension point, as upstream's `framework.Status`: a code, the
 * reasons (shown in FailedScheduling events) and the plugin that produced it. A nil status of
 * upstream is `SUCCESS` here; plugins return statuses for expected "no"s, never throw.
 */

/** Status codes, upstream's order and meaning. */
export enum Code {
  Success = 0,
  /** An internal error: the pod is retried with backoff. */
  Error = 1,
  /** The pod does not fit now; preemption may help. */
  Unschedulable = 2,
  /** The pod does not fit and preemption on this node cannot help. */
  UnschedulableAndUnresolvable = 3,
  /** Permit: wait before binding. */
  Wait = 4,
  /** The plugin does not apply to this pod (PreFilter, PreScore, Bind). */
  Skip = 5,
  /** PreEnqueue: the pod must wait outside the active queue. */
  Pending = 6,
}

/** The outcome of one plugin call. */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that failed the pod. */
    public plugin = '',
  ) {}

  /** Whether the code is Success. */
  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  /** Whether the code is Skip. */
  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Whether the pod is rejected (Unschedulable or UnschedulableAndUnresolvable). */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  /** The reasons joined by ", ", as upstream's `Status.Message`. */
  message(): string {
    return this.reasons.join(', ');
  }

  /** This status tagged with the plugin that returned it. */
  withPlugin(plugin: string): Status {
    this.plugin = plugin;
    return this;
  }
}

/** The shared success status. */
export const SUCCESS: Status = Object.freeze(new Status(Code.Success)) as Status;

/** A status with `code` and reasons. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** An Error status from a thrown value. */
export function asStatus(err: unknown): Status {
  return new Status(Code.Error, [err instanceof Error ? err.message : String(err)]);
}

/** A status of Unschedulable with `reasons`. */
export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

/** A status of UnschedulableAndUnresolvable with `reasons`. */
export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

/** The shared Skip status. */
export const SKIP: Status = Object.freeze(new Status(Code.Skip)) as Status;
