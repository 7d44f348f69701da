/**
 * Discovery of the namespaced resources to empty a namespace of, as client-go's
 * `ServerPreferredNamespacedResources` filtered to those supporting `delete`: `/api/v1` and the
 * preferred version of every group under `/apis`, custom resources included. A group version
 * whose document cannot be fetched is reported as failed; the others are still returned.
 */
import type { ResourceType } from '../../client/resource_type.js';
import type { RestClient } from '../../client/rest_client.js';

/** A resource as discovered, with its verbs. */
export interface DiscoveredResource extends ResourceType {
  verbs: string[];
}

/** What discovery found. */
export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** Group versions whose documents failed, with why (`apps/v1` → message). */
  failed: Map<string, string>;
  /** Group versions that could not be parsed. */
  unparsable: string[];
}

interface APIResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  group?: string;
  version?: string;
}

interface APIResourceList {
  groupVersion: string;
  resources?: APIResource[];
}

interface APIGroupList {
  groups?: {
    name: string;
    preferredVersion?: { groupVersion: string };
    versions?: { groupVersion: string }[];
  }[];
}

/** Splits `group/version` or `version` as `schema.ParseGroupVersion`; undefined when malformed. */
export function parseGroupVersion(gv: string): { group: string; version: string } | undefined {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length > 2) return undefined;
  return parts.length === 1 ? { group: '', version: gv } : { group: parts[0] ?? '', version: parts[1] ?? '' };
}

/** The namespaced, deletable resources (no subresources) of one resource list. */
export function deletableResources(list: APIResourceList): DiscoveredResource[] | undefined {
  const gv = parseGroupVersion(list.groupVersion);
  if (!gv) return undefined;
  return (list.resources ?? [])
    .filter((r) => r.namespaced && !r.name.includes('/') && (r.verbs ?? []).includes('delete'))
    .map((r) => ({
      group: gv.group,
      version: gv.version,
      resource: r.name,
      kind: r.kind,
      namespaced: true,
      verbs: r.verbs ?? [],
    }));
}

/** The message of upstream's `ErrGroupDiscoveryFailed`. */
export function discoveryFailureMessage(failed: Map<string, string>): string {
  const parts = [...failed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([gv, e]) => `${gv}: ${e}`);
  return `Discovery failed for some groups, ${failed.size} failing: unable to retrieve the complete list of server APIs: ${parts.join(', ')}`;
}

/** Discovers the namespaced deletable resources the server serves. */
export async function discoverDeletableResources(
  rest: RestClient,
  signal?: AbortSignal,
): Promise<DiscoveryResult> {
  const paths: [string, string][] = [['v1', '/api/v1']];
  const groups = await rest.request<APIGroupList>({ method: 'GET', path: '/apis', signal });
  for (const g of groups.groups ?? []) {
    const gv = g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion;
    if (gv) paths.push([gv, `/apis/${gv}`]);
  }
  const result: DiscoveryResult = { resources: [], failed: new Map(), unparsable: [] };
  const lists = await Promise.all(
    paths.map(async ([gv, path]) => {
      try {
        return await rest.request<APIResourceList>({ method: 'GET', path, signal });
      } catch (err) {
        result.failed.set(gv, (err as Error).message);
        return undefined;
      }
    }),
  );
  for (const list of lists) {
    if (!list) continue;
    const rs = deletableResources(list);
    if (rs) result.resources.push(...rs);
    else result.unparsable.push(list.groupVersion);
  }
  return result;
}
