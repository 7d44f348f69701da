/**
 * Schema defaults of custom resources (`default:` in a structural schema), applied as
 * upstream's structural defaulting: a property that is absent, or null while not nullable, takes
 * a copy of its default; defaults apply top-down, so a defaulted object gets its own nested
 * defaults. Null values of non-nullable fields without a default are dropped first.
 */
import { isPlainObject } from '../../api/object.js';
import type { JSONSchemaProps } from './json_schema.js';
import { additionalSchema } from './json_schema.js';

const isNonNullableNull = (v: unknown, s: JSONSchemaProps | undefined) =>
  v === null && !!s && s.nullable !== true;

/** Removes, in place, null values of non-nullable properties that have no default. */
export function pruneNonNullableNulls(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) pruneNonNullableNulls(item, schema.items);
    return;
  }
  if (!isPlainObject(value)) return;
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  const extra = additionalSchema(schema);
  for (const [k, v] of Object.entries(value)) {
    const s = props[k] ?? extra;
    if (!s) continue;
    if (isNonNullableNull(v, s) && s.default === undefined) delete value[k];
    else pruneNonNullableNulls(v, s);
  }
}

/** Applies the schema's defaults to `value` in place. */
export function applyDefaults(value: unknown, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      if (isNonNullableNull(value[i], items) && items.default !== undefined)
        value[i] = structuredClone(items.default);
      applyDefaults(value[i], items);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  for (const [k, s] of Object.entries(props)) {
    if (s.default === undefined) continue;
    if (value[k] === undefined || isNonNullableNull(value[k], s)) value[k] = structuredClone(s.default);
  }
  const extra = additionalSchema(schema);
  for (const k of Object.keys(value)) {
    const s = props[k];
    if (s) {
      applyDefaults(value[k], s);
    } else if (extra) {
      if (isNonNullableNull(value[k], extra) && extra.default !== undefined)
        value[k] = structuredClone(extra.default);
      applyDefaults(value[k], extra);
    }
  }
}
