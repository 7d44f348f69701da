/**
 * Pruning of custom resources: fields a structural schema does not declare are dropped, unless
 * `x-kubernetes-preserve-unknown-fields` keeps them; `additionalProperties` declares every key.
 * At the root (and in `x-kubernetes-embedded-resource` objects) apiVersion and kind are kept and
 * metadata keeps the ObjectMeta fields only. The dropped paths are returned, for
 * `fieldValidation` (`unknown field "spec.foo"`).
 */
import { isPlainObject } from '../../api/object.js';
import type { JSONSchemaProps } from './json_schema.js';
import { childPath, indexPath, isEmbeddedResource, preservesUnknown } from './json_schema.js';

/** The fields of `metav1.ObjectMeta`. */
export const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const TYPE_META = new Set(['apiVersion', 'kind']);

/**
 * Prunes a whole custom resource in place against its version's schema; returns the pruned
 * field paths, sorted.
 */
export function pruneObject(obj: Record<string, unknown>, schema: JSONSchemaProps | undefined): string[] {
  const pruned: string[] = [];
  pruneResource(obj, schema, '', pruned);
  return pruned.sort();
}

/** An object with apiVersion/kind/metadata (the root, or an embedded resource). */
function pruneResource(
  obj: Record<string, unknown>,
  schema: JSONSchemaProps | undefined,
  path: string,
  pruned: string[],
): void {
  if (isPlainObject(obj.metadata)) pruneMetadata(obj.metadata, childPath(path, 'metadata'), pruned);
  const preserve = !!schema && preservesUnknown(schema);
  const props = schema && isPlainObject(schema.properties) ? schema.properties : {};
  for (const k of Object.keys(obj)) {
    if (TYPE_META.has(k) || k === 'metadata') continue;
    pruneField(obj, k, props[k], schema, preserve, path, pruned);
  }
}

function pruneMetadata(meta: Record<string, unknown>, path: string, pruned: string[]): void {
  for (const k of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(k)) {
      pruned.push(childPath(path, k));
      delete meta[k];
    }
  }
}

function pruneField(
  obj: Record<string, unknown>,
  key: string,
  prop: JSONSchemaProps | undefined,
  parent: JSONSchemaProps | undefined,
  preserve: boolean,
  path: string,
  pruned: string[],
): void {
  const p = childPath(path, key);
  if (prop) return prune(obj[key], prop, p, pruned);
  const extra = parent?.additionalProperties;
  if (isPlainObject(extra)) return prune(obj[key], extra as JSONSchemaProps, p, pruned);
  if (extra === true || preserve) return;
  pruned.push(p);
  delete obj[key];
}

/** Prunes `value` (at `path`) against `schema`. */
function prune(value: unknown, schema: JSONSchemaProps, path: string, pruned: string[]): void {
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, i) => prune(item, schema.items!, indexPath(path, i), pruned));
    return;
  }
  if (!isPlainObject(value)) return;
  if (isEmbeddedResource(schema)) return pruneResource(value, schema, path, pruned);
  const preserve = preservesUnknown(schema);
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  for (const k of Object.keys(value)) pruneField(value, k, props[k], schema, preserve, path, pruned);
}
