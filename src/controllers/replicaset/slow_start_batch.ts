/**
 * upstream's `slowStartBatch`: runs `count` calls of `fn` in batches of 1, 2, 4, 8 … (starting
 * at `initialBatchSize`), all calls of a batch concurrently; stops after the first batch with a
 * failure. Returns how many calls succeeded and the first error (if any), so that a quota or
 * admission refusal costs one call, not hundreds.
 */

/** upstream's `controller.SlowStartInitialBatchSize`. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** The outcome of `slowStartBatch`. */
export interface SlowStartResult {
  successes: number;
  error?: unknown;
}

/** Runs `fn` `count` times in doubling concurrent batches; see the module comment. */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => Promise<void>,
): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else if (error === undefined) error = r.reason ?? new Error('failed');
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
