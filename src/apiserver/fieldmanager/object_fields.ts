/**
 * Field sets of objects and the operations apply performs on objects by field path: the set of
 * fields an object (or applied configuration) sets, the value at a path, merging an applied
 * configuration into the live object, and removing fields.
 */
import { deepEqual, isPlainObject } from '../../api/object.js';
import { FieldSet } from './field_set.js';
import type { FieldInfo, TypeInfo } from './type_info.js';

/** The path element of a keyed-list item, or undefined when the item lacks a key field. */
export function itemKey(item: unknown, keys: readonly string[]): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const k: Record<string, unknown> = {};
  for (const name of [...keys].sort()) {
    if (item[name] === undefined || item[name] === null) return undefined;
    k[name] = item[name];
  }
  return `k:${JSON.stringify(k)}`;
}

function addValue(node: FieldSet, value: unknown, info: FieldInfo | undefined): void {
  if (isPlainObject(value) && !info?.atomic && Object.keys(value).length > 0) {
    addFields(node, value, info?.type);
    return;
  }
  if (Array.isArray(value) && info && info.list.kind !== 'atomic' && value.length > 0) {
    const list = info.list;
    if (list.kind === 'map') {
      const keys = value.map((item) => itemKey(item, list.keys));
      if (keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
        value.forEach((item, i) => {
          const n = node.child(keys[i]!);
          n.member = true;
          addFields(n, item as Record<string, unknown>, info.type);
        });
        return;
      }
    } else if (value.every((v) => v === null || typeof v !== 'object')) {
      for (const v of value) node.child(`v:${JSON.stringify(v)}`).member = true;
      return;
    }
  }
  node.member = true;
}

function addFields(node: FieldSet, obj: Record<string, unknown>, type: TypeInfo | undefined): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    addValue(node.child(`f:${key}`), value, type?.field(key));
  }
}

/** The set of fields `obj` sets (every leaf, and every keyed-list item). */
export function fieldSetOf(obj: Record<string, unknown>, type: TypeInfo | undefined): FieldSet {
  const s = new FieldSet();
  addFields(s, obj, type);
  return s;
}

/** The value at `path` in `obj`: `{found: false}` when absent. */
export function valueAt(
  obj: unknown,
  path: readonly string[],
  type: TypeInfo | undefined,
): { found: boolean; value?: unknown } {
  let cur: unknown = obj;
  let t = type;
  let info: FieldInfo | undefined;
  for (const e of path) {
    const body = e.slice(2);
    if (e.startsWith('f:')) {
      if (!isPlainObject(cur) || !(body in cur)) return { found: false };
      info = t?.field(body);
      cur = cur[body];
      t = info?.type;
    } else if (e.startsWith('k:')) {
      if (!Array.isArray(cur) || info?.list.kind !== 'map') return { found: false };
      const keys = info.list.keys;
      cur = cur.find((item) => itemKey(item, keys) === e);
      if (cur === undefined) return { found: false };
    } else if (e.startsWith('v:')) {
      if (!Array.isArray(cur)) return { found: false };
      const v: unknown = JSON.parse(body);
      return cur.some((x) => deepEqual(x, v)) ? { found: true, value: v } : { found: false };
    } else return { found: false };
  }
  return { found: true, value: cur };
}

function mergeValue(live: unknown, applied: unknown, info: FieldInfo | undefined): unknown {
  if (isPlainObject(live) && isPlainObject(applied) && !info?.atomic)
    return mergeObjects(live, applied, info?.type);
  if (Array.isArray(live) && Array.isArray(applied) && info) {
    const list = info.list;
    if (list.kind === 'map') {
      const out = [...live];
      for (const item of applied) {
        const k = itemKey(item, list.keys);
        const i = k === undefined ? -1 : out.findIndex((x) => itemKey(x, list.keys) === k);
        if (i >= 0) out[i] = mergeValue(out[i], item, { list: { kind: 'atomic' }, type: info.type });
        else out.push(item);
      }
      return out;
    }
    if (list.kind === 'set') {
      const out = [...live];
      for (const v of applied) if (!out.some((x) => deepEqual(x, v))) out.push(v);
      return out;
    }
  }
  return structuredClone(applied);
}

/** `live` with the applied configuration merged in (maps key by key, keyed lists by key, sets by value). */
export function mergeObjects(
  live: Record<string, unknown>,
  applied: Record<string, unknown>,
  type: TypeInfo | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(applied)) {
    if (value === undefined) continue;
    out[key] = mergeValue(live[key], value, type?.field(key));
  }
  return out;
}

/**
 * Removes from `obj` (in place) the members of `remove`, except where `keep` still has members
 * below the same path (a keyed-list item another manager owns part of stays).
 */
export function removeFields(
  obj: Record<string, unknown>,
  remove: FieldSet,
  keep: FieldSet,
  type: TypeInfo | undefined,
): void {
  for (const [e, node] of remove.children) {
    if (!e.startsWith('f:')) continue;
    const key = e.slice(2);
    if (!(key in obj)) continue;
    const kept = keep.children.get(e);
    const info = type?.field(key);
    if (node.member && (!kept || kept.isEmpty())) {
      delete obj[key];
      continue;
    }
    const value = obj[key];
    if (isPlainObject(value)) {
      removeFields(value, node, kept ?? new FieldSet(), info?.type);
      // A map emptied by the removal disappears, as an omitempty field does upstream.
      if (Object.keys(value).length === 0) delete obj[key];
    } else if (Array.isArray(value) && info) {
      const rest = removeItems(value, node, kept ?? new FieldSet(), info);
      if (rest.length) obj[key] = rest;
      else delete obj[key];
    }
  }
}

function removeItems(list: unknown[], remove: FieldSet, keep: FieldSet, info: FieldInfo): unknown[] {
  const out: unknown[] = [];
  for (const item of list) {
    let e: string | undefined;
    if (info.list.kind === 'map') e = itemKey(item, info.list.keys);
    else if (info.list.kind === 'set') e = `v:${JSON.stringify(item)}`;
    const node = e === undefined ? undefined : remove.children.get(e);
    if (!node) {
      out.push(item);
      continue;
    }
    const kept = keep.children.get(e!);
    if (node.member && (!kept || kept.isEmpty())) continue;
    if (isPlainObject(item)) {
      const copy = { ...item };
      removeFields(copy, node, kept ?? new FieldSet(), info.type);
      out.push(copy);
    } else out.push(item);
  }
  return out;
}
