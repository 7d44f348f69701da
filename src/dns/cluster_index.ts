/**
 * The cluster zone's records, indexed by owner name for O(1) answers. It is fed Services,
 * EndpointSlices and Namespaces (from informers) and keeps, per Service, the records that
 * `serviceRecords` computes; a change to a Service or one of its slices recomputes that Service
 * alone. Names that own no record but lie above one (`<ns>.svc.<zone>`, `_tcp.<svc>…`) exist,
 * so queries for them are NODATA rather than NXDOMAIN.
 */
import type { EndpointSlice, Service } from '../api/types/service.js';
import type { ClusterRecord, RecordSet } from './cluster_records.js';
import { SERVICE_NAME_LABEL, serviceRecords } from './cluster_records.js';

interface NameEntry {
  /** Records by the Service (`ns/name`) they come from. */
  bySource: Map<string, ClusterRecord[]>;
  /** All of them, merged. */
  all: ClusterRecord[];
}

function keyOf(ns: unknown, name: unknown): string | undefined {
  return typeof ns === 'string' && typeof name === 'string' && ns && name ? `${ns}/${name}` : undefined;
}

/** An index of the cluster zone. */
export class ClusterIndex {
  /** The zone, lower case, without a trailing dot (`cluster.local`). */
  readonly zone: string;
  private readonly names = new Map<string, NameEntry>();
  /** Reference counts of names that exist (own records or lie above names that do). */
  private readonly existing = new Map<string, number>();
  private readonly services = new Map<string, Service>();
  /** Slices by the `ns/name` of their Service, then by their own key. */
  private readonly slices = new Map<string, Map<string, EndpointSlice>>();
  /** The Service a slice was filed under (its label may change). */
  private readonly sliceOwner = new Map<string, string>();
  private readonly contributions = new Map<string, RecordSet>();
  private readonly namespaces = new Set<string>();
  /** Seconds since the epoch of the last change: the SOA serial. */
  serial: number;

  constructor(
    zone: string,
    private readonly now: () => number = Date.now,
  ) {
    this.zone = zone.toLowerCase().replace(/\.$/, '');
    this.serial = Math.floor(now() / 1000);
  }

  /** Adds or replaces a Service. */
  setService(svc: Service): void {
    const key = keyOf(svc?.metadata?.namespace, svc?.metadata?.name);
    if (!key) return;
    this.services.set(key, svc);
    this.recompute(key);
  }

  /** Removes a Service. */
  deleteService(svc: Service): void {
    const key = keyOf(svc?.metadata?.namespace, svc?.metadata?.name);
    if (!key || !this.services.delete(key)) return;
    this.recompute(key);
  }

  /** Adds or replaces an EndpointSlice. */
  setSlice(slice: EndpointSlice): void {
    const own = keyOf(slice?.metadata?.namespace, slice?.metadata?.name);
    if (!own) return;
    const svcKey = keyOf(slice.metadata.namespace, slice.metadata.labels?.[SERVICE_NAME_LABEL]);
    const before = this.sliceOwner.get(own);
    if (before !== undefined && before !== svcKey) this.deleteSlice(slice);
    if (!svcKey) return;
    let m = this.slices.get(svcKey);
    if (!m) this.slices.set(svcKey, (m = new Map()));
    m.set(own, slice);
    this.sliceOwner.set(own, svcKey);
    this.recompute(svcKey);
  }

  /** Removes an EndpointSlice. */
  deleteSlice(slice: EndpointSlice): void {
    const own = keyOf(slice?.metadata?.namespace, slice?.metadata?.name);
    if (!own) return;
    const svcKey = this.sliceOwner.get(own);
    if (svcKey === undefined) return;
    this.sliceOwner.delete(own);
    const m = this.slices.get(svcKey);
    m?.delete(own);
    if (m?.size === 0) this.slices.delete(svcKey);
    this.recompute(svcKey);
  }

  /** Records that a Namespace exists. */
  setNamespace(name: string): void {
    if (typeof name !== 'string' || !name || this.namespaces.has(name)) return;
    this.namespaces.add(name);
    this.touch();
  }

  /** Records that a Namespace is gone. */
  deleteNamespace(name: string): void {
    if (this.namespaces.delete(name)) this.touch();
  }

  /** Whether a namespace exists (known as a Namespace, or holding a Service with records). */
  namespaceExists(ns: string): boolean {
    return this.namespaces.has(ns) || this.existing.has(`${ns}.svc.${this.zone}`);
  }

  /** The records owned by `name` (lower case, no trailing dot); undefined when none. */
  lookup(name: string): readonly ClusterRecord[] | undefined {
    return this.names.get(name)?.all;
  }

  /** Whether `name` owns records or lies above a name that does (within the zone). */
  exists(name: string): boolean {
    return this.existing.has(name);
  }

  /** The number of owner names indexed. */
  get size(): number {
    return this.names.size;
  }

  private touch(): void {
    this.serial = Math.max(this.serial, Math.floor(this.now() / 1000));
  }

  private recompute(svcKey: string): void {
    const svc = this.services.get(svcKey);
    const next: RecordSet = svc
      ? serviceRecords(svc, this.slices.get(svcKey)?.values() ?? [], this.zone)
      : new Map();
    const prev = this.contributions.get(svcKey);
    if (prev) for (const name of prev.keys()) if (!next.has(name)) this.remove(name, svcKey);
    for (const [name, recs] of next) this.put(name, svcKey, recs, prev?.has(name) ?? false);
    if (next.size > 0) this.contributions.set(svcKey, next);
    else this.contributions.delete(svcKey);
    this.touch();
  }

  private put(name: string, source: string, recs: ClusterRecord[], had: boolean): void {
    let entry = this.names.get(name);
    if (!entry) this.names.set(name, (entry = { bySource: new Map(), all: [] }));
    entry.bySource.set(source, recs);
    entry.all = entry.bySource.size === 1 ? recs : [...entry.bySource.values()].flat();
    if (!had) this.adjustExistence(name, +1);
  }

  private remove(name: string, source: string): void {
    const entry = this.names.get(name);
    if (!entry?.bySource.delete(source)) return;
    if (entry.bySource.size === 0) this.names.delete(name);
    else entry.all = [...entry.bySource.values()].flat();
    this.adjustExistence(name, -1);
  }

  /** Counts `name` and its ancestors down to `<ns>.svc.<zone>` (names in the zone only). */
  private adjustExistence(name: string, delta: number): void {
    const suffix = `.svc.${this.zone}`;
    if (!name.endsWith(suffix)) return;
    let n = name;
    for (;;) {
      const c = (this.existing.get(n) ?? 0) + delta;
      if (c <= 0) this.existing.delete(n);
      else this.existing.set(n, c);
      const dot = n.indexOf('.');
      const parent = n.slice(dot + 1);
      if (parent === suffix.slice(1)) break;
      n = parent;
    }
  }
}
