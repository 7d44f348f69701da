import type { ResourceDef } from './resource.js';

/** A group's versions, newest preferred first, as discovery reports them. */
export interface GroupVersions {
  group: string;
  versions: string[];
  preferred: string;
}

/**
 * Every resource the API server serves, built-in and custom: looked up by URL
 * (group, version, plural), by kind, and listed for discovery. Custom resources are added and
 * removed at run time; listeners hear of each change (discovery and OpenAPI caches).
 */
export class Registry {
  private readonly byPath = new Map<string, ResourceDef>();
  private readonly listeners = new Set<() => void>();
  /** Order in which groups were first added: discovery lists them in this order. */
  private readonly groupOrder: string[] = [];

  /** Adds (or replaces) a resource. */
  add(def: ResourceDef): void {
    this.byPath.set(pathKey(def.group, def.version, def.plural), def);
    if (!this.groupOrder.includes(def.group)) this.groupOrder.push(def.group);
    this.changed();
  }

  /** Removes a resource; a no-op when absent. */
  remove(group: string, version: string, plural: string): void {
    if (this.byPath.delete(pathKey(group, version, plural))) this.changed();
  }

  /** The resource served at `/apis/<group>/<version>/<plural>` (`/api/v1/<plural>` for core). */
  get(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.byPath.get(pathKey(group, version, plural));
  }

  /** The resource of a kind in a group and version. */
  byKind(group: string, version: string, kind: string): ResourceDef | undefined {
    for (const def of this.byPath.values()) {
      if (def.group === group && def.version === version && def.kind === kind) return def;
    }
    return undefined;
  }

  /** Every resource, in declaration order. */
  all(): ResourceDef[] {
    return [...this.byPath.values()];
  }

  /** The resources of one group version. */
  resources(group: string, version: string): ResourceDef[] {
    return this.all().filter((d) => d.group === group && d.version === version);
  }

  /** Groups with their versions, preferred (newest stable) first; core ('') first of all. */
  groups(): GroupVersions[] {
    const out: GroupVersions[] = [];
    for (const group of this.groupOrder) {
      const versions = [
        ...new Set(
          this.all()
            .filter((d) => d.group === group)
            .map((d) => d.version),
        ),
      ];
      if (versions.length === 0) continue;
      versions.sort(compareVersionsNewestFirst);
      out.push({ group, versions, preferred: versions[0]! });
    }
    return out;
  }

  /** Calls `fn` after every change; returns a function that unsubscribes. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

const pathKey = (group: string, version: string, plural: string) => `${group}/${version}/${plural}`;

/**
 * Kubernetes' version priority: GA before beta before alpha, higher numbers first
 * (v2 > v1 > v1beta2 > v1beta1 > v1alpha1), non-conforming names last alphabetically.
 */
export function compareVersionsNewestFirst(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa && !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (!pa) return 1;
  if (!pb) return -1;
  if (pa.stage !== pb.stage) return pb.stage - pa.stage;
  if (pa.major !== pb.major) return pb.major - pa.major;
  return pb.minor - pa.minor;
}

function parseVersion(v: string): { major: number; stage: number; minor: number } | null {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return null;
  const stage = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return { major: Number(m[1]), stage, minor: m[3] === undefined ? 0 : Number(m[3]) };
}
