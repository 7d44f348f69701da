/**
 * The garbage collector's decisions (upstream's `attemptToDeleteItem`, `processDeletingDependentsItem`
 * and `attemptToOrphanWorker`), one object (by uid) at a time, reading the owner graph and the
 * live API:
 * - an object whose owners are all absent (not found, or found with another uid — verified
 *   with a GET) is deleted, honouring its own orphan/foreground finalizers;
 * - an object with a live owner loses its references to absent or foreground-deleting owners;
 * - an object whose owners wait in foreground deletion is deleted (in the foreground when it has
 *   dependents of its own);
 * - an owner in foreground deletion loses its finalizer once no blocking dependent is left;
 * - an owner with the orphan finalizer has its references removed from its dependents, then
 *   the finalizer.
 */
import type { KubeObject, OwnerReference } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { ResourceClient } from '../../client/resource_client.js';
import type { ResourceType } from '../../client/resource_type.js';
import type { RestClient } from '../../client/rest_client.js';
import type { GraphNode, Identity, OwnerGraph } from './owner_graph.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, blockingDependents } from './owner_graph.js';
import { kindKey } from './resource_discovery.js';

/** How many absent owner uids are remembered (upstream's absentOwnerCache size). */
const ABSENT_CACHE_SIZE = 500;

type Policy = 'Orphan' | 'Foreground' | 'Background';

const isGone = (err: unknown) => err instanceof StatusError && err.code === 404;
const isConflict = (err: unknown) => err instanceof StatusError && err.code === 409;

/** What the decisions need. */
export interface CollectorDeps {
  rest: RestClient;
  graph: OwnerGraph;
  /** The resource of an `apiVersion` and `kind`, from discovery. */
  resourceFor(apiVersion: string, kind: string): ResourceType | undefined;
  /** Queues a node for `attemptToDelete` again. */
  enqueueDelete(node: GraphNode): void;
  recorder: EventRecorder;
}

/** The decisions of the garbage collector. */
export class Collector {
  private readonly absent = new Set<string>();
  private readonly clients = new Map<string, ResourceClient>();

  constructor(private readonly d: CollectorDeps) {}

  private client(apiVersion: string, kind: string): ResourceClient {
    const type = this.d.resourceFor(apiVersion, kind);
    if (!type) throw new Error(`unable to get REST mapping for ${apiVersion}/${kind}`);
    const key = kindKey(apiVersion, kind);
    let c = this.clients.get(key);
    if (!c) this.clients.set(key, (c = new ResourceClient(this.d.rest, type)));
    return c;
  }

  private ns(c: ResourceClient, namespace: string): string {
    return c.type.namespaced ? namespace : '';
  }

  private rememberAbsent(uid: string): void {
    this.absent.add(uid);
    if (this.absent.size > ABSENT_CACHE_SIZE) this.absent.delete(this.absent.values().next().value!);
  }

