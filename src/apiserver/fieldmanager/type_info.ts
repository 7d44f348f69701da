/**
 * What server-side apply needs to know about a type: for each field, whether a list in it is a
 * map keyed by some fields (`x-kubernetes-list-type: map`), a set of scalars, or atomic, and the
 * type of its values. Built-in kinds answer from the strategic-merge-patch metadata (merge keys),
 * custom resources from their OpenAPI v3 schema. Unknown fields: objects are maps, lists atomic.
 */
import { isPlainObject } from '../../api/object.js';
import type { PatchMeta } from '../patch/patch_meta.js';

/** How a list field merges. */
export type ListKind = { kind: 'map'; keys: string[] } | { kind: 'set' } | { kind: 'atomic' };

/** The description of one field. */
export interface FieldInfo {
  list: ListKind;
  /** The type of the field's value (of its items, for a list). */
  type: TypeInfo | undefined;
  /** The whole value is one unit (an atomic map). */
  atomic?: boolean;
}

/** A type: its fields. */
export interface TypeInfo {
  field(key: string): FieldInfo | undefined;
}

const ATOMIC: ListKind = { kind: 'atomic' };

/** The type info of a built-in kind from its patch metadata. */
export function typeFromPatchMeta(meta: PatchMeta | undefined): TypeInfo | undefined {
  if (!meta) return undefined;
  return {
    field(key) {
      const f = meta.field(key);
      if (!f) return undefined;
      const list: ListKind = f.mergeKey
        ? { kind: 'map', keys: [f.mergeKey] }
        : f.strategies.includes('merge')
          ? { kind: 'set' }
          : ATOMIC;
      return { list, type: typeFromPatchMeta(f.type) };
    },
  };
}

/** The type info of an OpenAPI v3 (structural) schema. */
export function typeFromSchema(schema: unknown): TypeInfo | undefined {
  if (!isPlainObject(schema)) return undefined;
  return {
    field(key) {
      const props = isPlainObject(schema.properties) ? schema.properties : undefined;
      const prop =
        props?.[key] ??
        (isPlainObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (!isPlainObject(prop)) return undefined;
      const lt = prop['x-kubernetes-list-type'];
      const keys = prop['x-kubernetes-list-map-keys'];
      const list: ListKind =
        lt === 'map' && Array.isArray(keys) && keys.length
          ? { kind: 'map', keys: keys.map(String) }
          : lt === 'set'
            ? { kind: 'set' }
            : ATOMIC;
      const valueSchema = prop.type === 'array' ? prop.items : prop;
      return { list, type: typeFromSchema(valueSchema), atomic: prop['x-kubernetes-map-type'] === 'atomic' };
    },
  };
}
