/**
 * What the runtime knows of one pod: its sandboxes and its containers (every attempt still
 * present, newest first), read back through the CRI by the labels the kubelet put on them. The
 * kubelet's decisions (`pod_actions.ts`) and the API status (`pod_status.ts`) are computed from it.
 */
import type { ContainerStatus, PodSandboxStatus, RuntimeService } from './cri/api.js';
import fs from 'node:fs';
import { CriLabel, identityFromLabels } from './labels.js';
import { parseCriLogLine } from './logs/cri_log_line.js';
import { getTerminationMessage, MAX_TERMINATION_MESSAGE_LENGTH } from './volume/termination_message.js';

/** One container instance as the runtime reports it, with the kubelet's annotations decoded. */
export interface RuntimeContainer extends ContainerStatus {
  /** The container's name in the pod spec. */
  name: string;
  /** Which restart of the container this instance is (0 for the first). */
  restartCount: number;
  /** Hash of the container spec it was created from. */
  hash: string;
  podSandboxId: string;
}

/** A pod's state in the runtime. */
export interface RuntimePodStatus {
  uid: string;
  name: string;
  namespace: string;
  /** Sandboxes, newest first. */
  sandboxes: PodSandboxStatus[];
  /** Container instances, newest first. */
  containers: RuntimeContainer[];
}

/** The newest instance of the named container, if any. */
export function latestContainer(status: RuntimePodStatus, name: string): RuntimeContainer | undefined {
  return status.containers.find((c) => c.name === name);
}

/** The instance before the newest one of the named container (for `logs --previous`). */
export function previousContainer(status: RuntimePodStatus, name: string): RuntimeContainer | undefined {
  return status.containers.filter((c) => c.name === name)[1];
}

/** Decodes a CRI container status into a `RuntimeContainer` (undefined if it is not ours). */
export function toRuntimeContainer(s: ContainerStatus, podSandboxId: string): RuntimeContainer | undefined {
  const id = identityFromLabels(s.labels);
  if (!id?.containerName) return undefined;
  const restart = Number(s.annotations?.[CriLabel.restartCount] ?? '0');
  return {
    ...s,
    message: s.state === 'CONTAINER_EXITED' && !s.message ? terminationMessage(s) : s.message,
    name: id.containerName,
    restartCount: Number.isFinite(restart) ? restart : 0,
    hash: s.annotations?.[CriLabel.containerHash] ?? '',
    podSandboxId,
  };
}

/** Reads a pod's state from the runtime: every sandbox and container labelled with its uid. */
export async function readRuntimePodStatus(
  runtime: RuntimeService,
  pod: { uid: string; name: string; namespace: string },
): Promise<RuntimePodStatus> {
  const selector = { [CriLabel.podUid]: pod.uid };
  const [sandboxes, containers] = await Promise.all([
    runtime.listPodSandbox({ labelSelector: selector }),
    runtime.listContainers({ labelSelector: selector }),
  ]);
  const sbStatuses = (
    await Promise.all(sandboxes.map((s) => runtime.podSandboxStatus(s.id).catch(() => undefined)))
  ).filter((s): s is PodSandboxStatus => s !== undefined);
  sbStatuses.sort((a, b) => b.createdAt - a.createdAt);
  const cStatuses = await Promise.all(
    containers.map(async (c) => {
      const s = await runtime.containerStatus(c.id).catch(() => undefined);
      return s ? toRuntimeContainer(s, c.podSandboxId) : undefined;
    }),
  );
  const list = cStatuses.filter((c): c is RuntimeContainer => c !== undefined);
  list.sort((a, b) => b.createdAt - a.createdAt);
  return { ...pod, sandboxes: sbStatuses, containers: list };
}

/** Lines of the log upstream uses as the message of a failed container under FallbackToLogsOnError. */
const FALLBACK_LOG_LINES = 80;

/**
 * Upstream's termination message of an exited container: the file it wrote at its
 * terminationMessagePath, or under `FallbackToLogsOnError` and a non-zero exit with no file
 * content, the end of its log (at most 80 lines, 4096 bytes).
 */
function terminationMessage(s: ContainerStatus): string | undefined {
  const path = s.annotations?.[CriLabel.terminationMessagePath];
  const fallback =
    s.annotations?.[CriLabel.terminationMessagePolicy] === 'FallbackToLogsOnError' && (s.exitCode ?? 0) !== 0;
  const { message, fallbackToLogs } = getTerminationMessage(s.mounts, path, fallback);
  if (message) return message;
  if (fallbackToLogs && s.logPath) return logTail(s.logPath);
  return undefined;
}

function logTail(file: string): string | undefined {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  // Partial entries join the next one; lines are counted after joining.
  let out = '';
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const entry = parseCriLogLine(Buffer.from(raw));
    if (!entry) continue;
    out += entry.content.toString('utf8').replace(/\n$/, '');
    if (!entry.partial) {
      lines.push(out);
      out = '';
    }
  }
  const tail = lines.slice(-FALLBACK_LOG_LINES).join('\n');
  const msg = Buffer.from(tail);
  return msg.length > MAX_TERMINATION_MESSAGE_LENGTH
    ? msg.subarray(msg.length - MAX_TERMINATION_MESSAGE_LENGTH).toString('utf8')
    : tail || undefined;
}

/**
 * What the relist compares to notice a change of a pod in the runtime: the id and state of each
 * of its sandboxes and containers, in any order. A sync records the signature of the state it
 * ended with, so the relist asks for a sync only when the runtime moved on from what the kubelet
 * last saw — not for the kubelet's own sandbox and container starts coming back.
 */
export function runtimeSignature(items: readonly { id: string; state: string }[]): string {
  return items
    .map((i) => `${i.id}:${i.state}`)
    .sort()
    .join(',');
}

/** The `runtimeSignature` of a pod's state as `readRuntimePodStatus` returns it. */
export function podRuntimeSignature(status: RuntimePodStatus): string {
  return runtimeSignature([...status.sandboxes, ...status.containers]);
}
