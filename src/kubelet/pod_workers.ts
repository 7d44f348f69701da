/**
 * One worker per pod, as upstream's `podWorkers`: syncs of the same pod never overlap; a change
 * that arrives while a sync runs makes it run once more afterwards; a sync may ask to run again
 * after a delay (a back-off ending). Different pods sync in parallel: by default all of them, as
 * upstream's one goroutine per pod — a burst of new pods must not queue behind the first ones'
 * sandboxes; an optional limit queues the rest in arrival order.
 */
import type { Clock, TimerHandle } from '../client/clock.js';

interface Worker {
  running: boolean;
  dirty: boolean;
  timer?: TimerHandle;
  timerAt?: number;
}

/** Serialized, coalescing per-key work. */
export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private active = 0;
  private readonly waiting: string[] = [];
  private idle: (() => void)[] = [];
  private stopped = false;

  constructor(
    /** Syncs one pod; resolves with a delay after which to sync again, or undefined. */
    private readonly sync: (uid: string) => Promise<number | undefined>,
    private readonly clock: Clock,
    private readonly onError: (uid: string, err: unknown) => void,
    /** At most this many syncs at once (default: no limit). */
    private readonly maxParallel = Infinity,
  ) {}

  /** Asks for a sync of `uid` (now, or after the one running). */
  update(uid: string): void {
    if (this.stopped) return;
    let w = this.workers.get(uid);
    if (!w) this.workers.set(uid, (w = { running: false, dirty: false }));
    w.dirty = true;
    if (!w.running && !this.waiting.includes(uid)) this.schedule(uid);
  }

  /** Asks for a sync of `uid` after `ms` (keeps an earlier one already planned). */
  updateAfter(uid: string, ms: number): void {
    if (this.stopped) return;
    let w = this.workers.get(uid);
    if (!w) this.workers.set(uid, (w = { running: false, dirty: false }));
    const at = this.clock.now() + ms;
    if (w.timer && w.timerAt !== undefined && w.timerAt <= at) return;
    w.timer?.cancel();
    w.timerAt = at;
    w.timer = this.clock.setTimer(
      () => {
        w.timer = undefined;
        w.timerAt = undefined;
        this.update(uid);
      },
      ms,
      { unref: true },
    );
  }

  /** Forgets `uid` once its running sync (if any) ends; a later `update` starts afresh. */
  forget(uid: string): void {
    const w = this.workers.get(uid);
    if (!w) return;
    w.timer?.cancel();
    if (!w.running && !w.dirty) this.workers.delete(uid);
  }

  /** True while a sync of `uid` runs. */
  syncing(uid: string): boolean {
    return this.workers.get(uid)?.running === true;
  }

  /** The keys with a worker. */
  keys(): string[] {
    return [...this.workers.keys()];
  }

  /** Resolves when no sync runs or waits. */
  whenIdle(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Stops taking work; running syncs finish. */
  stop(): void {
    this.stopped = true;
    for (const w of this.workers.values()) w.timer?.cancel();
    this.waiting.length = 0;
  }

  private schedule(uid: string): void {
    if (this.active >= this.maxParallel) {
      this.waiting.push(uid);
      return;
    }
    void this.run(uid);
  }

  private async run(uid: string): Promise<void> {
    const w = this.workers.get(uid);
    if (!w || w.running) return;
    w.running = true;
    this.active++;
    try {
      while (w.dirty && !this.stopped) {
        w.dirty = false;
        try {
          const again = await this.sync(uid);
          if (again !== undefined) this.updateAfter(uid, again);
        } catch (err) {
          this.onError(uid, err);
          this.updateAfter(uid, 2000);
        }
      }
    } finally {
      w.running = false;
      this.active--;
      if (!w.dirty && !w.timer && !this.stopped) this.workers.delete(uid);
      const next = this.waiting.shift();
      if (next !== undefined) void this.run(next);
      if (this.active === 0 && this.waiting.length === 0) for (const r of this.idle.splice(0)) r();
    }
  }
}
