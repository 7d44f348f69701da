/**
 * Plain JSON values, as the patch algorithms see objects: `null`, booleans, numbers, strings,
 * arrays and string-keyed objects. The helpers here read and write object keys as own data
 * properties only, so a key such as `__proto__` is an ordinary key and never a prototype.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `object` has `key` as its own property. */
export function hasKey(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value under `key`, or `undefined` when the object has no such own key. */
export function getKey(object: JsonObject, key: string): JsonValue | undefined {
  return hasKey(object, key) ? object[key] : undefined;
}

/** Sets `object[key] = value` as an own data property (safe for `__proto__`). */
export function setKey(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A deep copy of a JSON value; the copy shares nothing with the input. */
export function cloneJson<T extends JsonValue>(value: T): T;
export function cloneJson(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item));
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) setKey(copy, key, cloneJson(item));
    return copy;
  }
  return value;
}

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => hasKey(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The Go dynamic type a JSON value decodes to in apimachinery's unstructured maps (integers are
 * kept as int64, other numbers are float64). Upstream compares these types to decide whether two
 * values can be merged.
 */
export type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

/** The `GoKind` of a JSON value. */
export function goKind(value: JsonValue): GoKind {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int64' : 'float64';
    default:
      return 'map';
  }
}

/**
 * Go's `==` on two interface values holding decoded JSON: equal scalars of the same Go type.
 * Maps and slices never compare equal (Go would panic; upstream never relies on it).
 */
export function goScalarEqual(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'object' && a !== null) return false;
  return a === b && goKind(a) === goKind(b);
}
