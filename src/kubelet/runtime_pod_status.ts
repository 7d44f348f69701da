/**
 * What the runtime knows of one pod: its sandboxes and its containers (every attempt still
 * present, newest first), read back through the CRI by the labels the kubelet put on them. The
 * kubelet's decisions (`pod_actions.ts`) and the API status (`pod_status.ts`) are computed from it.
 */
import type { ContainerStatus, PodSandboxStatus, RuntimeService } from './cri/api.js';
import { CriLabel, identityFromLabels } from './labels.js';

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
