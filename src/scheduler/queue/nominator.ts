/**
 * Pods nominated to nodes by preemption (upstream's `nominator`): a pod waiting for its victims
 * to leave is counted on its nominated node when lower- or equal-priority pods are filtered.
 */
import type { Pod } from '../../api/types/pod.js';
import type { PodInfo } from '../cache/pod_info.js';
import { podInfoOf } from '../cache/pod_info.js';
import type { PodNominator } from '../framework/handle.js';

const NONE: readonly PodInfo[] = Object.freeze([]);

/** Nominated pods by node. */
export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records `pod` as nominated to `nodeName` (its status's nomination when `nodeName` is undefined). */
  add(pod: Pod, nodeName?: string): void {
    const key = podInfoOf(pod).key;
    this.delete(pod);
    const node = nodeName ?? pod.status?.nominatedNodeName;
    if (!node) return;
    this.nodeOf.set(key, node);
    let l = this.byNode.get(node);
    if (!l) this.byNode.set(node, (l = []));
    l.push(podInfoOf(pod));
  }

  /** Forgets the pod's nomination. */
  delete(pod: Pod): void {
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const l = this.byNode.get(node)!.filter((p) => p.key !== key);
    if (l.length === 0) this.byNode.delete(node);
    else this.byNode.set(node, l);
  }

  /** Updates a nominated pod's object, keeping its node unless the new status names another. */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podInfoOf(oldPod).key;
    const prev = this.nodeOf.get(key);
    const next = newPod.status?.nominatedNodeName || (oldPod.status?.nominatedNodeName ? undefined : prev);
    this.delete(oldPod);
    if (next) this.add(newPod, next);
  }

  /** The pods nominated to `nodeName`. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return NONE;
    return this.byNode.get(nodeName) ?? NONE;
  }

  /** The node a pod is nominated to. */
  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
  }
}
