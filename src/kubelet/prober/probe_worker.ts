/**
 * One probe of one container (upstream's prober `worker`): a timer that first fires
 * `initialDelaySeconds` after the container started and then every `periodSeconds`, and the
 * threshold bookkeeping — a result is only published after `successThreshold` successes or
 * `failureThreshold` failures in a row. Liveness and startup workers go on hold after publishing
 * a failure until the next container instance; liveness and readiness wait for the startup probe.
 */
import type { Container, Pod, Probe } from '../../api/types/pod.js';
import type { Clock, TimerHandle } from '../../client/clock.js';
import type { ProbeKind } from './probe_outcome.js';

/** A published probe result; `undefined` is "not yet known" (startup's initial value). */
export type ProbeResult = 'success' | 'failure' | undefined;

/** The container instance a worker probes. */
export interface ContainerInstance {
  id: string;
  /** When it started, in `clock` milliseconds. */
  startedAtMs: number;
}

/** What a worker calls out to. */
export interface ProbeWorkerDeps {
  clock: Clock;
  /** Runs the probe once: its counted result, or `undefined` when it errored. */
  run(worker: ProbeWorker): Promise<'success' | 'failure' | undefined>;
  /** Whether the container's startup probe (if any) has succeeded. */
  started(worker: ProbeWorker): boolean;
  /** The published result changed through a probe (not through `restart`/`terminate`). */
  changed(worker: ProbeWorker): void;
}

/** Upstream's probe defaults (seconds and counts). */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
} as const;

/** The result a fresh container instance starts with: ready = false, live = true, started = unknown. */
export function initialResult(kind: ProbeKind): ProbeResult {
  return kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : undefined;
}

/** A probe worker; `start` it once, `restart` it for a new instance, `stop` it for good. */
export class ProbeWorker {
  /** The published result for the current instance. */
  result: ProbeResult;
  private lastResult: 'success' | 'failure' | undefined;
  private resultRun = 0;
  private onHold = false;
  private halted = false;
  private stopped = false;
  private timer: TimerHandle | undefined;
  private generation = 0;
  private inFlightGeneration = -1;
  /** The probe being run, if one is. */
  inFlight: Promise<void> | undefined;

  constructor(
    readonly kind: ProbeKind,
    public pod: Pod,
    public container: Container,
    readonly probe: Probe,
    private instance: ContainerInstance,
    private readonly deps: ProbeWorkerDeps,
  ) {
    this.result = initialResult(kind);
  }

  /** The id of the container instance being probed. */
  get containerId(): string {
    return this.instance.id;
  }

  private get firstProbeAtMs(): number {
    return this.instance.startedAtMs + (this.probe.initialDelaySeconds ?? 0) * 1000;
  }

  /**
   * Schedules the first probe `initialDelaySeconds` after the instance started, and no sooner
   * than `jitterMs` from now.
   */
  start(jitterMs = 0): void {
    this.schedule(Math.max(jitterMs, this.firstProbeAtMs - this.deps.clock.now(), 0));
  }

  /** The probe period in milliseconds. */
  get periodMs(): number {
    return (this.probe.periodSeconds || PROBE_DEFAULTS.periodSeconds) * 1000;
  }

  /** Probes a new container instance from scratch (results and counters reset, hold lifted). */
  restart(instance: ContainerInstance): void {
    this.instance = instance;
    this.generation++;
    this.result = initialResult(this.kind);
    this.lastResult = undefined;
    this.resultRun = 0;
    this.onHold = false;
    this.halted = false;
    if (!this.stopped) this.start();
  }

  /**
   * The pod is being deleted: liveness and startup count as succeeded (nothing is restarted
   * while it terminates), readiness as failed; no further probes run.
   */
  terminate(): void {
    if (this.halted) return;
    this.halted = true;
    this.generation++;
    this.timer?.cancel();
    this.result = this.kind === 'readiness' ? 'failure' : 'success';
  }

  /** Stops the worker for good; a probe in flight is discarded. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.timer?.cancel();
  }

  /** Runs a probe now (unless one is running, or the worker may not probe). */
  trigger(): void {
    void this.probeOnce();
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimer(
      () => {
        if (this.stopped || this.halted) return;
        this.schedule(this.periodMs);
        void this.probeOnce();
      },
      ms,
      { unref: true },
    );
  }

  private probeOnce(): Promise<void> {
    // A probe still running for a previous instance does not hold up the new one.
    if (
      (this.inFlight && this.inFlightGeneration === this.generation) ||
      this.stopped ||
      this.halted ||
      this.onHold
    )
      return Promise.resolve();
    if (this.deps.clock.now() < this.firstProbeAtMs) return Promise.resolve();
    if (this.kind === 'startup' ? this.result === 'success' : !this.deps.started(this))
      return Promise.resolve();
    const generation = this.generation;
    const p = this.deps
      .run(this)
      .then(
        (r) => {
          if (generation === this.generation && r !== undefined) this.record(r);
        },
        () => {},
      )
      .finally(() => {
        if (this.inFlight === p) this.inFlight = undefined;
      });
    this.inFlight = p;
    this.inFlightGeneration = generation;
    return p;
  }

  /** Counts a result and publishes it once its threshold is reached. */
  private record(r: 'success' | 'failure'): void {
    if (this.lastResult === r) this.resultRun++;
    else {
      this.lastResult = r;
      this.resultRun = 1;
    }
    const threshold =
      r === 'failure'
        ? this.probe.failureThreshold || PROBE_DEFAULTS.failureThreshold
        : this.probe.successThreshold || PROBE_DEFAULTS.successThreshold;
    if (this.resultRun < threshold) return;
    const changed = this.result !== r;
    this.result = r;
    if (r === 'failure' && this.kind !== 'readiness') {
      this.onHold = true;
      this.resultRun = 0;
    }
    if (changed) this.deps.changed(this);
  }
}
