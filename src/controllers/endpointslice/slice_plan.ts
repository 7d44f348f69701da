/**
 * Planning EndpointSlice writes, shared by the endpointslice and mirroring controllers as
 * upstream's reconcilers: desired endpoints come grouped by address type and port set; an
 * existing slice of a group keeps the endpoints still desired (updated in place), loses the
 * others, and takes new ones while it has room; what is left goes into new slices of at most
 * `maxEndpointsPerSlice`. Slices left empty, or of groups no longer desired, are deleted. With
 * nothing desired at all, one empty placeholder slice remains (unless the template says not).
 */
import { deepEqual } from '../../api/object.js';
import type { EndpointSlice, SliceEndpoint } from '../../api/types/service.js';

/** Upstream's default `--max-endpoints-per-slice`. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** A port of a slice. */
export type SlicePort = NonNullable<EndpointSlice['ports']>[number];

/** Desired endpoints of one address type and port set. */
export interface EndpointGroup {
  addressType: EndpointSlice['addressType'];
  ports: SlicePort[];
  /** Endpoints by identity (pod uid, or address). */
  endpoints: Map<string, SliceEndpoint>;
}

/** The writes that make the slices as desired. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** What every slice of the owner carries; `newSlice` builds a new one (without endpoints). */
export interface SliceTemplate {
  labels: Record<string, string>;
  newSlice(addressType: EndpointSlice['addressType'], ports: SlicePort[]): EndpointSlice;
  maxEndpointsPerSlice?: number;
  /** Keep one empty slice when nothing is desired (the endpointslice controller; not mirroring). */
  placeholder?: boolean;
}

/** The identity of a slice endpoint: its target's uid, else its first address. */
export function endpointKey(ep: SliceEndpoint): string {
  return ep.targetRef?.uid ? `uid:${ep.targetRef.uid}` : `ip:${ep.addresses[0] ?? ''}`;
}

/** The key of an address type and port set. */
export function groupKey(addressType: string, ports: readonly SlicePort[] | null | undefined): string {
  const ps = (ports ?? [])
    .map((p) => `${p.name ?? ''}/${p.port ?? ''}/${p.protocol ?? 'TCP'}/${p.appProtocol ?? ''}`)
    .sort();
  return `${addressType}|${ps.join(',')}`;
}

const isPlaceholder = (s: EndpointSlice) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0;

/** Plans the writes turning `existing` (the owner's slices) into `groups`. */
export function planSlices(
  groups: readonly EndpointGroup[],
  existing: readonly EndpointSlice[],
  tpl: SliceTemplate,
): SlicePlan {
  const max = tpl.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labelsOk = (s: EndpointSlice) => deepEqual(s.metadata.labels ?? {}, tpl.labels);
  const withLabels = (s: EndpointSlice): EndpointSlice => ({
    ...s,
    metadata: { ...s.metadata, labels: tpl.labels },
  });

  const total = groups.reduce((n, g) => n + g.endpoints.size, 0);
  if (total === 0 && tpl.placeholder === false) return { ...plan, delete: [...existing] };
  if (total === 0) {
    const keep = existing.find(isPlaceholder);
    for (const s of existing) if (s !== keep) plan.delete.push(s);
    if (!keep)
      plan.create.push({ ...tpl.newSlice(groups[0]?.addressType ?? 'IPv4', []), endpoints: [], ports: [] });
    else if (!labelsOk(keep)) plan.update.push(withLabels(keep));
    return plan;
  }

  const byGroup = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = groupKey(s.addressType, s.ports);
    const list = byGroup.get(k) ?? [];
    list.push(s);
    byGroup.set(k, list);
  }
  const wanted = new Set<string>();
  for (const g of groups) {
    if (g.endpoints.size === 0) continue;
    const k = groupKey(g.addressType, g.ports);
    wanted.add(k);
    const placed = new Set<string>();
    const kept: { slice: EndpointSlice; endpoints: SliceEndpoint[]; changed: boolean }[] = [];
    for (const s of byGroup.get(k) ?? []) {
      const endpoints: SliceEndpoint[] = [];
      let changed = !labelsOk(s);
      for (const ep of s.endpoints ?? []) {
        const key = endpointKey(ep);
        const want = g.endpoints.get(key);
        if (!want || placed.has(key)) {
          changed = true;
          continue;
        }
        placed.add(key);
        if (!deepEqual(want, ep)) changed = true;
        endpoints.push(want);
      }
      if (endpoints.length === 0) plan.delete.push(s);
      else kept.push({ slice: s, endpoints, changed });
    }
    const unplaced = [...g.endpoints].filter(([key]) => !placed.has(key)).map(([, ep]) => ep);
    // Fill slices already being written first, then the others with room.
    kept.sort((a, b) => Number(b.changed) - Number(a.changed));
    for (const k2 of kept) {
      while (unplaced.length > 0 && k2.endpoints.length < max) {
        k2.endpoints.push(unplaced.shift()!);
        k2.changed = true;
      }
      if (k2.changed) plan.update.push({ ...withLabels(k2.slice), endpoints: k2.endpoints, ports: g.ports });
    }
    while (unplaced.length > 0) {
      plan.create.push({ ...tpl.newSlice(g.addressType, g.ports), endpoints: unplaced.splice(0, max) });
    }
  }
  for (const [k, slices] of byGroup) if (!wanted.has(k)) plan.delete.push(...slices);
  return plan;
}
