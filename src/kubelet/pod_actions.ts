/**
 * What the kubelet must do to bring a pod's runtime state to its spec: upstream's
 * `computePodActions` (kuberuntime_manager.go) as a pure function. Whether the sandbox must be
 * (re)created, which init container runs next, which containers start and which are killed, and
 * whether the whole pod is done and its sandbox killed.
 */
import type { Container, Pod } from '../api/types/pod.js';
import type { PodSandboxStatus } from './cri/api.js';
import { containerHash } from './container_hash.js';
import type { RuntimeContainer, RuntimePodStatus } from './runtime_pod_status.js';
import { latestContainer } from './runtime_pod_status.js';

/** A container to kill, and why (for the Killing event). */
export interface ContainerToKill {
  container: RuntimeContainer;
  reason: string;
  message: string;
}

/** The plan of one sync. */
export interface PodActions {
  /** Stop every container and the sandbox (the pod is finished, or its sandbox must be rebuilt). */
  killPod: boolean;
  /** Create a new sandbox (after killing the old one when there is one). */
  createSandbox: boolean;
  /** The sandbox to use when not creating one. */
  sandboxId: string;
  /** The attempt number of the sandbox to create. */
  attempt: number;
  /** The init container to start next (none when init is done or not needed). */
  nextInitContainer?: Container;
  /** Regular containers to start, in spec order. */
  containersToStart: Container[];
  /** Running containers to kill (hash changed, liveness or startup failed). */
  containersToKill: ContainerToKill[];
  /** The init container that failed and will not be restarted (restartPolicy Never): the pod fails. */
  initFailed?: RuntimeContainer;
}

/** Probe results the plan depends on. */
export interface ProbeView {
  /** A liveness (or startup) probe failed for this container instance and it must be restarted. */
  mustRestart(containerId: string): string | undefined;
}

/** True when a pod's failed container is restarted under its restart policy. */
export function shouldRestartOnFailure(pod: Pod): boolean {
  return (pod.spec.restartPolicy ?? 'Always') !== 'Never';
}

/** Upstream's `ShouldContainerBeRestarted`: a not-running container is (re)started under the pod's policy. */
export function shouldContainerBeRestarted(
  container: Container,
  pod: Pod,
  status: RuntimePodStatus,
): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const last = latestContainer(status, container.name);
  if (!last || last.state === 'CONTAINER_UNKNOWN') return true;
  if (last.state === 'CONTAINER_RUNNING') return false;
  if (last.state === 'CONTAINER_CREATED') return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return last.exitCode !== 0;
  return true;
}

/** Whether the pod needs a new sandbox, and with which attempt number (upstream's `podSandboxChanged`). */
export function podSandboxChanged(
  pod: Pod,
  status: RuntimePodStatus,
): { changed: boolean; attempt: number; sandboxId: string } {
  const sandboxes = status.sandboxes;
  if (sandboxes.length === 0) return { changed: true, attempt: 0, sandboxId: '' };
  const latest = sandboxes[0]!;
  const ready = sandboxes.filter((s) => s.state === 'SANDBOX_READY');
  const next = latest.metadata.attempt + 1;
  if (ready.length > 1) return { changed: true, attempt: next, sandboxId: latest.id };
  if (latest.state !== 'SANDBOX_READY') return { changed: true, attempt: next, sandboxId: latest.id };
  if (sandboxNetworkChanged(pod, latest)) return { changed: true, attempt: next, sandboxId: latest.id };
  if (!pod.spec.hostNetwork && !latest.network?.ip)
    return { changed: true, attempt: next, sandboxId: latest.id };
  return { changed: false, attempt: latest.metadata.attempt, sandboxId: latest.id };
}

function sandboxNetworkChanged(pod: Pod, sb: PodSandboxStatus): boolean {
  const wantsHost = pod.spec.hostNetwork === true;
  const hasHost = sb.annotations?.['io.kubets.host-network'] === 'true';
  return wantsHost !== hasHost;
}

