/**
 * The garbage collector's dependency graph (upstream's `GraphBuilder` and `node`): one node per
 * object uid with its owner references and its dependents. Owners referenced but not (yet)
 * observed are virtual nodes, queued for verification. The graph is pure bookkeeping: it tells
 * its `GraphSink` which nodes to attempt to delete (dependents of a vanished owner, owners
 * waiting in foreground deletion, unverified owners) and which owners to orphan.
 */
import type { KubeObject, OwnerReference } from '../../api/object.js';

/** The orphan finalizer (propagationPolicy Orphan). */
export const ORPHAN_FINALIZER = 'orphan';
/** The foreground finalizer (propagationPolicy Foreground). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Who an object is: its coordinates and uid. */
export interface Identity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** A node of the graph. */
export interface GraphNode {
  identity: Identity;
  owners: OwnerReference[];
  dependents: Set<GraphNode>;
  /** Referenced as an owner but not observed by any informer. */
  virtual: boolean;
  /** deletionTimestamp is set. */
  beingDeleted: boolean;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents: boolean;
}

/** Where the graph sends work. */
export interface GraphSink {
  attemptToDelete(node: GraphNode): void;
  attemptToOrphan(node: GraphNode): void;
}

const hasFinalizer = (o: KubeObject | undefined, f: string) => !!o?.metadata.finalizers?.includes(f);
const deleting = (o: KubeObject | undefined) => !!o?.metadata.deletionTimestamp;

/** The owner-reference graph over every observed object. */
export class OwnerGraph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(private readonly sink: GraphSink) {}

  /** The node with `uid`. */
  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Number of nodes (virtual ones included). */
  get size(): number {
    return this.nodes.size;
  }

  /** An object was added or updated (`old` is its previous state, if known). */
  observe(identity: Identity, obj: KubeObject, old?: KubeObject): void {
    const owners = obj.metadata.ownerReferences ?? [];
    let node = this.nodes.get(identity.uid);
    if (!node) {
      node = {
        identity,
        owners,
        dependents: new Set(),
        virtual: false,
        beingDeleted: deleting(obj),
        deletingDependents: deleting(obj) && hasFinalizer(obj, FOREGROUND_FINALIZER),
      };
      this.nodes.set(identity.uid, node);
      this.addToOwners(node, owners);
      this.transitions(undefined, obj, node);
      return;
    }
    if (node.virtual) {
      node.virtual = false;
      node.identity = identity;
    }
    const before = node.owners;
    if (!sameOwners(before, owners)) {
      const now = new Map(owners.map((r) => [r.uid, r]));
      const was = new Map(before.map((r) => [r.uid, r]));
      // Owners waiting for this dependent: removed, or no longer blocked by it.
      for (const r of before) {
        const next = now.get(r.uid);
        if (next && (next.blockOwnerDeletion || !r.blockOwnerDeletion)) continue;
        const owner = this.nodes.get(r.uid);
        if (owner?.deletingDependents) this.sink.attemptToDelete(owner);
      }
      this.removeFromOwners(
        node,
        before.filter((r) => !now.has(r.uid)),
      );
      node.owners = owners;
      this.addToOwners(
        node,
        owners.filter((r) => !was.has(r.uid)),
      );
    }
    node.beingDeleted = deleting(obj);
    this.transitions(old, obj, node);
  }

  /** An object is gone: its dependents may be garbage, waiting owners may finish. */
  remove(uid: string): void {
    const node = this.nodes.get(uid);
    if (!node) return;
    this.nodes.delete(uid);
    this.removeFromOwners(node, node.owners);
    for (const dep of node.dependents) this.sink.attemptToDelete(dep);
    for (const r of node.owners) {
      const owner = this.nodes.get(r.uid);
      if (owner?.deletingDependents) this.sink.attemptToDelete(owner);
    }
  }

  /**
   * A virtual node's object does not exist: drop the node and attempt its dependents (their
   * owner is absent). No-op when the node was observed meanwhile.
   */
  removeVirtual(uid: string): void {
    const node = this.nodes.get(uid);
    if (!node?.virtual) return;
    this.nodes.delete(uid);
    for (const dep of node.dependents) this.sink.attemptToDelete(dep);
  }

  private transitions(old: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (!deleting(obj)) return;
    if (hasFinalizer(obj, ORPHAN_FINALIZER) && !(deleting(old) && hasFinalizer(old, ORPHAN_FINALIZER))) {
      this.sink.attemptToOrphan(node);
      return;
    }
    if (
      hasFinalizer(obj, FOREGROUND_FINALIZER) &&
      !(deleting(old) && hasFinalizer(old, FOREGROUND_FINALIZER))
    ) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.sink.attemptToDelete(dep);
      this.sink.attemptToDelete(node);
    }
    if (!hasFinalizer(obj, FOREGROUND_FINALIZER)) node.deletingDependents = false;
  }

  private addToOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const r of refs) {
      let owner = this.nodes.get(r.uid);
      if (!owner) {
        owner = {
          identity: {
            apiVersion: r.apiVersion,
            kind: r.kind,
            name: r.name,
            uid: r.uid,
            namespace: node.identity.namespace,
          },
          owners: [],
          dependents: new Set(),
          virtual: true,
          beingDeleted: false,
          deletingDependents: false,
        };
        this.nodes.set(r.uid, owner);
        this.sink.attemptToDelete(owner);
      }
      owner.dependents.add(node);
    }
  }

  private removeFromOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const r of refs) {
      const owner = this.nodes.get(r.uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      // A virtual owner nobody references any more is forgotten.
      if (owner.virtual && owner.dependents.size === 0) this.nodes.delete(r.uid);
    }
  }
}

/** The dependents of `owner` that block its foreground deletion. */
export function blockingDependents(owner: GraphNode): GraphNode[] {
  const out: GraphNode[] = [];
  for (const dep of owner.dependents)
    if (dep.owners.some((r) => r.uid === owner.identity.uid && r.blockOwnerDeletion === true)) out.push(dep);
  return out;
}

function sameOwners(a: OwnerReference[], b: OwnerReference[]): boolean {
  if (a.length !== b.length) return false;
  return a.every(
    (r, i) =>
      r.uid === b[i]!.uid &&
      r.blockOwnerDeletion === b[i]!.blockOwnerDeletion &&
      r.controller === b[i]!.controller &&
      r.name === b[i]!.name,
  );
}
