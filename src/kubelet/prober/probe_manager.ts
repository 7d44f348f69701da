/**
 * The kubelet's probe manager (upstream's prober `manager`): one `ProbeWorker` per pod, container
 * and probe kind for the running containers (app containers and native sidecars, i.e. init
 * containers with `restartPolicy: Always`), the readiness / started / must-restart answers the
 * kubelet builds pod status and actions from, and a `changed(uid)` call whenever a probe changes
 * one of them.
 */
import type { Container, Pod, Probe } from '../../api/types/pod.js';
import type { ProbeHooks } from '../kubelet_deps.js';
import type { KubeletProbes } from '../kubelet_deps.js';
import type { RuntimePodStatus } from '../runtime_pod_status.js';
import { latestContainer } from '../runtime_pod_status.js';
import type { ProbeKind } from './probe_outcome.js';
import { probeContainer } from './prober.js';
import { ProbeWorker } from './probe_worker.js';

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** The probe of `kind` a container declares, if any. */
export function containerProbe(container: Container, kind: ProbeKind): Probe | undefined {
  return kind === 'liveness'
    ? container.livenessProbe
    : kind === 'readiness'
      ? container.readinessProbe
      : container.startupProbe;
}

/** The containers of `pod` that are probed: its app containers and its native sidecars. */
export function probedContainers(pod: Pod): Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...sidecars, ...(pod.spec?.containers ?? [])];
}

/** The `Killing` message for a container whose liveness or startup probe failed (upstream's). */
export function mustRestartMessage(containerName: string, kind: ProbeKind): string {
  return `Container ${containerName} failed ${kind} probe, will be restarted`;
}

interface PodProbes {
  pod: Pod;
  podIp: string | undefined;
  /** Workers by `<container>/<kind>`. */
  workers: Map<string, ProbeWorker>;
}

/** Options of the probe manager beyond the kubelet's hooks. */
export interface ProbeManagerOptions {
  /**
   * Random numbers in [0, 1) for the first-probe jitter (default `Math.random`): probes of
   * containers that were already running when the manager started, within one period of that
   * start, first wait a random part of their period (upstream spreads probes out this way after a
   * kubelet restart).
   */
  random?: () => number;
}

/** The real `KubeletProbes`: probes containers through the runtime and the pod network. */
export class ProbeManager implements KubeletProbes {
  private readonly pods = new Map<string, PodProbes>();
  private readonly startedAtMs: number;
  private readonly random: () => number;

  constructor(
    private readonly hooks: ProbeHooks,
    opts: ProbeManagerOptions = {},
  ) {
    this.startedAtMs = hooks.clock.now();
    this.random = opts.random ?? Math.random;
  }

