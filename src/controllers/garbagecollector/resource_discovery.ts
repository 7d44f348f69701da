/**
 * Which resources the garbage collector watches, from the API's discovery (/api, /apis;
 * custom resources included): the preferred version of every resource that supports list,
 * watch and delete (events excepted, as upstream ignores them), and a map from every served
 * apiVersion and kind to its resource, to resolve owner references.
 */
import type { ResourceType } from '../../client/resource_type.js';
import type { RestClient } from '../../client/rest_client.js';

/** upstream's `DefaultIgnoredResources`. */
const IGNORED = new Set(['/events', 'events.k8s.io/events']);

/** `metav1.APIResource`, as discovery lists it. */
export interface APIResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}

/** What discovery found. */
export interface DiscoveredResources {
  /** Resources to watch, one version each. */
  monitored: ResourceType[];
  /** Every served `apiVersion|kind` → its resource. */
  byKind: Map<string, ResourceType>;
}

/** The key of `byKind`. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

function splitGroupVersion(gv: string): [string, string] {
  const i = gv.indexOf('/');
  return i < 0 ? ['', gv] : [gv.slice(0, i), gv.slice(i + 1)];
}

/**
 * Adds one group version's resource list to `out`; its resources are monitored when
 * `preferred` and they support list, watch and delete. Subresources are skipped.
 */
export function addResourceList(
  out: DiscoveredResources,
  groupVersion: string,
  resources: APIResource[],
  preferred: boolean,
): void {
  const [group, version] = splitGroupVersion(groupVersion);
  for (const r of resources) {
    if (r.name.includes('/')) continue;
    const type: ResourceType = { group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced };
    const key = kindKey(groupVersion, r.kind);
    if (!out.byKind.has(key)) out.byKind.set(key, type);
    const verbs = new Set(r.verbs ?? []);
    if (!preferred || IGNORED.has(`${group}/${r.name}`)) continue;
    if (verbs.has('list') && verbs.has('watch') && verbs.has('delete')) out.monitored.push(type);
  }
}

interface GroupList {
  groups?: {
    name: string;
    versions?: { groupVersion: string }[];
    preferredVersion?: { groupVersion: string };
  }[];
}

/** Reads discovery from the API server. */
export async function discoverResources(
  rest: RestClient,
  signal?: AbortSignal,
): Promise<DiscoveredResources> {
  const out: DiscoveredResources = { monitored: [], byKind: new Map() };
  const core = await rest.request<{ resources?: APIResource[] }>({ method: 'GET', path: '/api/v1', signal });
  addResourceList(out, 'v1', core.resources ?? [], true);
  const groups = await rest.request<GroupList>({ method: 'GET', path: '/apis', signal });
  const lists = await Promise.all(
    (groups.groups ?? []).flatMap((g) =>
      (g.versions ?? []).map(async (v) => {
        try {
          const list = await rest.request<{ resources?: APIResource[] }>({
            method: 'GET',
            path: `/apis/${v.groupVersion}`,
            signal,
          });
          return { gv: v.groupVersion, preferred: g.preferredVersion?.groupVersion === v.groupVersion, list };
        } catch {
          // A group version that went away between the two requests.
          return undefined;
        }
      }),
    ),
  );
  for (const l of lists) if (l) addResourceList(out, l.gv, l.list.resources ?? [], l.preferred);
  return out;
}