/** Computes the plan of one sync of `pod` from its runtime state. */
export function computePodActions(pod: Pod, status: RuntimePodStatus, probes: ProbeView): PodActions {
  const sb = podSandboxChanged(pod, status);
  const actions: PodActions = {
    killPod: sb.changed,
    createSandbox: sb.changed,
    sandboxId: sb.sandboxId,
    attempt: sb.attempt,
    containersToStart: [],
    containersToKill: [],
  };
  const inits = pod.spec.initContainers ?? [];

  if (sb.changed) {
    // A pod that ran to completion under restartPolicy Never does not get a new sandbox.
    if (!shouldRestartOnFailure(pod) && sb.attempt !== 0 && status.containers.length > 0) {
      actions.createSandbox = false;
      return actions;
    }
    if (pod.metadata.deletionTimestamp) {
      actions.createSandbox = false;
      return actions;
    }
    if (inits.length > 0) {
      actions.nextInitContainer = inits[0];
      return actions;
    }
    // Containers that already succeeded are not run again under OnFailure.
    actions.containersToStart = pod.spec.containers.filter((c) => {
      if ((pod.spec.restartPolicy ?? 'Always') !== 'OnFailure') return true;
      const last = latestContainer(status, c.name);
      return !(last && last.state === 'CONTAINER_EXITED' && last.exitCode === 0);
    });
    return actions;
  }

  if (pod.metadata.deletionTimestamp) {
    actions.killPod = true;
    return actions;
  }

  // Init containers run one at a time, in order, each to success.
  const init = initContainerProgress(pod, status);
  if (init.failed && !shouldRestartOnFailure(pod)) {
    actions.killPod = true;
    actions.initFailed = init.failed;
    return actions;
  }
  if (!init.done) {
    if (init.running) return actions;
    actions.nextInitContainer = init.next;
    return actions;
  }

  actions.containersToStart.push(...init.sidecarsToRestart);
  let keep = 0;
  for (const c of pod.spec.containers) {
    const last = latestContainer(status, c.name);
    if (!last || last.state !== 'CONTAINER_RUNNING') {
      if (shouldContainerBeRestarted(c, pod, status)) actions.containersToStart.push(c);
      continue;
    }
    if (last.hash && last.hash !== containerHash(c)) {
      actions.containersToStart.push(c);
      actions.containersToKill.push({
        container: last,
        reason: 'Killing',
        message: `Container ${c.name} definition changed, will be restarted`,
      });
      continue;
    }
    const failed = probes.mustRestart(last.id);
    if (failed !== undefined) {
      if (shouldRestartOnFailure(pod)) actions.containersToStart.push(c);
      actions.containersToKill.push({ container: last, reason: 'Killing', message: failed });
      continue;
    }
    keep++;
  }
  if (keep === 0 && actions.containersToStart.length === 0) actions.killPod = true;
  return actions;
}

/**
 * Where the init containers are: done, one running, the next to start, or one failed for good.
 * Native sidecars (init containers with restartPolicy Always) count as done once running; one
 * that stopped after the pod's init phase is listed in `sidecarsToRestart` without holding up the rest.
 */
export function initContainerProgress(
  pod: Pod,
  status: RuntimePodStatus,
): {
  done: boolean;
  running: boolean;
  next?: Container;
  failed?: RuntimeContainer;
  sidecarsToRestart: Container[];
} {
  const inits = pod.spec.initContainers ?? [];
  const sidecarsToRestart: Container[] = [];
  const initPhaseOver = pod.spec.containers.some((c) => latestContainer(status, c.name) !== undefined);
  for (const c of inits) {
    const last = latestContainer(status, c.name);
    if (c.restartPolicy === 'Always') {
      if (last?.state === 'CONTAINER_RUNNING') continue;
      if (initPhaseOver) {
        if (!pod.metadata.deletionTimestamp) sidecarsToRestart.push(c);
        continue;
      }
      return { done: false, running: false, next: c, sidecarsToRestart };
    }
    if (initPhaseOver && last?.state !== 'CONTAINER_RUNNING') continue;
    if (!last) return { done: false, running: false, next: c, sidecarsToRestart };
    if (last.state === 'CONTAINER_RUNNING') return { done: false, running: true, sidecarsToRestart };
    if (last.state === 'CONTAINER_EXITED' && last.exitCode === 0) continue;
    if (last.state === 'CONTAINER_EXITED')
      return { done: false, running: false, next: c, failed: last, sidecarsToRestart };
    return { done: false, running: false, next: c, sidecarsToRestart };
  }
  return { done: true, running: false, sidecarsToRestart };
}

/**
 * True when carrying out `a` changes the pod in the runtime (anything to kill, a sandbox to
 * create, a container to start); false for a pod already as it should be, whose runtime state
 * after the sync is the one it started from.
 */
export function actsOnRuntime(a: PodActions): boolean {
  return (
    a.killPod ||
    a.createSandbox ||
    a.nextInitContainer !== undefined ||
    a.containersToStart.length > 0 ||
    a.containersToKill.length > 0
  );
}
