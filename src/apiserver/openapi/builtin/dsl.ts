/**
 * A small language for writing the OpenAPI definitions of built-in types compactly. A definition
 * is stored in canonical form: a reference names its definition (`{ $ref:
 * 'io.k8s.api.core.v1.Container' }`) and may carry siblings such as a description; the
 * documents (render.ts) turn names into `#/definitions/…` or `#/components/schemas/…` and wrap
 * references with siblings in `allOf` for OpenAPI 3.
 */

/** A schema in canonical form. */
export type Schema = Record<string, unknown>;

/** Named definitions in canonical form, keyed by upstream's definition name. */
export type Definitions = Record<string, Schema>;

/** Definition-name prefix of meta.k8s.io v1 types. */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** `resource.Quantity`: a string such as `100m` or `1Gi`. */
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** `intstr.IntOrString`: an integer or a string. */
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
/** `metav1.Time`: an RFC 3339 timestamp with second precision. */
export const TIME = `${META}.Time`;
/** `metav1.MicroTime`: an RFC 3339 timestamp with microsecond precision. */
export const MICRO_TIME = `${META}.MicroTime`;
/** `runtime.RawExtension`: an embedded object of any shape. */
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** A string field. */
export const str = (description: string): Schema => ({ type: 'string', description });
/** A string field whose value is one of `values` (upstream's `+enum`). */
export const enumOf = (values: string[], description: string): Schema => ({
  type: 'string',
  enum: values,
  description,
});
/** A 32-bit integer field. */
export const int32 = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
/** A 64-bit integer field. */
export const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', description });
/** A floating-point field. */
export const double = (description: string): Schema => ({ type: 'number', format: 'double', description });
/** A boolean field. */
export const bool = (description: string): Schema => ({ type: 'boolean', description });
/** Base64-encoded bytes (`[]byte`). */
export const bytes = (description: string): Schema => ({ type: 'string', format: 'byte', description });
/** A reference to the definition `name`, with a description. */
export const ref = (name: string, description: string): Schema => ({ $ref: name, description });
/** A bare reference to `name` (list items, map values). */
export const to = (name: string): Schema => ({ $ref: name });
/** A `Quantity` field. */
export const quantity = (description: string): Schema => ref(QUANTITY, description);
/** An `IntOrString` field. */
export const intOrString = (description: string): Schema => ref(INT_OR_STRING, description);
/** A `Time` field. */
export const time = (description: string): Schema => ref(TIME, description);
/** A `MicroTime` field. */
export const microTime = (description: string): Schema => ref(MICRO_TIME, description);
/** The standard object metadata of a kind or template. */
export const objectMeta = (description = 'Standard object metadata.'): Schema =>
  ref(`${META}.ObjectMeta`, description);

/** A map with string keys and values of schema `values`. */
export const mapOf = (values: Schema, description: string): Schema => ({
  type: 'object',
  additionalProperties: values,
  description,
});
/** A map of strings to strings (labels, selectors, options). */
export const stringMap = (description: string): Schema => mapOf({ type: 'string', default: '' }, description);
/** A map of resource names to quantities (limits, capacity, hard). */
export const quantityMap = (description: string): Schema => mapOf(to(QUANTITY), description);

/** Upstream's list and patch annotations of a list field. */
export type ListMeta = Schema;
/** `+listType=atomic`: the list is replaced as a whole. */
export const atomic: ListMeta = { 'x-kubernetes-list-type': 'atomic' };
/** `+listType=set`: the items are unique scalars. */
export const set: ListMeta = { 'x-kubernetes-list-type': 'set' };
/** `+listType=map` with `+listMapKey`s: the items are keyed by those fields. */
export const mapKeys = (...keys: string[]): ListMeta => ({
  'x-kubernetes-list-map-keys': keys,
  'x-kubernetes-list-type': 'map',
});
/** `+patchMergeKey` and `+patchStrategy` (merge by default) for strategic merge patch. */
export const patch = (key: string | undefined, strategy = 'merge'): ListMeta => ({
  ...(key ? { 'x-kubernetes-patch-merge-key': key } : {}),
  'x-kubernetes-patch-strategy': strategy,
});

/** A list of `items`, with upstream's annotations. */
export const list = (items: Schema, description: string, ...meta: ListMeta[]): Schema =>
  Object.assign({ type: 'array', items, description }, ...meta);
/** A list of strings. */
export const strings = (description: string, ...meta: ListMeta[]): Schema =>
  list({ type: 'string', default: '' }, description, ...meta);
/** A list of references to `name`. */
export const listOf = (name: string, description: string, ...meta: ListMeta[]): Schema =>
  list(to(name), description, ...meta);

/** A struct: an object with exactly these fields (others are unknown). */
export function struct(description: string, properties: Record<string, Schema>, required?: string[]): Schema {
  return {
    type: 'object',
    description,
    properties,
    ...(required && required.length ? { required } : {}),
  };
}

/**
 * A kind: a struct with apiVersion, kind and metadata before `properties`, and the
 * group/version/kind it is served as.
 */
export function kind(
  gvk: { group: string; version: string; kind: string },
  description: string,
  properties: Record<string, Schema>,
  required?: string[],
): Schema {
  return {
    ...struct(
      description,
      {
        apiVersion: str('The versioned schema of this object: group/version.'),
        kind: str('The REST resource this object represents.'),
        metadata: objectMeta(),
        ...properties,
      },
      required,
    ),
    'x-kubernetes-group-version-kind': [gvk],
  };
}

/** Joins a group's definitions, refusing a name defined twice. */
export function merged(...parts: Definitions[]): Definitions {
  const out: Definitions = {};
  for (const part of parts) {
    for (const [name, schema] of Object.entries(part)) {
      if (name in out) throw new Error(`definition ${name} declared twice`);
      out[name] = schema;
    }
  }
  return out;
}
