/**
 * The kubelet server's view of the kubelet (`server/host.ts`): the pods the kubelet runs and
 * their containers and sandboxes in the runtime, with upstream's messages for a container log
 * that cannot be read (`validateContainerLogStatus`).
 */
import type { Pod } from '../api/types/pod.js';
import type { RuntimeService } from './cri/api.js';
import { latestContainer, previousContainer } from './runtime_pod_status.js';
import type { RuntimePodStatus } from './runtime_pod_status.js';
import type { ContainerLogSource, KubeletServerHost } from './server/host.js';
import { HostError } from './server/host.js';

/** What the host reads of the kubelet. */
export interface KubeletView {
  nodeName: string;
  pods(): Pod[];
  runtimeStatus(pod: Pod): Promise<RuntimePodStatus>;
}

/** The kubelet server host over a kubelet and its runtime. */
export function kubeletServerHost(kubelet: KubeletView, runtime: RuntimeService): KubeletServerHost {
  return {
    nodeName: kubelet.nodeName,
    runtime,
    listPods: () => kubelet.pods(),
    findPod(namespace, name, uid) {
      return kubelet
        .pods()
        .find(
          (p) =>
            (p.metadata.namespace ?? 'default') === namespace &&
            p.metadata.name === name &&
            (!uid || p.metadata.uid === uid),
        );
    },
    async sandboxId(pod) {
      const rt = await kubelet.runtimeStatus(pod);
      return rt.sandboxes.find((s) => s.state === 'SANDBOX_READY')?.id;
    },
    async runningContainerId(pod, name) {
      const rt = await kubelet.runtimeStatus(pod);
      const c = latestContainer(rt, name);
      return c?.state === 'CONTAINER_RUNNING' ? c.id : undefined;
    },
    async containerLog(pod, name, previous) {
      return containerLogSource(pod, await kubelet.runtimeStatus(pod), name, previous);
    },
  };
}

/**
 * Which log file `kubectl logs` reads: the previous instance with `previous`, else the newest;
 * rejects with upstream's message when there is none.
 */
export function containerLogSource(
  pod: Pod,
  rt: RuntimePodStatus,
  name: string,
  previous: boolean,
): ContainerLogSource {
  const podName = JSON.stringify(pod.metadata.name ?? '');
  const cName = JSON.stringify(name);
  const c = previous ? previousContainer(rt, name) : latestContainer(rt, name);
  if (!c) {
    if (previous)
      throw new HostError(400, `previous terminated container ${cName} in pod ${podName} not found`);
    const st = pod.status;
    const status = [
      ...(st?.containerStatuses ?? []),
      ...(st?.initContainerStatuses ?? []),
      ...(st?.ephemeralContainerStatuses ?? []),
    ].find((s) => s.name === name);
    const reason = status?.state?.waiting?.reason ?? (status ? '' : undefined);
    if (reason === undefined || status?.state?.terminated)
      throw new HostError(400, `container ${cName} in pod ${podName} is not available`);
    const why =
      reason === 'ErrImagePull'
        ? "image can't be pulled"
        : reason === 'ImagePullBackOff'
          ? 'trying and failing to pull image'
          : reason || 'ContainerCreating';
    throw new HostError(400, `container ${cName} in pod ${podName} is waiting to start: ${why}`);
  }
  if (!c.logPath) throw new HostError(400, `container ${cName} in pod ${podName} has no log file`);
  return { containerId: c.id, logPath: c.logPath, running: c.state === 'CONTAINER_RUNNING' };
}