  /**
   * Starts a worker for every probe of every running probed container of `pod`, restarts the
   * workers whose container has a new instance, stops those whose container is gone or not
   * running, and (pod being deleted) settles liveness/startup as passed and readiness as failed.
   * Result changes made here are not reported through `changed`: the caller reads them next.
   */
  sync(pod: Pod, rt: RuntimePodStatus): void {
    const uid = pod.metadata.uid ?? rt.uid;
    let entry = this.pods.get(uid);
    if (!entry) {
      entry = { pod, podIp: undefined, workers: new Map() };
      this.pods.set(uid, entry);
    }
    const podProbes = entry;
    podProbes.pod = pod;
    podProbes.podIp = rt.sandboxes[0]?.network?.ip || undefined;
    const deleting = !!pod.metadata.deletionTimestamp;
    const wanted = new Set<string>();
    for (const container of probedContainers(pod)) {
      const rc = latestContainer(rt, container.name);
      if (!rc || rc.state !== 'CONTAINER_RUNNING') continue;
      const instance = {
        id: rc.id,
        startedAtMs: rc.startedAt > 0 ? Math.floor(rc.startedAt / 1e6) : this.hooks.clock.now(),
      };
      for (const kind of KINDS) {
        const probe = containerProbe(container, kind);
        if (!probe) continue;
        const key = `${container.name}/${kind}`;
        wanted.add(key);
        let worker = podProbes.workers.get(key);
        if (!worker) {
          worker = new ProbeWorker(kind, pod, container, probe, instance, {
            clock: this.hooks.clock,
            run: (w) =>
              probeContainer(
                w.kind,
                w.probe,
                { pod: w.pod, container: w.container, containerId: w.containerId, podIp: podProbes.podIp },
                this.hooks,
              ),
            started: (w) => this.isStarted(uid, w.container.name),
            changed: (w) => this.onChanged(uid, w),
          });
          podProbes.workers.set(key, worker);
          worker.start(this.firstProbeJitterMs(instance.startedAtMs, worker.periodMs));
        } else if (worker.containerId !== rc.id) {
          worker.restart(instance);
        }
        worker.pod = pod;
        worker.container = container;
        if (deleting) worker.terminate();
      }
    }
    for (const [key, worker] of podProbes.workers) {
      if (wanted.has(key)) continue;
      worker.stop();
      podProbes.workers.delete(key);
    }
    if (podProbes.workers.size === 0) this.pods.delete(uid);
  }

  /** Ready: started, and no readiness probe or its `successThreshold` reached and not failed since. */
  isReady(podUid: string, containerName: string): boolean {
    if (!this.isStarted(podUid, containerName)) return false;
    const w = this.pods.get(podUid)?.workers.get(`${containerName}/readiness`);
    return !w || w.result === 'success';
  }

  /** Started: no startup probe, or it succeeded. */
  isStarted(podUid: string, containerName: string): boolean {
    const w = this.pods.get(podUid)?.workers.get(`${containerName}/startup`);
    return !w || w.result === 'success';
  }

  /** The `Killing` message when the liveness or startup probe of this instance failed. */
  mustRestart(containerId: string): string | undefined {
    for (const entry of this.pods.values())
      for (const w of entry.workers.values())
        if (w.kind !== 'readiness' && w.containerId === containerId && w.result === 'failure')
          return mustRestartMessage(w.container.name, w.kind);
    return undefined;
  }

  /** Stops every worker of the pod and forgets its results. */
  removePod(podUid: string): void {
    const entry = this.pods.get(podUid);
    if (!entry) return;
    for (const w of entry.workers.values()) w.stop();
    this.pods.delete(podUid);
  }

  /** Resolves once no probe is running (probes that finish may start others). For tests. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.pods.values()].flatMap((e) =>
        [...e.workers.values()].map((w) => w.inFlight).filter((p) => p !== undefined),
      );
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Upstream's jitter after a (kubelet) restart, for containers that were already running then. */
  private firstProbeJitterMs(containerStartedAtMs: number, periodMs: number): number {
    const sinceStart = this.hooks.clock.now() - this.startedAtMs;
    if (containerStartedAtMs >= this.startedAtMs || sinceStart >= periodMs) return 0;
    return Math.floor(this.random() * periodMs);
  }

  private onChanged(uid: string, worker: ProbeWorker): void {
    this.hooks.log.debug(
      {
        pod: worker.pod.metadata.name,
        container: worker.container.name,
        probe: worker.kind,
        result: worker.result,
      },
      'probe result changed',
    );
    // Upstream triggers the readiness probe as soon as the container counts as started.
    if (worker.kind === 'startup' && worker.result === 'success')
      this.pods.get(uid)?.workers.get(`${worker.container.name}/readiness`)?.trigger();
    this.hooks.changed(uid);
  }
}

/** Builds the kubelet's probe manager (the `probes` factory of `KubeletOptions`). */
export function newProbeManager(hooks: ProbeHooks, opts?: ProbeManagerOptions): ProbeManager {
  return new ProbeManager(hooks, opts);
}