  /** The live object of `id`, or undefined when it is gone or replaced by another uid. */
  private async getLive(id: Identity): Promise<KubeObject | undefined> {
    const c = this.client(id.apiVersion, id.kind);
    try {
      const obj = await c.get(this.ns(c, id.namespace), id.name);
      return obj.metadata.uid === id.uid ? obj : undefined;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  }

  /** `attemptToDeleteItem` for the node with `uid`. */
  async attemptToDelete(uid: string): Promise<void> {
    const node = this.d.graph.get(uid);
    if (!node) return;
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = await this.getLive(node.identity);
    if (!latest) {
      if (node.virtual) {
        this.rememberAbsent(uid);
        this.d.graph.removeVirtual(uid);
      }
      return;
    }
    if (node.virtual) return; // it exists: its informer will observe it
    if (node.deletingDependents) return this.processDeletingDependents(node);
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const state = await this.ownerState(node, ref);
      (state === 'solid' ? solid : state === 'dangling' ? dangling : waiting).push(ref);
    }
    if (solid.length > 0) {
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      if (drop.size === 0) return;
      await this.updateMeta(node.identity, (m) => {
        const kept = (m.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
        return kept.length === (m.ownerReferences ?? []).length ? undefined : { ownerReferences: kept };
      });
      return;
    }
    if (waiting.length > 0 && node.dependents.size > 0) {
      for (const dep of node.dependents) {
        if (!dep.deletingDependents) continue;
        // A cycle of foreground deletions: stop blocking the owners, as upstream.
        await this.updateMeta(node.identity, (m) => ({
          ownerReferences: (m.ownerReferences ?? []).map((r) =>
            waiting.some((w) => w.uid === r.uid) ? { ...r, blockOwnerDeletion: false } : r,
          ),
        }));
        break;
      }
      return this.deleteObject(node.identity, 'Foreground');
    }
    const finalizers = latest.metadata.finalizers ?? [];
    const policy: Policy = finalizers.includes(ORPHAN_FINALIZER)
      ? 'Orphan'
      : finalizers.includes(FOREGROUND_FINALIZER)
        ? 'Foreground'
        : 'Background';
    return this.deleteObject(node.identity, policy);
  }

  /** Solid (live), dangling (absent) or waiting (live, deleting its dependents in the foreground). */
  private async ownerState(item: GraphNode, ref: OwnerReference): Promise<'solid' | 'dangling' | 'waiting'> {
    if (this.absent.has(ref.uid)) return 'dangling';
    const c = this.client(ref.apiVersion, ref.kind);
    if (c.type.namespaced && !item.identity.namespace) {
      this.d.recorder.event(
        {
          apiVersion: item.identity.apiVersion,
          kind: item.identity.kind,
          name: item.identity.name,
          uid: item.identity.uid,
        },
        'Warning',
        'OwnerRefInvalidNamespace',
        `ownerRef ${JSON.stringify(ref)} does not exist in namespace ""`,
      );
      return 'dangling';
    }
    const owner = this.d.graph.get(ref.uid);
    if (owner && !owner.virtual) return owner.deletingDependents ? 'waiting' : 'solid';
    let live: KubeObject | undefined;
    try {
      live = await c.get(this.ns(c, item.identity.namespace), ref.name);
    } catch (err) {
      if (!isGone(err)) throw err;
    }
    if (!live || live.metadata.uid !== ref.uid) {
      this.rememberAbsent(ref.uid);
      return 'dangling';
    }
    const fin = live.metadata.finalizers ?? [];
    return live.metadata.deletionTimestamp && fin.includes(FOREGROUND_FINALIZER) ? 'waiting' : 'solid';
  }

  /** `processDeletingDependentsItem`. */
  private async processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = blockingDependents(node);
    if (blocking.length === 0) return this.removeFinalizer(node.identity, FOREGROUND_FINALIZER);
    for (const dep of blocking) if (!dep.deletingDependents) this.d.enqueueDelete(dep);
  }

  /** `attemptToOrphanWorker` for the owner with `uid`. */
  async attemptToOrphan(uid: string): Promise<void> {
    const node = this.d.graph.get(uid);
    if (!node) return;
    let firstErr: unknown;
    await Promise.all(
      [...node.dependents].map((dep) =>
        this.updateMeta(dep.identity, (m) => {
          const refs = m.ownerReferences ?? [];
          const kept = refs.filter((r) => r.uid !== uid);
          return kept.length === refs.length ? undefined : { ownerReferences: kept };
        }).catch((err: unknown) => (firstErr ??= err)),
      ),
    );
    if (firstErr !== undefined) throw firstErr;
    await this.removeFinalizer(node.identity, ORPHAN_FINALIZER);
  }

  private removeFinalizer(id: Identity, finalizer: string): Promise<void> {
    return this.updateMeta(id, (m) => {
      const f = m.finalizers ?? [];
      return f.includes(finalizer) ? { finalizers: f.filter((x) => x !== finalizer) } : undefined;
    });
  }

  private async deleteObject(id: Identity, policy: Policy): Promise<void> {
    const c = this.client(id.apiVersion, id.kind);
    try {
      await c.delete(this.ns(c, id.namespace), id.name, {
        propagationPolicy: policy,
        preconditions: { uid: id.uid },
      });
    } catch (err) {
      if (isGone(err) || isConflict(err)) return; // gone, or replaced by another object
      throw err;
    }
  }

  /**
   * Changes metadata of the live object `id` with a merge patch guarded by its resourceVersion,
   * retrying conflicts; `change` returns the fields to set (empty lists become null), or
   * undefined when nothing needs changing. A vanished or replaced object is left alone.
   */
  private async updateMeta(
    id: Identity,
    change: (
      m: KubeObject['metadata'],
    ) => Partial<Pick<KubeObject['metadata'], 'ownerReferences' | 'finalizers'>> | undefined,
  ): Promise<void> {
    const c = this.client(id.apiVersion, id.kind);
    const ns = this.ns(c, id.namespace);
    for (let attempt = 0; ; attempt++) {
      const live = await this.getLive(id);
      if (!live) return;
      const fields = change(live.metadata);
      if (!fields) return;
      const metadata: Record<string, unknown> = { resourceVersion: live.metadata.resourceVersion };
      for (const [k, v] of Object.entries(fields))
        metadata[k] = Array.isArray(v) && v.length === 0 ? null : v;
      try {
        await c.patch(ns, id.name, 'merge', { metadata });
        return;
      } catch (err) {
        if (isGone(err)) return;
        if (!isConflict(err) || attempt >= 4) throw err;
      }
    }
  }
}
