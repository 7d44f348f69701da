/**
 * Built-in admission: the checks and changes every write passes through after decoding and
 * before storage, as upstream's admission plugins. Mutating steps (`admit*`) run before the
 * kind's strategy, validating steps (`validate*`) after it.
 */
import type { KubeObject } from '../../api/object.js';
import { forbiddenError, notFoundError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { ResourceStore } from '../store/resource_store.js';

/** One admission plugin; every hook is optional. */
export interface AdmissionPlugin {
  readonly name: string;
  admitCreate?(ctx: RequestContext, obj: KubeObject): Promise<void> | void;
  validateCreate?(ctx: RequestContext, obj: KubeObject): Promise<void> | void;
  admitUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> | void;
  validateUpdate?(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> | void;
}

/** The chain of admission plugins, run in order. */
export class Admission {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  /** Adds a plugin at the end of the chain. */
  add(plugin: AdmissionPlugin): void {
    this.plugins.push(plugin);
  }

  async admitCreate(ctx: RequestContext, obj: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.admitCreate?.(ctx, obj);
  }
  async validateCreate(ctx: RequestContext, obj: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.validateCreate?.(ctx, obj);
  }
  async admitUpdate(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.admitUpdate?.(ctx, obj, old);
  }
  async validateUpdate(ctx: RequestContext, obj: KubeObject, old: KubeObject): Promise<void> {
    for (const p of this.plugins) await p.validateUpdate?.(ctx, obj, old);
  }
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
    async validateCreate(ctx, obj) {
      if (!ctx.def.namespaced) return;
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
