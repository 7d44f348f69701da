/**
 * JSON merge patch (RFC 7386): `null` deletes a member, objects merge recursively, everything else
 * replaces. `mergePatch` is the RFC's algorithm; `applyMergePatch` is what kube-apiserver does for
 * `application/merge-patch+json` (gopkg.in/evanphx/json-patch.v4 `MergePatch`), which also strips
 * `null` members from objects nested in arrays that it adopts, and rejects patches that are not
 * objects or arrays. `createMergePatch` computes the patch between two objects.
 */
import type { JsonObject, JsonValue } from './json_value.js';
import { cloneJson, getKey, hasKey, isJsonObject, jsonEqual, setKey } from './json_value.js';
import { patchBadRequest } from './patch_errors.js';

/** The message upstream answers (400) for a merge patch that is `null` or a scalar. */
export const INVALID_MERGE_PATCH_MESSAGE = 'Invalid JSON Patch';

/**
 * RFC 7386 `MergePatch(target, patch)`: returns the patched value; inputs are not modified. An
 * absent target is written `undefined`.
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setKey(result, key, mergePatch(getKey(result, key), value));
  }
  return result;
}

/**
 * Applies a merge patch as kube-apiserver does. `patch` must be an object or an array (an array
 * replaces the whole document); `null` and scalars are 400 BadRequest "Invalid JSON Patch".
 * Values the patch adds wholesale lose their `null` members at every depth, including inside
 * arrays; a non-object value replacing an object is taken as is. Inputs are not modified.
 */
export function applyMergePatch(document: JsonValue, patch: JsonValue): JsonValue {
  if (Array.isArray(patch)) return pruneNulls(cloneJson(patch));
  if (!isJsonObject(patch)) throw patchBadRequest(INVALID_MERGE_PATCH_MESSAGE);
  if (!isJsonObject(document)) return pruneNulls(cloneJson(patch));
  const result = cloneJson(document);
  mergeObjects(result, cloneJson(patch));
  return result;
}

/** evanphx's `mergeDocs`: merges `patch` into `doc` in place. */
function mergeObjects(doc: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = getKey(doc, key);
    if (current === undefined || current === null) setKey(doc, key, pruneNulls(value));
    else setKey(doc, key, mergeValues(current, value));
  }
}

/** evanphx's `merge`: the value of a member present in both the document and the patch. */
function mergeValues(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(current)) return pruneNulls(patch);
  if (!isJsonObject(patch)) return patch;
  mergeObjects(current, patch);
  return current;
}

/** Removes `null` object members at every depth (array elements that are null stay), in place. */
function pruneNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    for (const item of value) pruneNulls(item);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else pruneNulls(item);
    }
  }
  return value;
}

/**
 * The merge patch that turns `original` into `modified` (as evanphx's `CreateMergePatch` for
 * objects): members added or changed in `modified` with their new values, nested objects as
 * nested patches, and members that `modified` lacks as `null`. Arrays are compared whole. When
 * either input is not an object the patch is `modified` itself (RFC 7386: a non-object patch
 * replaces the target).
 */
export function createMergePatch(original: JsonValue, modified: JsonValue): JsonValue {
  if (!isJsonObject(original) || !isJsonObject(modified)) return cloneJson(modified);
  return diffObjects(original, modified);
}

function diffObjects(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(modified)) {
    const before = getKey(original, key);
    if (before === undefined || !sameJsonType(before, value)) {
      setKey(patch, key, cloneJson(value));
    } else if (isJsonObject(before) && isJsonObject(value)) {
      const nested = diffObjects(before, value);
      if (Object.keys(nested).length > 0) setKey(patch, key, nested);
    } else if (!jsonEqual(before, value)) {
      setKey(patch, key, cloneJson(value));
    }
  }
  for (const key of Object.keys(original)) {
    if (!hasKey(modified, key)) setKey(patch, key, null);
  }
  return patch;
}

/** Same JSON type, as Go's `reflect.TypeOf` after a plain `json.Unmarshal` (all numbers float64). */
function sameJsonType(a: JsonValue, b: JsonValue): boolean {
  const type = (v: JsonValue) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  return type(a) === type(b);
}
