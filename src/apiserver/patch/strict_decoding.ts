/**
 * The strict decoding kube-apiserver does on a PATCH body before applying it when field
 * validation is `Warn` (upstream's default when the request sets none) or `Strict`
 * (handlers/patch.go `applyJSPatch`). A body of the wrong shape is then 400 BadRequest
 * "error decoding patch: …"; unknown fields of JSON patch operations are reported back as
 * "json patch unknown field …" — as warnings under `Warn`, and under `Strict` as a 422 Invalid
 * that the API server raises after decoding the patched object. Strategic merge patches need no
 * step here: their strict decoding only adds duplicate-key reports, which parsed JSON cannot
 * show.
 */
import type { JsonValue } from './json_value.js';
import { isJsonObject } from './json_value.js';
import { patchBadRequest } from './patch_errors.js';

const JSON_PATCH_FIELDS = new Set(['op', 'path', 'from', 'value']);
const STRING_FIELDS = ['op', 'path', 'from'] as const;

/**
 * Checks a JSON patch body as upstream's strict decoding into `[]jsonPatchOp` does. Throws 400
 * for a body or field of the wrong type; returns the strict-decoding errors (unknown fields) in
 * the order they appear.
 */
export function strictJsonPatchErrors(patch: JsonValue): string[] {
  if (patch === null) return [];
  if (!Array.isArray(patch))
    throw decodingError(`${jsonType(patch)} into Go value of type []handlers.jsonPatchOp`);
  const errors: string[] = [];
  for (const operation of patch) {
    if (operation === null) continue;
    if (!isJsonObject(operation)) {
      throw decodingError(`${jsonType(operation)} into Go value of type handlers.jsonPatchOp`);
    }
    for (const field of STRING_FIELDS) {
      const value = operation[field];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw decodingError(`${jsonType(value)} into Go struct field jsonPatchOp.${field} of type string`);
      }
    }
    for (const key of Object.keys(operation)) {
      if (!JSON_PATCH_FIELDS.has(key)) errors.push(`json patch unknown field ${JSON.stringify(key)}`);
    }
  }
  return errors;
}

/** Checks a merge patch body as upstream's strict decoding into a map does: it must be an object (or null). */
export function checkMergePatchStrictly(patch: JsonValue): void {
  if (patch !== null && !isJsonObject(patch)) {
    throw decodingError(`${jsonType(patch)} into Go value of type map[string]interface {}`);
  }
}

function decodingError(what: string) {
  return patchBadRequest(`error decoding patch: json: cannot unmarshal ${what}`);
}

function jsonType(value: JsonValue): string {
  if (Array.isArray(value)) return 'array';
  if (isJsonObject(value)) return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}
