/**
 * The labels and annotations the kubelet puts on the sandboxes and containers it creates, with
 * upstream's keys, so that a restarted kubelet (or `crictl`) can tell which pod and container
 * each belongs to, and the readers that get them back.
 */
import type { Container, Pod } from '../api/types/pod.js';

/** Upstream's label and annotation keys. */
export const CriLabel = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
  containerType: 'io.kubernetes.container.type',
  containerHash: 'io.kubernetes.container.hash',
  restartCount: 'io.kubernetes.container.restartCount',
  terminationMessagePath: 'io.kubernetes.container.terminationMessagePath',
  terminationMessagePolicy: 'io.kubernetes.container.terminationMessagePolicy',
  terminationGracePeriod: 'io.kubernetes.pod.terminationGracePeriod',
  /** The kubelet's own marker that it created the object (upstream: `io.kubernetes.docker.type`-like). */
  managedBy: 'io.kubets.managed-by',
} as const;

/** The value of `managedBy` on everything this kubelet creates. */
export const MANAGED_BY = 'kubets-kubelet';

/** Labels of a pod's sandbox: the pod's own labels plus the identifying ones. */
export function sandboxLabels(pod: Pod): Record<string, string> {
  return {
    ...(pod.metadata.labels ?? {}),
    [CriLabel.podName]: pod.metadata.name ?? '',
    [CriLabel.podNamespace]: pod.metadata.namespace ?? 'default',
    [CriLabel.podUid]: pod.metadata.uid ?? '',
    [CriLabel.managedBy]: MANAGED_BY,
  };
}

/** Labels of a container: which pod and which container of it. */
export function containerLabels(pod: Pod, container: Container): Record<string, string> {
  return {
    [CriLabel.podName]: pod.metadata.name ?? '',
    [CriLabel.podNamespace]: pod.metadata.namespace ?? 'default',
    [CriLabel.podUid]: pod.metadata.uid ?? '',
    [CriLabel.containerName]: container.name,
    [CriLabel.managedBy]: MANAGED_BY,
  };
}

/** The identity a sandbox's or container's labels carry. */
export interface LabelledIdentity {
  podUid: string;
  podName: string;
  podNamespace: string;
  containerName?: string;
}

/** Reads the identity back from labels; undefined for objects this kubelet did not create. */
export function identityFromLabels(labels: Record<string, string> | undefined): LabelledIdentity | undefined {
  if (!labels || labels[CriLabel.managedBy] !== MANAGED_BY) return undefined;
  const podUid = labels[CriLabel.podUid];
  if (!podUid) return undefined;
  return {
    podUid,
    podName: labels[CriLabel.podName] ?? '',
    podNamespace: labels[CriLabel.podNamespace] ?? '',
    containerName: labels[CriLabel.containerName],
  };
}
