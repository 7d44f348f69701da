/**
 * API discovery as upstream serves it: `/api`, `/apis`, `/apis/<group>`, the per-version
 * resource lists, and aggregated discovery (apidiscovery.k8s.io v2 and v2beta1) on `/api` and
 * `/apis` for clients that ask for it in their Accept header. Documents are built from the
 * registry and rebuilt only when it changes.
 */
import type { Registry } from './registry/registry.js';
import type { ResourceDef } from './registry/resource.js';
import { groupVersion } from './registry/resource.js';

/** The kind (and group/version when not the parent's) a subresource answers with, and its verbs. */
const SUBRESOURCES: Record<string, { kind?: string; group?: string; version?: string; verbs: string[] }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  binding: { kind: 'Binding', group: '', version: 'v1', verbs: ['create'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  log: { kind: 'Pod', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
  proxy: { verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  ephemeralcontainers: { verbs: ['get', 'patch', 'update'] },
  finalize: { verbs: ['update'] },
  approval: { verbs: ['get', 'patch', 'update'] },
};

function subresourceKind(def: ResourceDef, sub: string): string {
  const s = SUBRESOURCES[sub];
  if (s?.kind) return s.kind;
  if (sub === 'proxy') return `${def.kind}ProxyOptions`;
  return def.kind;
}

/** `metav1.APIResource` entries of one group version, subresources included. */
function apiResources(defs: ResourceDef[]): unknown[] {
  const out: unknown[] = [];
  for (const d of defs) {
    const r: Record<string, unknown> = {
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: d.verbs,
    };
    if (d.shortNames.length) r.shortNames = d.shortNames;
    if (d.categories.length) r.categories = d.categories;
    out.push(r);
    for (const sub of d.subresources) {
      const s = SUBRESOURCES[sub] ?? { verbs: ['get'] };
      const e: Record<string, unknown> = {
        name: `${d.plural}/${sub}`,
        singularName: '',
        namespaced: d.namespaced,
        kind: subresourceKind(d, sub),
        verbs: s.verbs,
      };
      if (s.group !== undefined && (s.group !== d.group || s.version !== d.version)) {
        e.group = s.group;
        e.version = s.version;
      }
      out.push(e);
    }
  }
  return out;
}

/** Aggregated discovery entries (`APIResourceDiscovery`) of one group version. */
function aggregatedResources(defs: ResourceDef[]): unknown[] {
  return defs.map((d) => {
    const r: Record<string, unknown> = {
      resource: d.plural,
      responseKind: { group: d.group, version: d.version, kind: d.kind },
      scope: d.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: d.singular,
      verbs: d.verbs,
    };
    if (d.shortNames.length) r.shortNames = d.shortNames;
    if (d.categories.length) r.categories = d.categories;
    if (d.subresources.length) {
      r.subresources = d.subresources.map((sub) => {
        const s = SUBRESOURCES[sub] ?? { verbs: ['get'] };
        return {
          subresource: sub,
          responseKind: {
            group: s.group ?? d.group,
            version: s.version ?? d.version,
            kind: subresourceKind(d, sub),
          },
          verbs: s.verbs,
        };
      });
    }
    return r;
  });
}

/** Content type of aggregated discovery responses. */
export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** Which aggregated discovery version the Accept header asks for, if any, in its order. */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | null {
  if (!accept) return null;
  for (const part of accept.split(',')) {
    if (!/as=APIGroupDiscoveryList/.test(part) || !/g=apidiscovery\.k8s\.io/.test(part)) {
      if (/application\/json|\*\/\*/.test(part)) return null;
      continue;
    }
    if (/v=v2beta1/.test(part)) return 'v2beta1';
    if (/v=v2(;|$)/.test(part)) return 'v2';
  }
  return null;
}

/** The discovery documents, cached and rebuilt when the registry changes. */
export class Discovery {
  private cache = new Map<string, string>();

  constructor(
    private readonly registry: Registry,
    private readonly serverAddress: () => string,
  ) {
    registry.onChange(() => (this.cache = new Map()));
  }

  private memo(key: string, build: () => unknown): string {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = JSON.stringify(build());
      this.cache.set(key, v);
    }
    return v;
  }

  /** `/api`: the core versions. */
  apiVersions(): string {
    return this.memo('/api', () => ({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }],
    }));
  }

  private apiGroup(group: string) {
    const g = this.registry.groups().find((x) => x.group === group);
    if (!g) return null;
    return {
      name: group,
      versions: g.versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${group}/${g.preferred}`, version: g.preferred },
    };
  }

  /** `/apis`: every named group. */
  apiGroupList(): string {
    return this.memo('/apis', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.registry
        .groups()
        .filter((g) => g.group !== '')
        .map((g) => this.apiGroup(g.group)),
    }));
  }

  /** `/apis/<group>`, or null when the group is unknown. */
  apiGroupDoc(group: string): string | null {
    if (!this.apiGroup(group)) return null;
    return this.memo(`/apis/${group}`, () => ({
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...this.apiGroup(group),
    }));
  }

  /** `/api/v1` or `/apis/<group>/<version>`, or null when unknown. */
  resourceList(group: string, version: string): string | null {
    const defs = this.registry.resources(group, version);
    if (defs.length === 0) return null;
    return this.memo(`rl:${group}/${version}`, () => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: groupVersion({ group, version }),
      resources: apiResources(defs),
    }));
  }

  /** Aggregated discovery of the core group (`/api`) or of every named group (`/apis`). */
  aggregated(core: boolean, version: 'v2' | 'v2beta1'): string {
    return this.memo(`agg:${core}:${version}`, () => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: this.registry
        .groups()
        .filter((g) => (g.group === '') === core)
        .map((g) => ({
          metadata: core ? {} : { name: g.group },
          versions: g.versions.map((v) => ({
            version: v,
            resources: aggregatedResources(this.registry.resources(g.group, v)),
            freshness: 'Current',
          })),
        })),
    }));
  }
}
