/**
 * Field ownership (`metadata.managedFields`), as upstream's field manager: every write records
 * which manager set which fields. An update (create, PUT, PATCH) gives its manager the fields it
 * changed and takes them from the others; server-side apply gives its manager exactly the fields
 * of its configuration, fails with 409 on fields another manager owns with a different value
 * (unless forced, which takes them over), and removes fields the manager applied before and no
 * longer applies when no one else owns them.
 */
import type { KubeObject, ManagedFieldsEntry } from '../../api/object.js';
import { isPlainObject, nowTimestamp } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import { FieldSet, pathString } from './field_set.js';
import { fieldSetOf, mergeObjects, removeFields, valueAt } from './object_fields.js';
import type { TypeInfo } from './type_info.js';

/** Who writes: the manager, the operation's API version, and the subresource ('' for the object). */
export interface Writer {
  manager: string;
  apiVersion: string;
  subresource: string;
  /** Whether the object has a status subresource (its status is not tracked on the main resource). */
  hasStatus: boolean;
  now?: Date;
}

interface Entry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource: string;
  set: FieldSet;
}

const TRACKED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

/** The part of `obj` whose fields are tracked for `writer`: no identity, system metadata or foreign parts. */
function trackedPart(obj: KubeObject, writer: Writer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (writer.subresource === 'status') {
    if (obj.status !== undefined) out.status = obj.status;
    return out;
  }
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && writer.hasStatus) continue;
    if (k === 'metadata') {
      const meta: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(obj.metadata ?? {})) if (TRACKED_METADATA.has(mk)) meta[mk] = mv;
      if (Object.keys(meta).length) out.metadata = meta;
      continue;
    }
    out[k] = v;
  }
  return out;
}

function decodeEntries(list: ManagedFieldsEntry[] | undefined): Entry[] {
  const out: Entry[] = [];
  for (const e of list ?? []) {
    if (!isPlainObject(e) || typeof e.manager !== 'string') continue;
    if (e.operation !== 'Apply' && e.operation !== 'Update') continue;
    let set: FieldSet;
    try {
      set = FieldSet.fromJSON(e.fieldsV1 ?? {});
    } catch {
      continue;
    }
    out.push({
      manager: e.manager,
      operation: e.operation,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      time: typeof e.time === 'string' ? e.time : '',
      subresource: typeof e.subresource === 'string' ? e.subresource : '',
      set,
    });
  }
  return out;
}

function encodeEntries(entries: Entry[]): ManagedFieldsEntry[] | undefined {
  const out: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (e.set.isEmpty()) continue;
    const m: ManagedFieldsEntry = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: e.set.toJSON(),
    };
    if (e.subresource) m.subresource = e.subresource;
    out.push(m);
  }
  return out.length ? out : undefined;
}

function entryFor(entries: Entry[], writer: Writer, operation: 'Apply' | 'Update'): Entry {
  let e = entries.find(
    (x) => x.manager === writer.manager && x.operation === operation && x.subresource === writer.subresource,
  );
  if (!e) {
    e = {
      manager: writer.manager,
      operation,
      apiVersion: '',
      time: '',
      subresource: writer.subresource,
      set: new FieldSet(),
    };
    entries.push(e);
  }
  e.apiVersion = writer.apiVersion;
  e.time = nowTimestamp(writer.now);
  return e;
}

/** Whether the request carries managedFields of its own (which then replace the recorded ones). */
function explicitManagedFields(next: KubeObject, old: KubeObject | undefined): boolean {
  const given = next.metadata.managedFields;
  if (!Array.isArray(given) || given.length === 0) return false;
  return JSON.stringify(given) !== JSON.stringify(old?.metadata.managedFields);
}

/**
 * Records an update (create when `old` is undefined) by `writer` in `next.metadata.managedFields`:
 * the writer owns the fields it added or changed; other managers lose those; removed fields are
 * owned by no one. Managed fields the request sets itself are kept as given (a `[{}]` clears them).
 */
export function recordUpdate(
  next: KubeObject,
  old: KubeObject | undefined,
  writer: Writer,
  type: TypeInfo | undefined,
): void {
  if (explicitManagedFields(next, old)) {
    const kept = encodeEntries(decodeEntries(next.metadata.managedFields));
    if (kept) next.metadata.managedFields = kept;
    else delete next.metadata.managedFields;
    return;
  }
  const entries = decodeEntries(old?.metadata.managedFields);
  const nextPart = trackedPart(next, writer);
  const nextSet = fieldSetOf(nextPart, type);
  let changed: FieldSet;
  let removed = new FieldSet();
  if (!old) changed = nextSet;
  else {
    const oldPart = trackedPart(old, writer);
    const oldSet = fieldSetOf(oldPart, type);
    changed = new FieldSet();
    for (const path of nextSet.members()) {
      const before = valueAt(oldPart, path, type);
      const after = valueAt(nextPart, path, type);
      if (!before.found || JSON.stringify(before.value) !== JSON.stringify(after.value))
        markPath(changed, path);
    }
    removed = oldSet.difference(nextSet);
  }
  if (!changed.isEmpty()) {
    for (const e of entries) e.set = e.set.difference(changed);
    const mine = entryFor(entries, writer, 'Update');
    mine.set = mine.set.union(changed);
  }
  if (!removed.isEmpty()) for (const e of entries) e.set = e.set.difference(removed);
  const encoded = encodeEntries(entries);
  if (encoded) next.metadata.managedFields = encoded;
  else delete next.metadata.managedFields;
}

