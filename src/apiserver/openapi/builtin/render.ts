/**
 * Turns canonical definitions (dsl.ts) into the form of an OpenAPI document: references by name
 * become `ref(name)` (`#/definitions/…` in Swagger 2.0, `#/components/schemas/…` in OpenAPI 3),
 * and in OpenAPI 3 a reference with siblings is wrapped in `allOf`, as upstream publishes them.
 */
import { isPlainObject } from '../../../api/object.js';
import type { Definitions, Schema } from './dsl.js';

/** The names a schema refers to, directly or deeper. */
function refsOf(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) refsOf(v, out);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') out.add(v);
    else if (k === 'properties' && isPlainObject(v)) for (const p of Object.values(v)) refsOf(p, out);
    else if (k !== 'enum' && k !== 'default') refsOf(v, out);
  }
}

/**
 * The names reachable from `roots` through `defs` (the roots included, when defined); names
 * that are not in `defs` are left to the caller (meta types come from elsewhere).
 */
export function reachable(roots: Iterable<string>, defs: Definitions): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !defs[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    refsOf(defs[name], refs);
    queue.push(...refs);
  }
  return seen;
}

/**
 * A copy of `schema` with references rendered for a v2 (`v3` false) or v3 document. Swagger 2.0
 * has no `oneOf`: a choice of scalar types becomes the first of them there.
 */
export function renderSchema(schema: unknown, ref: (name: string) => string, v3: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => renderSchema(s, ref, v3));
  if (!isPlainObject(schema)) return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref') continue;
    if (k === 'properties' && isPlainObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, renderSchema(s, ref, v3)]));
    } else out[k] = k === 'enum' || k === 'default' ? structuredClone(v) : renderSchema(v, ref, v3);
  }
  if (!v3 && Array.isArray(schema.oneOf)) {
    delete out.oneOf;
    out.type = (schema.oneOf[0] as Schema).type;
    delete out['x-kubernetes-int-or-string'];
  }
  const name = schema.$ref;
  if (typeof name !== 'string') return out;
  const target = name.startsWith('#') ? name : ref(name);
  if (v3 && Object.keys(out).length > 0) return { ...out, allOf: [{ $ref: target }] };
  return { $ref: target, ...out };
}
