/**
 * Carrying out one sync of a pod against the runtime (upstream's `kubeGenericRuntimeManager
 * .SyncPod` and `KillPod`): kill what must go, (re)create the sandbox, start the next init
 * container or the app containers — each behind the restart back-off, with its image pulled,
 * its env and mounts built and its postStart hook run — and record upstream's events. Returns the
 * waiting reasons to show in the status and when to sync again.
 */
import type { Logger } from 'pino';
import type { Secret } from '../api/types/cluster.js';
import type { Container, Pod } from '../api/types/pod.js';
import type { Service } from '../api/types/service.js';
import type { Clock } from '../client/clock.js';
import type { KeyValue, Mount, PodSandboxConfig, RuntimeService } from './cri/api.js';
import { containerConfig } from './container_config.js';
import type { EnvSources } from './container_env.js';
import { ContainerConfigError, containerEnv } from './container_env.js';
import type { CrashBackoff } from './crash_backoff.js';
import type { ImagePuller, PodEventSink } from './image_puller.js';
import { ImagePullError } from './image_puller.js';
import { runLifecycleHook } from './lifecycle_hooks.js';
import type { PodActions, ProbeView } from './pod_actions.js';
import { computePodActions } from './pod_actions.js';
import type { WaitingReason } from './pod_status.js';
import type { RuntimeContainer, RuntimePodStatus } from './runtime_pod_status.js';
import { latestContainer } from './runtime_pod_status.js';
import type { SandboxContext } from './sandbox_config.js';
import { podSandboxConfig } from './sandbox_config.js';
import { podServiceEnv } from './service_env.js';

/** A pod's volumes as the sync needs them. */
export interface PodVolumeSetup {
  /** The host path of each volume, by volume name. */
  paths: Map<string, string>;
  /** The CRI mounts of `container` (its volumeMounts, /etc/hosts, the termination-message file). */
  mounts(container: Container, env: KeyValue[], podIPs: string[]): Mount[];
}

/** What a sync uses. */
export interface PodSyncDeps {
  runtime: RuntimeService;
  puller: ImagePuller;
  backoff: CrashBackoff;
  probes: ProbeView;
  clock: Clock;
  log: Logger;
  event: PodEventSink;
  sandbox: SandboxContext;
  envSources: EnvSources;
  services(): Service[];
  pullSecrets(pod: Pod): Secret[];
  memoryCapacity: number;
}

/** The outcome of a sync. */
export interface PodSyncResult {
  actions: PodActions;
  /** Why containers could not start, by container name. */
  waiting: Map<string, WaitingReason>;
  /** Sync again after this long (a back-off ends); undefined: only on change. */
  requeueAfterMs?: number;
}

/** The stable back-off key of a container of a pod (upstream's `getStableKey`). */
export function backoffKey(pod: Pod, container: Container): string {
  return `${pod.metadata.uid}/${pod.metadata.name}_${pod.metadata.namespace}_${container.name}`;
}

