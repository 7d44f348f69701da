/**
 * The CRD controller of the API server (upstream's apiextensions-apiserver controllers in one
 * loop): it follows customresourcedefinitions through the server's own watch cache and, for each
 * CRD, names it (NamesAccepted), serves its served versions by adding `ResourceDef`s to the
 * registry, marks it Established, and on deletion removes its custom resources before letting
 * the CRD go (the `customresourcecleanup.apiextensions.k8s.io` finalizer, condition Terminating).
 * Level-triggered: a CRD's name is queued on every change and reconciled from the cache.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { rec, str } from '../../api/json_fields.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { CacheEvent, CacheListener } from '../store/watch_cache.js';
import { NO_CHANGE } from '../store/resource_store.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { CrdCondition } from './crd_conditions.js';
import { crdConditions, isConditionTrue, withCondition } from './crd_conditions.js';
import { calculateNames } from './crd_names.js';
import type { CrdNames } from './crd_names.js';
import { CLEANUP_FINALIZER, acceptedNamesOf, customResourceDefs } from './custom_resource_defs.js';
import { deleteAllInstances } from './instance_cleanup.js';

/** Options of the CRD controller. */
export interface CrdControllerOptions {
  registry: Registry;
  /** The store of a resource (the API server's, shared with the handlers). */
  storeFor(def: ResourceDef): ResourceStore;
  /** Stops and forgets the store of a definition that is no longer served. */
  releaseStore(def: ResourceDef): void;
  log: Logger;
  /** Delay before a CRD whose instances are still being deleted is looked at again (ms). */
  recheckMs?: number;
}

interface Served {
  fingerprint: string;
  defs: Map<string, ResourceDef>;
}

const groupOf = (crd: KubeObject) => str(rec(crd.spec).group);

