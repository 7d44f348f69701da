/**
 * The API status of a pod from its runtime state (upstream's `generateAPIPodStatus`,
 * `getPhase` and the condition generators): phase, the PodReadyToStartContainers, Initialized,
 * ContainersReady and Ready conditions, container statuses with upstream's states and reasons
 * (ContainerCreating, PodInitializing, CrashLoopBackOff, Completed, Error, OOMKilled, …), restart
 * counts, ids, pod and host IPs, and the start time. Pure: time and probe results come in.
 */
import { nowTimestamp } from '../api/object.js';
import type {
  Container,
  ContainerState,
  ContainerStatus,
  Pod,
  PodCondition,
  PodStatus,
} from '../api/types/pod.js';
import { initContainerProgress } from './pod_actions.js';
import type { RuntimeContainer, RuntimePodStatus } from './runtime_pod_status.js';

/** Why a container is waiting, when the last sync could not start it. */
export interface WaitingReason {
  reason: string;
  message: string;
}

/** What the status depends on besides the pod and its runtime state. */
export interface PodStatusInput {
  /** Runtime name for container ids (`containerd://…`). */
  runtimeName: string;
  hostIPs: string[];
  nowMs: number;
  isReady(containerName: string): boolean;
  isStarted(containerName: string): boolean;
  /** Waiting reasons from the last sync (image pull errors, back-off, config errors), by container name. */
  waiting: Map<string, WaitingReason>;
  /** The pod is being stopped for good (deleted, or evicted): report a terminal phase once nothing runs. */
  terminal?: boolean;
}

function ts(ns: number): string {
  return nowTimestamp(new Date(Math.floor(ns / 1e6)));
}

function terminatedState(c: RuntimeContainer, runtimeName: string): ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      message: c.message || undefined,
      startedAt: c.startedAt ? ts(c.startedAt) : undefined,
      finishedAt: c.finishedAt ? ts(c.finishedAt) : undefined,
      containerID: `${runtimeName}://${c.id}`,
    },
  };
}

function imageName(c: RuntimeContainer | undefined, spec: Container): string {
  const img = c?.image?.image;
  if (!img || img.startsWith('sha256:')) return spec.image ?? '';
  return img;
}

/** The status of one container, from its newest two instances. */
export function containerStatusOf(
  spec: Container,
  rt: RuntimePodStatus,
  input: PodStatusInput,
  defaultWaiting: string,
): ContainerStatus {
  const instances = rt.containers.filter((c) => c.name === spec.name);
  const latest = instances[0];
  const previous = instances[1];
  const waiting = input.waiting.get(spec.name);
  const status: ContainerStatus = {
    name: spec.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: latest?.restartCount ?? 0,
    image: imageName(latest, spec),
    imageID: latest?.imageRef ?? '',
    started: false,
  };
  if (latest) status.containerID = `${input.runtimeName}://${latest.id}`;
  if (!latest) {
    status.state = { waiting: waiting ?? { reason: defaultWaiting } };
    return status;
  }
  switch (latest.state) {
    case 'CONTAINER_RUNNING':
      status.state = { running: { startedAt: ts(latest.startedAt || latest.createdAt) } };
      status.ready = input.isReady(spec.name);
      status.started = input.isStarted(spec.name);
      if (previous && previous.state === 'CONTAINER_EXITED')
        status.lastState = terminatedState(previous, input.runtimeName);
      break;
    case 'CONTAINER_EXITED':
      if (waiting) {
        status.state = { waiting };
        status.lastState = terminatedState(latest, input.runtimeName);
      } else {
        status.state = terminatedState(latest, input.runtimeName);
        if (previous && previous.state === 'CONTAINER_EXITED')
          status.lastState = terminatedState(previous, input.runtimeName);
      }
      break;
    default:
      status.state = { waiting: waiting ?? { reason: 'ContainerCreating' } };
      if (previous && previous.state === 'CONTAINER_EXITED')
        status.lastState = terminatedState(previous, input.runtimeName);
  }
  return status;
}

