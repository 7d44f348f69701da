/**
 * The Node authorizer's graph, as upstream's `plugin/pkg/auth/authorizer/node` keeps it: vertices
 * are API objects (pods, nodes, secrets, config maps, service accounts, claims, volumes, volume
 * attachments), edges point from what is needed to what needs it and end at nodes — secret,
 * configmap, serviceaccount, pvc → pod → node; pv → pvc; secret → pv; volumeattachment → node. A
 * node may read an object when a path leads from it to that node. Pure and in memory; the
 * populator (`node_graph_populator.ts`) feeds it pods, volumes and attachments as they change.
 */
import { persistentVolumeSecrets, podRefs } from '../../api/pod_refs.js';
import type { Pod } from '../../api/types/pod.js';

/** The kinds of vertex, by upstream's names. */
export type VertexType =
  'configmap' | 'node' | 'pod' | 'pvc' | 'pv' | 'secret' | 'serviceAccount' | 'volumeattachment';

/** The key of a vertex: `type/namespace/name` (namespace '' for cluster-scoped objects). */
export function vertexKey(type: VertexType, namespace: string, name: string): string {
  return `${type}/${namespace}/${name}`;
}

/** An object whose own fields put edges into the graph (a pod, a PV, a VolumeAttachment). */
type Owner = string;

/** The graph; each edge belongs to the one object (pod, PV, attachment) whose fields made it. */
export class NodeGraph {
  private readonly out = new Map<string, Set<string>>();
  private readonly in = new Map<string, Set<string>>();
  private readonly owned = new Map<Owner, [string, string][]>();
  /** What each pod's edges were made from, to skip updates that change nothing. */
  private readonly podShapes = new Map<Owner, string>();

  /** True when the vertex has any edge (upstream keeps no vertex without one). */
  has(type: VertexType, namespace: string, name: string): boolean {
    const k = vertexKey(type, namespace, name);
    return this.out.has(k) || this.in.has(k);
  }

  /** Number of edges (tests). */
  get edgeCount(): number {
    let n = 0;
    for (const s of this.out.values()) n += s.size;
    return n;
  }

  /**
   * Adds or replaces a pod's edges: pod → its node, and its secrets, config maps, claims and
   * service account → pod. A pod not bound to a node has none (upstream ignores it).
   */
  setPod(pod: Pod): void {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const owner = vertexKey('pod', ns, name);
    const nodeName = pod.spec?.nodeName ?? '';
    if (!nodeName) return this.deletePod(ns, name);
    const refs = podRefs(pod);
    const shape = JSON.stringify([nodeName, pod.metadata.uid ?? '', refs]);
    if (this.podShapes.get(owner) === shape) return;
    const edges: [string, string][] = [[owner, vertexKey('node', '', nodeName)]];
    if (refs.serviceAccount) edges.push([vertexKey('serviceAccount', ns, refs.serviceAccount), owner]);
    for (const s of refs.secrets) edges.push([vertexKey('secret', ns, s), owner]);
    for (const c of refs.configMaps) edges.push([vertexKey('configmap', ns, c), owner]);
    for (const c of refs.persistentVolumeClaims) edges.push([vertexKey('pvc', ns, c), owner]);
    this.replace(owner, edges);
    this.podShapes.set(owner, shape);
  }

  /** Removes a pod's edges. */
  deletePod(namespace: string, name: string): void {
    const owner = vertexKey('pod', namespace, name);
    this.podShapes.delete(owner);
    this.replace(owner, []);
  }

  /** Adds or replaces a PersistentVolume's edges: pv → its bound claim, its secrets → pv. */
  setPersistentVolume(pv: { metadata: { name?: string }; spec?: unknown }): void {
    const owner = vertexKey('pv', '', pv.metadata.name ?? '');
    const claim = (pv.spec as { claimRef?: { namespace?: string; name?: string } } | undefined)?.claimRef;
    const edges: [string, string][] = [];
    if (claim?.name && claim.namespace) edges.push([owner, vertexKey('pvc', claim.namespace, claim.name)]);
    for (const s of persistentVolumeSecrets(pv))
      edges.push([vertexKey('secret', s.namespace, s.name), owner]);
    this.replace(owner, edges);
  }

  /** Removes a PersistentVolume's edges. */
  deletePersistentVolume(name: string): void {
    this.replace(vertexKey('pv', '', name), []);
  }

  /** Adds or replaces a VolumeAttachment's edge: attachment → spec.nodeName. */
  setVolumeAttachment(va: { metadata: { name?: string }; spec?: unknown }): void {
    const owner = vertexKey('volumeattachment', '', va.metadata.name ?? '');
    const nodeName = (va.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
    this.replace(owner, nodeName ? [[owner, vertexKey('node', '', nodeName)]] : []);
  }

  /** Removes a VolumeAttachment's edge. */
  deleteVolumeAttachment(name: string): void {
    this.replace(vertexKey('volumeattachment', '', name), []);
  }

  /** Forgets every edge owned by objects of `type` (before a relist of them). */
  clear(type: 'pod' | 'pv' | 'volumeattachment'): void {
    for (const owner of [...this.owned.keys()]) {
      if (!owner.startsWith(`${type}/`)) continue;
      this.podShapes.delete(owner);
      this.replace(owner, []);
    }
  }

  /**
   * Why `nodeName` may not reach the object, or null when a path leads from it to the node
   * (upstream's `hasPathFrom`; edges into other nodes are not followed).
   */
  pathError(nodeName: string, type: VertexType, namespace: string, name: string): string | null {
    const node = vertexKey('node', '', nodeName);
    const what = `${type} ${namespace}/${name}`;
    if (!this.in.has(node)) return `unknown node '${nodeName}' cannot get ${what}`;
    const start = vertexKey(type, namespace, name);
    if (!this.out.has(start)) return `node '${nodeName}' cannot get unknown ${what}`;
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      for (const next of this.out.get(v) ?? []) {
        if (next === node) return null;
        if (seen.has(next) || next.startsWith('node/')) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    return `node '${nodeName}' cannot get ${what}, no relationship to this object was found in the node authorizer graph`;
  }

  private replace(owner: Owner, edges: [string, string][]): void {
    for (const [from, to] of this.owned.get(owner) ?? []) {
      removeFrom(this.out, from, to);
      removeFrom(this.in, to, from);
    }
    if (edges.length === 0) {
      this.owned.delete(owner);
      return;
    }
    this.owned.set(owner, edges);
    for (const [from, to] of edges) {
      addTo(this.out, from, to);
      addTo(this.in, to, from);
    }
  }
}

function addTo(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom(m: Map<string, Set<string>>, k: string, v: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}
