import { CompactedError } from './errors.js';
import type { Store } from './store.js';

/** Options of the scheduled compactor. */
export interface CompactorOptions {
  /** Time between compactions (ms). The API server's default is 5 minutes. */
  intervalMs?: number;
  /** Stops the compactor. */
  signal: AbortSignal;
  /** Told of failed compactions; the compactor keeps going. */
  onError?: (err: unknown) => void;
  /** Told of each compaction done. */
  onCompacted?: (revision: number) => void;
}

/** The API server's default compaction interval. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Compacts `store` on a schedule, as kube-apiserver does: at every tick it compacts to the
 * revision it saw at the previous tick, so one interval of history always stays available for
 * watchers to resume from. A compaction done meanwhile by someone else is not an error.
 */
export function startCompactor(store: Store, opts: CompactorOptions): void {
  const interval = opts.intervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
  let previous = 0;
  let running = false;
  const tick = async () => {
    if (running || opts.signal.aborted) return;
    running = true;
    try {
      const current = await store.currentRevision();
      if (previous > (await store.compactedRevision())) {
        try {
          await store.compact(previous);
          opts.onCompacted?.(previous);
        } catch (err) {
          if (!(err instanceof CompactedError)) throw err;
        }
      }
      previous = current;
    } catch (err) {
      if (!opts.signal.aborted) opts.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), interval);
  timer.unref();
  void tick();
  opts.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
