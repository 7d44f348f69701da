/**
 * The kubelet's restart back-off (client-go's `flowcontrol.Backoff` as the kubelet uses it): the
 * first restart of a failed container is immediate, then it waits 10 s, doubling up to 5 min; an
 * entry not touched for twice the maximum (10 min) is forgotten, so a container that ran that long
 * starts over at 10 s.
 */
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';

/** Upstream's initial back-off. */
export const INITIAL_BACKOFF_MS = 10_000;
/** Upstream's maximum back-off (`MaxContainerBackOff`). */
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/** Per-key exponential back-off. */
export class CrashBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock = realClock,
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /**
   * Whether `key` is still backing off for an event (the container's finish) at `eventTimeMs`:
   * true until the current back-off has passed since that event.
   */
  isInBackOffSince(key: string, eventTimeMs: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (this.expired(e, eventTimeMs)) return false;
    return this.clock.now() - eventTimeMs < e.backoffMs;
  }

  /** Milliseconds left of the back-off for an event at `eventTimeMs` (0 when none). */
  remainingMs(key: string, eventTimeMs: number): number {
    const e = this.entries.get(key);
    if (!e || this.expired(e, eventTimeMs)) return 0;
    return Math.max(0, e.backoffMs - (this.clock.now() - eventTimeMs));
  }

  /** The current back-off of `key` in ms (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Records a restart at `eventTimeMs`: starts the back-off, or doubles it up to the maximum. */
  next(key: string, eventTimeMs: number): void {
    const e = this.entries.get(key);
    const now = this.clock.now();
    if (!e || this.expired(e, eventTimeMs)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
    e.lastUpdate = now;
  }

  /** Forgets `key`. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key starting with `prefix` (a deleted pod's containers). */
  resetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  private expired(e: Entry, eventTimeMs: number): boolean {
    return eventTimeMs - e.lastUpdate > 2 * this.maxMs;
  }
}
