/**
 * The scheduler's cache (upstream's `internalcache.Cache`): nodes and the pods on them from the
 * informers, plus pods *assumed* onto a node by a scheduling cycle before their binding is seen.
 * An assumed pod counts against its node at once, so the next cycle does not reuse its room;
 * it is confirmed when the informer reports it bound, or forgotten when binding fails.
 * `updateSnapshot` copies only the nodes changed since the last call.
 */
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { NodeInfo, normalizeImageName } from './node_info.js';
import { podInfoOf } from './pod_info.js';
import type { Snapshot } from './snapshot.js';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
}

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** Nodes and pods, with assumed pods. */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly dirty = new Set<string>();
  private nodeSetChanged = true;
  private readonly imageCounts = new Map<string, number>();
  private imagesChanged = false;

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo();
      this.nodes.set(name, ni);
    }
    return ni;
  }

  private touch(name: string): void {
    this.dirty.add(name);
  }

  private addToNode(pod: Pod, nodeName: string): void {
    this.nodeInfo(nodeName).addPod(podInfoOf(pod));
    this.touch(nodeName);
  }

  private removeFromNode(key: string, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    ni.removePod(key);
    if (!ni.node && ni.pods.length === 0) {
      this.nodes.delete(nodeName);
      this.nodeSetChanged = true;
    }
    this.touch(nodeName);
  }

  /** Counts `pod` (whose spec.nodeName is set by the caller's copy) on its node before binding. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is in the cache, so can't be assumed`);
    const nodeName = pod.spec.nodeName ?? '';
    this.pods.set(key, { pod, nodeName, assumed: true });
    this.addToNode(pod, nodeName);
  }

  /** Drops an assumed pod whose binding failed. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (!st || !st.assumed) return;
    this.pods.delete(key);
    this.removeFromNode(key, st.nodeName);
  }

  /** Whether the pod is assumed (bound by this scheduler, not yet seen bound). */
  isAssumed(pod: Pod): boolean {
    return this.pods.get(podKey(pod))?.assumed ?? false;
  }

  /** The node a pod is counted on (assumed or bound). */
  nodeOf(pod: Pod): string | undefined {
    return this.pods.get(podKey(pod))?.nodeName;
  }

  /** A bound pod from the informer: confirms an assumed pod, or adds it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (st) {
      this.removeFromNode(key, st.nodeName);
      this.pods.delete(key);
    }
    const nodeName = pod.spec.nodeName ?? '';
    this.pods.set(key, { pod, nodeName, assumed: false });
    this.addToNode(pod, nodeName);
  }

  /** A bound pod changed. */
  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  /** A bound pod is gone (deleted or finished). */
  removePod(pod: Pod): void {
    const key = podKey(pod);
    const st = this.pods.get(key);
    if (!st) return;
    this.pods.delete(key);
    this.removeFromNode(key, st.nodeName);
  }

  private countImages(node: Node | undefined, sign: number): void {
    if (!node) return;
    const seen = new Set<string>();
    for (const img of node.status?.images ?? [])
      for (const n of img.names ?? []) seen.add(normalizeImageName(n));
    for (const n of seen) {
      const c = (this.imageCounts.get(n) ?? 0) + sign;
      if (c <= 0) this.imageCounts.delete(n);
      else this.imageCounts.set(n, c);
      this.imagesChanged = true;
    }
  }

  /** A Node was added or changed. */
  setNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodeInfo(name);
    const old = ni.node;
    if (!old) this.nodeSetChanged = true;
    else {
      const ol = old.metadata.labels ?? {};
      const nl = node.metadata.labels ?? {};
      if (
        ol['topology.kubernetes.io/zone'] !== nl['topology.kubernetes.io/zone'] ||
        ol['topology.kubernetes.io/region'] !== nl['topology.kubernetes.io/region']
      )
        this.nodeSetChanged = true;
    }
    if (old?.status?.images || node.status?.images) {
      this.countImages(old, -1);
      this.countImages(node, 1);
    }
    ni.setNode(node);
    this.touch(name);
  }

  /** A Node was deleted; its pods stay counted until their deletions arrive. */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.countImages(ni.node, -1);
    if (ni.pods.length === 0) this.nodes.delete(name);
    else {
      ni.node = undefined;
      ni.generation++;
    }
    this.nodeSetChanged = true;
    this.touch(name);
  }

  /** Number of nodes with a Node object. */
  nodeCount(): number {
    let n = 0;
    for (const ni of this.nodes.values()) if (ni.node) n++;
    return n;
  }

  /** Brings `snap` up to date, copying only the nodes changed since the last call. */
  updateSnapshot(snap: Snapshot): void {
    let affinityChanged = false;
    let listChanged = this.nodeSetChanged;
    for (const name of this.dirty) {
      const ni = this.nodes.get(name);
      const prev = snap.nodeInfoMap.get(name);
      if (!ni) {
        if (prev) {
          snap.nodeInfoMap.delete(name);
          listChanged = true;
        }
        continue;
      }
      const copy = ni.clone();
      snap.nodeInfoMap.set(name, copy);
      if ((prev?.node === undefined) !== (copy.node === undefined)) listChanged = true;
      if (
        (prev?.podsWithAffinity.length ?? 0) > 0 ||
        copy.podsWithAffinity.length > 0 ||
        (prev?.podsWithRequiredAntiAffinity.length ?? 0) > 0 ||
        copy.podsWithRequiredAntiAffinity.length > 0
      )
        affinityChanged = true;
      if (!listChanged && copy.node) {
        const i = snap.listIndex.get(name);
        if (i === undefined) listChanged = true;
        else snap.nodeInfoList[i] = copy;
      }
    }
    this.dirty.clear();
    if (listChanged) snap.rebuildList();
    else if (affinityChanged) snap.rebuildAffinityLists();
    this.nodeSetChanged = false;
    if (this.imagesChanged) {
      snap.imageNodeCounts = new Map(this.imageCounts);
      this.imagesChanged = false;
    }
  }
}