function podDesc(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The grace period to stop `pod`'s containers with. */
export function podGracePeriodSeconds(pod: Pod): number {
  if (pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds !== undefined)
    return pod.metadata.deletionGracePeriodSeconds;
  return pod.spec.terminationGracePeriodSeconds ?? 30;
}

/** Stops one container: preStop hook first, then SIGTERM and SIGKILL after what is left of the grace period. */
export async function killContainer(
  deps: Pick<PodSyncDeps, 'runtime' | 'event' | 'clock' | 'log'>,
  pod: Pod,
  c: RuntimeContainer,
  graceSeconds: number,
  message: string,
  podIP: string | undefined,
): Promise<void> {
  const spec = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((s) => s.name === c.name);
  deps.event(pod, 'Normal', 'Killing', message);
  const start = deps.clock.now();
  const preStop = spec?.lifecycle?.preStop;
  if (preStop && spec && c.state === 'CONTAINER_RUNNING' && graceSeconds > 0) {
    const err = await runLifecycleHook(deps.runtime, preStop, spec, c.id, podIP, graceSeconds * 1000);
    if (err) deps.event(pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${err}`);
  }
  const left = Math.max(
    graceSeconds > 0 ? 2 : 0,
    graceSeconds - Math.floor((deps.clock.now() - start) / 1000),
  );
  await deps.runtime.stopContainer(c.id, left).catch((err: unknown) => {
    deps.log.warn(
      { err: errText(err), container: c.name, pod: pod.metadata.name },
      'stopping container failed',
    );
  });
}

/** Stops every running container of the pod (in parallel) and then its sandboxes. */
export async function killPod(
  deps: Pick<PodSyncDeps, 'runtime' | 'event' | 'clock' | 'log'>,
  pod: Pod,
  rt: RuntimePodStatus,
  graceSeconds: number,
): Promise<void> {
  const running = rt.containers.filter(
    (c) => c.state === 'CONTAINER_RUNNING' || c.state === 'CONTAINER_CREATED',
  );
  const podIP = rt.sandboxes[0]?.network?.ip;
  await Promise.all(
    running.map((c) => killContainer(deps, pod, c, graceSeconds, `Stopping container ${c.name}`, podIP)),
  );
  for (const sb of rt.sandboxes) {
    if (sb.state !== 'SANDBOX_READY') continue;
    await deps.runtime.stopPodSandbox(sb.id).catch((err: unknown) => {
      deps.log.warn({ err: errText(err), pod: pod.metadata.name }, 'stopping sandbox failed');
    });
  }
}

/** Runs one sync of `pod`, whose volumes are set up, from its runtime state `rt`. */
export async function syncPod(
  deps: PodSyncDeps,
  pod: Pod,
  rt: RuntimePodStatus,
  volumes: PodVolumeSetup | undefined,
): Promise<PodSyncResult> {
  const actions = computePodActions(pod, rt, deps.probes);
  const waiting = new Map<string, WaitingReason>();
  const result: PodSyncResult = { actions, waiting };

  if (actions.killPod) {
    if (actions.createSandbox && rt.sandboxes.length > 0)
      deps.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    await killPod(deps, pod, rt, podGracePeriodSeconds(pod));
    if (!actions.createSandbox) return result;
  } else {
    const podIP = rt.sandboxes[0]?.network?.ip;
    for (const k of actions.containersToKill) {
      const spec = pod.spec.containers.find((c) => c.name === k.container.name);
      const probeGrace = spec?.livenessProbe?.terminationGracePeriodSeconds;
      await killContainer(deps, pod, k.container, probeGrace ?? podGracePeriodSeconds(pod), k.message, podIP);
    }
  }
  if (!volumes) return result;

  let sandboxId = actions.sandboxId;
  const sandboxConfig = podSandboxConfig(pod, actions.attempt, deps.sandbox);
  let podIPs: string[] = [];
  if (actions.createSandbox) {
    try {
      sandboxId = await deps.runtime.runPodSandbox(sandboxConfig, pod.spec.runtimeClassName);
    } catch (err) {
      const msg = `Failed to create pod sandbox: ${errText(err)}`;
      deps.event(pod, 'Warning', 'FailedCreatePodSandBox', msg);
      result.requeueAfterMs = 2000;
      return result;
    }
  }
  if (!pod.spec.hostNetwork) {
    const status = await deps.runtime.podSandboxStatus(sandboxId).catch(() => undefined);
    if (status?.network?.ip)
      podIPs = [status.network.ip, ...(status.network.additionalIps ?? []).map((i) => i.ip)];
  }

  const toStart: Container[] = actions.nextInitContainer
    ? [actions.nextInitContainer]
    : actions.containersToStart;
  for (const c of toStart) {
    const after = await startContainer(deps, pod, rt, c, sandboxId, sandboxConfig, volumes, podIPs, waiting);
    if (after !== undefined) result.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, after);
    // Init containers and sidecars start one at a time.
    if (actions.nextInitContainer) break;
  }
  return result;
}

/** Starts one container; returns a requeue delay when it is backing off, undefined otherwise. */
async function startContainer(
  deps: PodSyncDeps,
  pod: Pod,
  rt: RuntimePodStatus,
  c: Container,
  sandboxId: string,
  sandboxConfig: PodSandboxConfig,
  volumes: PodVolumeSetup,
  podIPs: string[],
  waiting: Map<string, WaitingReason>,
): Promise<number | undefined> {
  const last = latestContainer(rt, c.name);
  const key = backoffKey(pod, c);
  if (last && last.state === 'CONTAINER_EXITED') {
    const finished = last.finishedAt ? last.finishedAt / 1e6 : deps.clock.now();
    if (deps.backoff.isInBackOffSince(key, finished)) {
      const b = deps.backoff.get(key);
      waiting.set(c.name, {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(b / 1000)}s restarting failed container=${c.name} pod=${podDesc(pod)}`,
      });
      deps.event(
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${podDesc(pod)}`,
      );
      return deps.backoff.remainingMs(key, finished) + 10;
    }
    deps.backoff.next(key, finished);
  }
  const restartCount = last ? last.restartCount + 1 : 0;

  let imageRef: string;
  try {
    imageRef = await deps.puller.ensureImage(pod, c, deps.pullSecrets(pod), sandboxConfig);
  } catch (err) {
    if (err instanceof ImagePullError) {
      waiting.set(c.name, { reason: err.reason, message: err.message });
      return err.reason === 'ImagePullBackOff' || err.reason === 'ErrImagePull' ? 2000 : undefined;
    }
    throw err;
  }

  let env: KeyValue[];
  try {
    env = containerEnv(pod, c, deps.envSources, podServiceEnv(pod, deps.services()));
  } catch (err) {
    if (!(err instanceof ContainerConfigError)) throw err;
    waiting.set(c.name, { reason: 'CreateContainerConfigError', message: err.message });
    deps.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
    return 5000;
  }

  let id: string;
  try {
    const config = containerConfig(pod, c, {
      restartCount,
      imageRef,
      env,
      mounts: volumes.mounts(c, env, podIPs),
      namespaceOptions: sandboxConfig.linux!.securityContext!.namespaceOptions!,
      memoryCapacity: deps.memoryCapacity,
    });
    id = await deps.runtime.createContainer(sandboxId, config, sandboxConfig);
  } catch (err) {
    const msg = errText(err);
    waiting.set(c.name, { reason: 'CreateContainerError', message: msg });
    deps.event(pod, 'Warning', 'Failed', `Error: ${msg}`);
    return 5000;
  }
  deps.event(pod, 'Normal', 'Created', `Created container ${c.name}`);
  try {
    await deps.runtime.startContainer(id);
  } catch (err) {
    const msg = errText(err);
    waiting.set(c.name, { reason: 'RunContainerError', message: msg });
    deps.event(pod, 'Warning', 'Failed', `Error: ${msg}`);
    return 5000;
  }
  deps.event(pod, 'Normal', 'Started', `Started container ${c.name}`);

  const postStart = c.lifecycle?.postStart;
  if (postStart) {
    const err = await runLifecycleHook(deps.runtime, postStart, c, id, podIPs[0], 30_000);
    if (err) {
      deps.event(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${err}`);
      await deps.runtime.stopContainer(id, podGracePeriodSeconds(pod)).catch(() => undefined);
    }
  }
  return undefined;
}

/**
 * Removes what a pod no longer needs from the runtime: exited containers older than the newest
 * two instances of each (the previous one is kept for `logs --previous`), and stopped sandboxes
 * other than the newest. With `all`, everything of the pod (it is gone from the API).
 */
export async function garbageCollectPod(
  runtime: RuntimeService,
  rt: RuntimePodStatus,
  all: boolean,
): Promise<void> {
  const seen = new Map<string, number>();
  for (const c of rt.containers) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    if (c.state === 'CONTAINER_RUNNING') continue;
    if (all || n > 2) await runtime.removeContainer(c.id).catch(() => undefined);
  }
  for (const [i, sb] of rt.sandboxes.entries()) {
    if (!all && (i === 0 || sb.state === 'SANDBOX_READY')) continue;
    await runtime.stopPodSandbox(sb.id).catch(() => undefined);
    await runtime.removePodSandbox(sb.id).catch(() => undefined);
  }
}