/** upstream's `getPhase` over the container statuses. */
export function podPhase(
  pod: Pod,
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  terminal: boolean,
): NonNullable<PodStatus['phase']> {
  const policy = pod.spec.restartPolicy ?? 'Always';
  let pendingInit = false;
  for (const [i, s] of initStatuses.entries()) {
    const spec = pod.spec.initContainers?.[i];
    if (spec?.restartPolicy === 'Always') {
      if (!s.state?.running && !s.lastState?.terminated) pendingInit = true;
      continue;
    }
    const t = s.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t && t.exitCode !== 0 && policy === 'Never') return 'Failed';
    if (s.state?.waiting && s.lastState?.terminated && policy === 'Never') return 'Failed';
    pendingInit = true;
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        stopped++;
        if (s.lastState.terminated.exitCode === 0) succeeded++;
      } else waiting++;
    } else waiting++;
  }
  if (pendingInit && running === 0 && stopped === 0 && !terminal) return 'Pending';
  if (waiting > 0 && !terminal) return 'Pending';
  if (running > 0 && !terminal) return 'Running';
  if (running === 0 && stopped > 0) {
    if (terminal || policy === 'Never') return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return 'Running';
  }
  if (terminal) return statuses.length > 0 && stopped === succeeded && stopped > 0 ? 'Succeeded' : 'Failed';
  return 'Pending';
}

function condition(
  old: PodCondition[] | undefined,
  type: string,
  ok: boolean,
  nowMs: number,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const prev = old?.find((c) => c.type === type);
  const lastTransitionTime =
    prev && prev.status === status && prev.lastTransitionTime
      ? prev.lastTransitionTime
      : nowTimestamp(new Date(nowMs));
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** The pod's new status; fields the kubelet does not own (PodScheduled, nominatedNodeName, qosClass) are kept. */
export function generatePodStatus(pod: Pod, rt: RuntimePodStatus, input: PodStatusInput): PodStatus {
  const old = pod.status ?? {};
  const init = initContainerProgress(pod, rt);
  const initStatuses = (pod.spec.initContainers ?? []).map((c) =>
    containerStatusOf(c, rt, input, 'PodInitializing'),
  );
  const statuses = pod.spec.containers.map((c) =>
    containerStatusOf(
      c,
      rt,
      input,
      init.done || (pod.spec.initContainers ?? []).length === 0 ? 'ContainerCreating' : 'PodInitializing',
    ),
  );
  const sandbox = rt.sandboxes[0];
  const sandboxReady =
    !!sandbox && sandbox.state === 'SANDBOX_READY' && (!!pod.spec.hostNetwork || !!sandbox.network?.ip);
  const phase = podPhase(
    pod,
    initStatuses,
    statuses,
    input.terminal === true && !statuses.some((s) => s.state?.running),
  );
  const terminalPhase = phase === 'Succeeded' || phase === 'Failed';

  const incompleteInit = (pod.spec.initContainers ?? [])
    .filter((c, i) => {
      const s = initStatuses[i]!;
      if (c.restartPolicy === 'Always') return !(s.state?.running && s.started !== false);
      return !(s.state?.terminated?.exitCode === 0);
    })
    .map((c) => c.name);
  const initialized =
    init.done ||
    incompleteInit.length === 0 ||
    statuses.some((s) => s.state?.running || s.lastState?.terminated);
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const containersReady = unready.length === 0 && !terminalPhase;
  const notReadyReason = terminalPhase ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminalPhase
    ? undefined
    : `containers with unready status: [${unready.join(' ')}]`;

  const oldConds = old.conditions;
  const conditions: PodCondition[] = [
    condition(oldConds, 'PodReadyToStartContainers', sandboxReady, input.nowMs),
    condition(
      oldConds,
      'Initialized',
      initialized,
      input.nowMs,
      'ContainersNotInitialized',
      `containers with incomplete status: [${incompleteInit.join(' ')}]`,
    ),
    condition(oldConds, 'Ready', containersReady, input.nowMs, notReadyReason, notReadyMessage),
    condition(oldConds, 'ContainersReady', containersReady, input.nowMs, notReadyReason, notReadyMessage),
  ];
  if (phase === 'Succeeded') {
    // upstream: a succeeded pod is Initialized, with reason PodCompleted.
    conditions[1] = { ...condition(oldConds, 'Initialized', true, input.nowMs), reason: 'PodCompleted' };
  }
  for (const c of oldConds ?? []) {
    if (!conditions.some((n) => n.type === c.type)) conditions.push(c);
  }

  const hostIP = input.hostIPs[0];
  const podIPs = pod.spec.hostNetwork
    ? input.hostIPs
    : sandbox?.network?.ip
      ? [sandbox.network.ip, ...(sandbox.network.additionalIps ?? []).map((i) => i.ip)]
      : (old.podIPs ?? []).map((p) => p.ip);
  const status: PodStatus = {
    ...old,
    phase,
    conditions,
    hostIP,
    hostIPs: input.hostIPs.map((ip) => ({ ip })),
    startTime: old.startTime ?? nowTimestamp(new Date(input.nowMs)),
    containerStatuses: statuses,
  };
  if (podIPs.length > 0) {
    status.podIP = podIPs[0];
    status.podIPs = podIPs.map((ip) => ({ ip }));
  }
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  return status;
}
