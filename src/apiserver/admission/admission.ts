/**
 * Built-in admission: the checks and changes every write passes through after decoding and
 * before storage, as upstream's admission plugins. Mutating steps (`admit*`) run before the
 * kind's strategy, validating steps (`validate*`) after it. Creates of subresources that are
 * not stored (`pods/eviction`, `serviceaccounts/token`) pass `validateCreate` with their
 * request object; deletions pass `validateDelete` with the object as it is.
 */
import type { KubeObject } from '../../api/object.js';
import type { StatusError } from '../../api/status_error.js';
import { forbiddenError, notFoundError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { ResourceStore } from '../store/resource_store.js';

/** One admission plugin; every hook is optional. */
export interface AdmissionPlugin {
  readonly name: string;
  /**
   * Checks of the object as decoded, before the kind's defaults (which may drop fields): upstream
   * does these while decoding the body (unknown fields under `fieldValidation`).
   */
  checkDecoded?(ctx: RequestContext, obj: KubeObject): void;
  admitCreate?(ctx: RequestContext, obj: KubeObject): Promise<void> | void;
  validateCreate?(ctx: RequestContext, obj: KubeObject): Promise<void> | void;
  admitUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> | void;
  validateUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> | void;
  /** Checks of a deletion of `obj` (its current state), before anything is written. */
  validateDelete?(ctx: RequestContext, obj: KubeObject): Promise<void> | void;
}

/** The chain of admission plugins, run in order. */
export class Admission {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  /** Adds a plugin at the end of the chain. */
  add(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  /**
   * The checks of an object as decoded alone: what a write through the status subresource
   * gets (it skips the rest of admission, as upstream's status strategies do).
   */
  checkDecoded(ctx: RequestContext, obj: KubeObject): void {
    for (const p of this.plugins) p.checkDecoded?.(ctx, obj);
  }
  /**
   * Mutating admission of a create. Plugins see the object with its kind's defaults applied, as
   * upstream's decoder defaults a body before admission.
   */
  async admitCreate(ctx: RequestContext, obj: KubeObject): Promise<void> {
    for (const p of this.plugins) p.checkDecoded?.(ctx, obj);
    if (!ctx.info.subresource) ctx.def.strategy.defaults?.(obj);
    for (const p of this.plugins) await p.admitCreate?.(ctx, obj);
  }
  /** Validating admission of a create, after the kind's strategy. */
  async validateCreate(ctx: RequestContext, obj: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.validateCreate?.(ctx, obj);
  }
  /** Mutating admission of an update; the object has its kind's defaults applied first. */
  async admitUpdate(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> {
    for (const p of this.plugins) p.checkDecoded?.(ctx, obj);
    if (!ctx.info.subresource) ctx.def.strategy.defaults?.(obj);
    for (const p of this.plugins) await p.admitUpdate?.(ctx, obj, old);
  }
  /** Validating admission of an update, after the kind's strategy. */
  async validateUpdate(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.validateUpdate?.(ctx, obj, old);
  }
  /** Validating admission of a deletion of `obj` (the object as it is). */
  async validateDelete(ctx: RequestContext, obj: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.validateDelete?.(ctx, obj);
  }
}

/**
 * `admission.NewForbidden`: 403 `pods "x" is forbidden: <why>`, naming the object by its name,
 * else its generateName (names are generated later), else `Unknown`.
 */
export function admissionForbidden(ctx: RequestContext, obj: KubeObject, why: string): StatusError {
  const name = obj.metadata.name || obj.metadata.generateName || 'Unknown';
  return forbiddenError({ group: ctx.def.group, resource: ctx.def.plural }, name, why);
}

/** True for the main resource (no subresource) of a core kind: `isCoreResource(ctx, 'pods')`. */
export function isCoreResource(ctx: RequestContext, plural: string): boolean {
  return ctx.def.group === '' && ctx.def.plural === plural && !ctx.info.subresource;
}

/** What plugins read other resources through: the API server's stores. */
export interface AdmissionDeps {
  registry: Registry;
  storeFor: (def: ResourceDef) => ResourceStore;
}

/** The store of a resource by group and plural (any served version), or undefined. */
export function storeOf(deps: AdmissionDeps, group: string, plural: string): ResourceStore | undefined {
  const def = deps.registry.all().find((d) => d.group === group && d.plural === plural);
  return def ? deps.storeFor(def) : undefined;
}

/** The objects of a resource in a namespace (all when empty), read consistently from its cache. */
export async function listFresh(
  deps: AdmissionDeps,
  group: string,
  plural: string,
  namespace: string,
): Promise<KubeObject[]> {
  const rs = storeOf(deps, group, plural);
  if (!rs) return [];
  await rs.cache.waitFresh();
  return rs.cache.list(rs.keyPrefix(namespace)).map((e) => e.obj);
}

/** Namespaces that always exist and cannot be deleted. */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * NamespaceLifecycle: no object is created in a namespace that does not exist (404) or is
 * being terminated (403), and the immortal namespaces cannot be deleted.
 */
export function namespaceLifecycle(
  registry: Registry,
  storeFor: (def: ResourceDef) => ResourceStore,
): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    /** Validating admission of a create, after the kind's strategy. */
    async validateCreate(ctx, obj) {
      // A subresource create (eviction, token) makes no new object in the namespace.
      if (!ctx.def.namespaced || ctx.info.subresource) return;
      // Reviews and similar virtual resources are not stored and need no namespace object.
      const ns = obj.metadata.namespace!;
      const nsDef = registry.get('', 'v1', 'namespaces');
      if (!nsDef) return;
      const store = storeFor(nsDef);
      await store.cache.waitFresh();
      const entry = store.cache.get(store.key('', ns));
      if (!entry) throw notFoundError({ group: '', resource: 'namespaces' }, ns);
      const phase = (entry.obj.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Terminating' || entry.obj.metadata.deletionTimestamp) {
        throw forbiddenError(
          { group: ctx.def.group, resource: ctx.def.plural },
          obj.metadata.name ?? '',
          `unable to create new content in namespace ${ns} because it is being terminated`,
        );
      }
    },
  };
}
