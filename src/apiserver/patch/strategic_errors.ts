/**
 * The errors of strategic merge patch, with upstream's texts (k8s.io/apimachinery
 * pkg/util/mergepatch) and the status each gets from the PATCH handler's
 * `interpretStrategicMergePatchError`: malformed directives are 400 BadRequest, a list of lists is
 * 422, and everything else is a plain error answered as 500 without a reason.
 */
import type { StatusError } from '../../api/status_error.js';
import { goFormat, goFormatString } from './go_format.js';
import type { GoKind, JsonObject, JsonValue } from './json_value.js';
import { goKind } from './json_value.js';
import { PatchInternalError, PatchUnprocessableError, patchBadRequest } from './patch_errors.js';

/** `mergepatch.ErrBadJSONDoc`: the patch is not a JSON object (400). */
export const errBadJSONDoc = (): StatusError => patchBadRequest('invalid JSON document');
/** `mergepatch.ErrBadPatchFormatForPrimitiveList` (400). */
export const errBadPatchFormatForPrimitiveList = (): StatusError =>
  patchBadRequest('invalid patch format of primitive list');
/** `mergepatch.ErrBadPatchFormatForRetainKeys` (400). */
export const errBadPatchFormatForRetainKeys = (): StatusError =>
  patchBadRequest('invalid patch format of retainKeys');
/** `mergepatch.ErrBadPatchFormatForSetElementOrderList` (400). */
export const errBadPatchFormatForSetElementOrderList = (): StatusError =>
  patchBadRequest('invalid patch format of setElementOrder list');
/** `mergepatch.ErrNoListOfLists` (422, sent with upstream's generic message). */
export const errNoListOfLists = (): StatusError =>
  new PatchUnprocessableError('lists of lists are not supported');

/** A plain upstream error (500, no reason, the text as message). */
export const smpInternalError = (message: string): StatusError => new PatchInternalError(message);

/** `mergepatch.ErrNoMergeKey`: `map: map[...] does not contain declared merge key: name`. */
export function errNoMergeKey(map: JsonObject | null, mergeKey: string): StatusError {
  return smpInternalError(
    `map: ${map === null ? 'map[]' : goFormat(map)} does not contain declared merge key: ${mergeKey}`,
  );
}

const GO_TYPE_NAMES: Record<GoKind, string> = {
  nil: '%!s(<nil>)',
  slice: '[]interface {}',
  string: 'string',
  bool: 'bool',
  int64: 'int64',
  float64: 'float64',
  map: 'map[string]interface {}',
};

/** The Go type name of a decoded JSON value, as `reflect.TypeOf(v)` prints with `%s`. */
export function goTypeName(value: JsonValue | undefined): string {
  return GO_TYPE_NAMES[value === undefined ? 'nil' : goKind(value)];
}

/** `mergepatch.ErrBadArgType`: `expected a map[string]interface {}, but received a string`. */
export function errBadArgType(expected: 'map' | 'slice', actual: JsonValue | undefined): StatusError {
  const expectedName = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return smpInternalError(`expected a ${expectedName}, but received a ${goTypeName(actual)}`);
}

/** `mergepatch.ErrBadPatchType`: `unknown patch type: merge in map: map[...]`. */
export function errBadPatchType(directive: JsonValue, map: JsonObject): StatusError {
  return smpInternalError(`unknown patch type: ${goFormatString(directive)} in map: ${goFormat(map)}`);
}