/** Follows CRDs and serves their custom resources; see the module comment. */
export class CrdController {
  private readonly served = new Map<string, Served>();
  private readonly queue = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private draining: Promise<void> | null = null;
  private rs: ResourceStore | null = null;
  private unwatch: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly opts: CrdControllerOptions) {}

  /** Serves every existing CRD; resolves once they are reconciled. A no-op without CRDs in the registry. */
  async start(): Promise<void> {
    const crdDef = this.opts.registry.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (!crdDef) return;
    this.rs = this.opts.storeFor(crdDef);
    await this.rs.cache.whenReady();
    this.subscribe();
    await this.idle();
  }

  /** Stops following CRDs (served resources stay in the registry). */
  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Whether the CRD is being deleted (its custom resources refuse creates). */
  isTerminating(name: string): boolean {
    const rs = this.rs;
    return !!rs && !!rs.cache.get(rs.key('', name))?.obj.metadata.deletionTimestamp;
  }

  /** Resolves when the queue is empty (tests and start-up). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private subscribe(): void {
    const rs = this.rs!;
    const listener: CacheListener = {
      events: (events) => this.onEvents(events),
      progress: () => undefined,
      reset: () => {
        if (!this.stopped) queueMicrotask(() => this.subscribe());
      },
    };
    this.unwatch = rs.cache.watch(rs.cache.revision, listener);
    for (const e of rs.cache.list(rs.prefix)) this.enqueue(e.name);
    for (const name of this.served.keys()) this.enqueue(name);
  }

  private onEvents(events: readonly CacheEvent[]): void {
    for (const ev of events) {
      this.enqueue(ev.entry.name);
      const namesChanged =
        ev.type === 'DELETED' ||
        !deepEqual(rec(ev.entry.obj.status).acceptedNames, rec(ev.prev?.obj.status).acceptedNames);
      if (namesChanged) this.enqueueGroup(groupOf(ev.entry.obj), ev.entry.name);
    }
  }

  private enqueueGroup(group: string, except: string): void {
    const rs = this.rs!;
    for (const e of rs.cache.list(rs.prefix)) {
      if (e.name !== except && groupOf(e.obj) === group) this.enqueue(e.name);
    }
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    this.queue.add(name);
    this.kick();
  }

  /** Starts draining the queue unless a drain is under way; one reconcile runs at a time. */
  private kick(): void {
    if (this.draining || this.stopped) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.size) this.kick();
    });
  }

  private later(name: string, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(name);
    }, ms);
    this.timers.add(t);
  }

  private async drain(): Promise<void> {
    // Yield once so that events of one batch are queued together.
    await Promise.resolve();
    while (this.queue.size && !this.stopped) {
      const name = this.queue.values().next().value as string;
      this.queue.delete(name);
      try {
        await this.reconcile(name);
      } catch (err) {
        this.opts.log.warn({ err, crd: name }, 'reconciling CustomResourceDefinition failed');
        this.later(name, 1000);
      }
    }
  }

  private async reconcile(name: string): Promise<void> {
    const rs = this.rs!;
    const crd = rs.cache.get(rs.key('', name))?.obj;
    if (!crd) return this.unserve(name);
    if (crd.metadata.deletionTimestamp) return this.finalize(crd);
    const others = rs.cache
      .list(rs.prefix)
      .filter((e) => e.name !== name && groupOf(e.obj) === groupOf(crd))
      .map((e) => e.obj);
    const naming = calculateNames(crd, others);
    let established = naming.established;
    if (naming.namesAccepted.status === 'True') {
      if (this.serve(crd, naming.acceptedNames)) {
        established = {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        };
      }
    } else if (isConditionTrue(crd, 'Established')) {
      this.serve(crd, acceptedNamesOf(crd));
    }
    await this.writeStatus(name, naming.acceptedNames, [naming.namesAccepted, established]);
  }

  /** Serves the CRD's versions under `names`; false when a built-in resource holds its place. */
  private serve(crd: KubeObject, names: CrdNames): boolean {
    const name = crd.metadata.name!;
    const fingerprint = JSON.stringify({ spec: crd.spec, names });
    const current = this.served.get(name);
    if (current?.fingerprint === fingerprint) return true;
    const defs = customResourceDefs(crd, names, { terminating: () => this.isTerminating(name) });
    for (const def of defs.values()) {
      const existing = this.opts.registry.get(def.group, def.version, def.plural);
      if (existing && existing.crd !== name) {
        this.opts.log.warn({ crd: name }, 'CustomResourceDefinition overlaps a resource already served');
        return false;
      }
    }
    for (const def of defs.values()) this.opts.registry.add(def);
    for (const [version, old] of current?.defs ?? []) {
      const replacement = defs.get(version);
      if (!replacement || replacement.plural !== old.plural) {
        this.opts.registry.remove(old.group, old.version, old.plural);
      }
      this.opts.releaseStore(old);
    }
    this.served.set(name, { fingerprint, defs });
    return true;
  }

  private unserve(name: string): void {
    const current = this.served.get(name);
    if (!current) return;
    this.served.delete(name);
    for (const def of current.defs.values()) {
      this.opts.registry.remove(def.group, def.version, def.plural);
      this.opts.releaseStore(def);
    }
  }

  /** Writes acceptedNames and conditions when they differ from the stored status. */
  private async writeStatus(name: string, names: CrdNames | null, conds: CrdCondition[]): Promise<void> {
    await this.rs!.update('', name, (cur) => {
      const status = { ...rec(cur.status) };
      let conditions = crdConditions(cur);
      for (const c of conds) conditions = withCondition(conditions, c);
      const next = { ...status, conditions, ...(names ? { acceptedNames: names } : {}) };
      if (deepEqual(next, cur.status)) return NO_CHANGE;
      return { ...cur, status: next };
    });
  }

  /** A CRD being deleted: remove its custom resources, then its cleanup finalizer. */
  private async finalize(crd: KubeObject): Promise<void> {
    const name = crd.metadata.name!;
    if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) return;
    let done: CrdCondition;
    if (isConditionTrue(crd, 'Established')) {
      // Serve it (after a restart it may not be yet) so that its store exists and clients see it go.
      if (!this.served.has(name)) this.serve(crd, acceptedNamesOf(crd));
      const def = this.served.get(name)?.defs.values().next().value;
      const remaining = def ? await deleteAllInstances(this.opts.storeFor(def)) : 0;
      if (remaining > 0) {
        await this.writeStatus(name, null, [
          {
            type: 'Terminating',
            status: 'True',
            reason: 'InstanceDeletionInProgress',
            message: 'CustomResource deletion is in progress',
          },
        ]);
        this.later(name, this.opts.recheckMs ?? 1000);
        return;
      }
      done = {
        type: 'Terminating',
        status: 'False',
        reason: 'InstanceDeletionCompleted',
        message: 'removed all instances',
      };
    } else {
      done = {
        type: 'Terminating',
        status: 'False',
        reason: 'NeverEstablished',
        message: 'resource was never established',
      };
    }
    await this.removeFinalizer(name, done);
  }

  private async removeFinalizer(name: string, cond: CrdCondition): Promise<void> {
    const rs = this.rs!;
    const result = await rs.update('', name, (cur) => {
      const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
      const status = { ...rec(cur.status), conditions: withCondition(crdConditions(cur), cond) };
      const meta: KubeObject['metadata'] = { ...cur.metadata, finalizers };
      if (finalizers.length === 0) delete meta.finalizers;
      return { ...cur, metadata: meta, status };
    });
    const m = result.obj.metadata;
    if (m.deletionTimestamp && !(m.finalizers ?? []).length) {
      await rs.deleteAt('', name, result.revision).catch((err) => {
        if (!(err instanceof StatusError && (err.reason === 'NotFound' || err.reason === 'Conflict')))
          throw err;
      });
    }
  }
}