function markPath(set: FieldSet, path: readonly string[]): void {
  let n = set;
  for (const e of path) n = n.child(e);
  n.member = true;
}

/**
 * Server-side apply of `config` by `writer` onto `live` (undefined: the object does not exist):
 * returns the new object with its managedFields. Throws 409 Conflict listing the conflicting
 * fields as upstream (`Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`)
 * unless `force`.
 */
export function applyConfiguration(
  live: KubeObject | undefined,
  config: KubeObject,
  writer: Writer,
  type: TypeInfo | undefined,
  force: boolean,
): KubeObject {
  const entries = decodeEntries(live?.metadata.managedFields);
  const configPart = trackedPart(config, writer);
  const applied = fieldSetOf(configPart, type);
  const livePart = live ? trackedPart(live, writer) : {};
  const conflicts: { manager: string; subresource: string; apiVersion: string; path: string[] }[] = [];
  for (const e of entries) {
    if (e.manager === writer.manager && e.subresource === writer.subresource) continue;
    for (const path of e.set.intersection(applied).members()) {
      const node = applied.at(path);
      if (node && node.children.size > 0) continue; // a keyed item itself; its leaves are compared
      const want = valueAt(configPart, path, type);
      const have = valueAt(livePart, path, type);
      if (!have.found || JSON.stringify(want.value) === JSON.stringify(have.value)) continue;
      conflicts.push({ manager: e.manager, subresource: e.subresource, apiVersion: e.apiVersion, path });
    }
  }
  if (conflicts.length && !force && !fromLastApplied(live, conflicts, writer, type))
    throw applyConflictError(conflicts);
  for (const c of conflicts) {
    for (const e of entries) {
      if (e.manager === c.manager && e.subresource === c.subresource)
        e.set = e.set.difference(pathSet(c.path));
    }
  }
  const mine = entryFor(entries, writer, 'Apply');
  const previouslyApplied = mine.set;
  mine.set = applied;
  const others = entries.filter((e) => e !== mine).reduce((acc, e) => acc.union(e.set), new FieldSet());
  const toRemove = previouslyApplied.difference(applied).difference(others);

  const base: KubeObject = live
    ? structuredClone(live)
    : { apiVersion: config.apiVersion, kind: config.kind, metadata: {} };
  const merged = mergeObjects(
    base as Record<string, unknown>,
    stripUntracked(config, writer),
    type,
  ) as KubeObject;
  merged.metadata = mergeObjects(
    base.metadata as Record<string, unknown>,
    config.metadata as Record<string, unknown>,
    type?.field('metadata')?.type,
  );
  if (!toRemove.isEmpty()) removeFields(merged as Record<string, unknown>, toRemove, others, type);
  const encoded = encodeEntries(entries);
  if (encoded) merged.metadata.managedFields = encoded;
  else delete merged.metadata.managedFields;
  return merged;
}

/** The configuration without what apply does not set on this endpoint (status on the main resource). */
function stripUntracked(config: KubeObject, writer: Writer): Record<string, unknown> {
  const { metadata: _m, ...rest } = config;
  if (writer.subresource === 'status') return config.status === undefined ? {} : { status: config.status };
  if (writer.hasStatus) delete rest.status;
  return rest;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Upstream's move from client-side to server-side apply: conflicts all on fields the object's
 * last-applied-configuration annotation holds are the client-side applier's own fields, taken over
 * without a conflict.
 */
function fromLastApplied(
  live: KubeObject | undefined,
  conflicts: { path: string[] }[],
  writer: Writer,
  type: TypeInfo | undefined,
): boolean {
  const text = live?.metadata.annotations?.[LAST_APPLIED];
  if (!text) return false;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isPlainObject(last) || !isPlainObject(last.metadata)) return false;
  const lastSet = fieldSetOf(trackedPart(last as KubeObject, writer), type);
  return conflicts.every((c) => lastSet.at(c.path)?.member === true);
}

function pathSet(path: readonly string[]): FieldSet {
  const s = new FieldSet();
  markPath(s, path);
  return s;
}

function applyConflictError(
  conflicts: { manager: string; subresource: string; apiVersion: string; path: string[] }[],
): StatusError {
  const who = (c: (typeof conflicts)[number]) =>
    `${JSON.stringify(c.manager)}${c.subresource ? ` with subresource ${JSON.stringify(c.subresource)}` : ''} using ${c.apiVersion}`;
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${who(c)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${who(c)}: ${pathString(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const k = who(c);
      byManager.set(k, [...(byManager.get(k) ?? []), pathString(c.path)]);
    }
    const parts = [...byManager].map(([owner, paths]) =>
      paths.length === 1
        ? `conflict with ${owner}: ${paths[0]}`
        : `conflicts with ${owner}:\n- ${paths.join('\n- ')}`,
    );
    message = `Apply failed with ${conflicts.length} conflicts: ${parts.join('\n')}`;
  }
  return new StatusError(409, 'Conflict', message, { causes });
}
