/**
 * Expectations, as kube-controller-manager's `ControllerExpectations`: a controller that has just
 * created or deleted N objects for a key expects to observe N adds or deletes in its informer
 * before it acts on that key again, so it never acts twice on writes it has not yet seen. A
 * record older than the TTL (5 minutes) no longer blocks, so a lost event cannot wedge a key.
 */
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';

const TTL_MS = 5 * 60_000;

interface Record {
  adds: number;
  dels: number;
  at: number;
}

/** Outstanding creations and deletions per controller key. */
export class Expectations {
  private readonly records = new Map<string, Record>();

  constructor(private readonly clock: Clock = realClock) {}

  /** Whether `key` may be acted on: nothing outstanding, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    if (r.adds <= 0 && r.dels <= 0) return true;
    return this.clock.now() - r.at > TTL_MS;
  }

  /** Sets the expected creations and deletions for `key` (replacing what was there). */
  expect(key: string, adds: number, dels: number): void {
    this.records.set(key, { adds, dels, at: this.clock.now() });
  }

  /** Expects `n` creations for `key`. */
  expectCreations(key: string, n: number): void {
    this.expect(key, n, 0);
  }

  /** Expects `n` deletions for `key`. */
  expectDeletions(key: string, n: number): void {
    this.expect(key, 0, n);
  }

  /** One expected creation was observed (or will never happen: a failed create). */
  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.adds--;
  }

  /** One expected deletion was observed (or will never happen). */
  deletionObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.dels--;
  }

  /** Forgets `key` (its object is gone). */
  delete(key: string): void {
    this.records.delete(key);
  }
}
