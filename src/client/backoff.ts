/** Exponential backoff with jitter, as client-go's `wait.Backoff` for reconnecting loops. */

/** Backoff parameters. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Multiplier per step (2 by default). */
  factor?: number;
  /** Fraction of random extra delay (0.1 = up to +10 %). */
  jitter?: number;
  /** After this long without a failure, the next failure starts from `initialMs` again. */
  resetAfterMs?: number;
}

/** A backoff sequence: each `next()` returns the delay before the next attempt. */
export class Backoff {
  private current: number;
  private lastFailure = 0;

  constructor(
    private readonly opts: BackoffOptions,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.current = opts.initialMs;
  }

  /** The delay before the next attempt after a failure now. */
  next(): number {
    const t = this.now();
    if (
      this.opts.resetAfterMs !== undefined &&
      this.lastFailure &&
      t - this.lastFailure > this.opts.resetAfterMs
    ) {
      this.current = this.opts.initialMs;
    }
    this.lastFailure = t;
    const base = this.current;
    this.current = Math.min(this.opts.maxMs, base * (this.opts.factor ?? 2));
    return Math.min(this.opts.maxMs, base * (1 + (this.opts.jitter ?? 0) * this.random()));
  }

  /** Starts over from `initialMs`. */
  reset(): void {
    this.current = this.opts.initialMs;
    this.lastFailure = 0;
  }
}
