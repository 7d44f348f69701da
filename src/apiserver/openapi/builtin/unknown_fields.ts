/**
 * The unknown fields of a built-in object, as upstream's decoder finds them when it decodes JSON
 * into Go structs: a key a struct does not declare is dropped (under every field validation
 * mode) and reported by its path (`spec.containers[0].imagee`, `metadata.foo`), in the order
 * the keys appear. Names match case-sensitively. Maps check their values; an object schema
 * with neither properties nor additionalProperties (RawExtension, FieldsV1) is taken as given.
 */
import { isPlainObject } from '../../../api/object.js';
import { childPath, indexPath } from '../../crd/json_schema.js';
import type { Definitions, Schema } from './dsl.js';

/** The schema `s` stands for: references (bare or wrapped in a one-element allOf) followed. */
export function resolveSchema(s: Schema | undefined, defs: Definitions): Schema | undefined {
  for (let depth = 0; s && depth < 8; depth++) {
    if (typeof s.$ref === 'string') s = defs[s.$ref];
    else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties) s = s.allOf[0] as Schema;
    else return s;
  }
  return s;
}

/**
 * Removes from `obj` (in place) every field `schema` does not declare, following references
 * through `defs`; returns the paths removed, in document order.
 */
export function dropUnknownFields(obj: unknown, schema: Schema, defs: Definitions): string[] {
  const dropped: string[] = [];
  walk(obj, schema, '', defs, dropped);
  return dropped;
}

function walk(
  value: unknown,
  schema: Schema | undefined,
  path: string,
  defs: Definitions,
  out: string[],
): void {
  const s = resolveSchema(schema, defs);
  if (!s) return;
  if (Array.isArray(value)) {
    const items = s.items as Schema | undefined;
    if (items) value.forEach((item, i) => walk(item, items, indexPath(path, i), defs, out));
    return;
  }
  if (!isPlainObject(value) || s['x-kubernetes-preserve-unknown-fields'] === true) return;
  const props = isPlainObject(s.properties) ? (s.properties as Record<string, Schema>) : undefined;
  const extra = isPlainObject(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
  if (!props) {
    if (extra) for (const k of Object.keys(value)) walk(value[k], extra, childPath(path, k), defs, out);
    return;
  }
  for (const k of Object.keys(value)) {
    const p = props[k];
    if (p) walk(value[k], p, childPath(path, k), defs, out);
    else {
      out.push(childPath(path, k));
      delete value[k];
    }
  }
}
