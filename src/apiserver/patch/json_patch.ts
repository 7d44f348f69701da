/**
 * RFC 6902 JSON Patch, applied exactly as kube-apiserver applies it: with
 * gopkg.in/evanphx/json-patch.v4, which the PATCH handler calls for
 * `application/json-patch+json`. Its behaviour differs from the RFC in a few places, and clients
 * see those differences, so they are kept:
 * - a JSON pointer's first segment is not checked to be empty (`a/b` addresses `/b`);
 * - array indexes may be negative and count from the end (`/-1` is the last element);
 * - `replace` of a missing object member adds it; `copy` from a missing member copies `null`;
 * - `test` treats a missing member and `null` as equal, and an `add` without `value` adds `null`.
 *
 * Errors: a body that is not a list of operation objects is 400 BadRequest, more than 10000
 * operations is 413, and an operation that cannot be applied is 422 (see patch_errors.ts).
 */
import { requestEntityTooLargeError } from '../../api/status_error.js';
import type { JsonObject, JsonValue } from './json_value.js';
import { cloneJson, getKey, hasKey, isJsonObject, jsonEqual, setKey } from './json_value.js';
import { PatchUnprocessableError, patchBadRequest } from './patch_errors.js';

/** The most operations one JSON patch may hold (upstream's `maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** One decoded operation: an object (its fields are read lazily, as upstream does) or null. */
export type JsonPatchOperation = JsonObject | null;

type Container = JsonObject | JsonValue[];

/** A failure to apply one operation; the message mirrors upstream's error text. */
class ApplyFailure extends Error {}

/**
 * Checks that `patch` is a JSON patch document (a list of objects; `null` is an empty patch) and
 * returns its operations. Throws 400 BadRequest with Go's decoding message otherwise.
 */
export function decodeJsonPatch(patch: JsonValue): JsonPatchOperation[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw patchBadRequest(
      `json: cannot unmarshal ${goJsonType(patch)} into Go value of type jsonpatch.Patch`,
    );
  }
  return patch.map((operation) => {
    if (operation === null || isJsonObject(operation)) return operation;
    throw patchBadRequest(
      `json: cannot unmarshal ${goJsonType(operation)} into Go value of type jsonpatch.Operation`,
    );
  });
}

/**
 * Applies the JSON patch `patch` to `document` and returns the patched document. Neither input is
 * modified. Throws 400 for a malformed patch, 413 for too many operations, and 422
 * (`PatchUnprocessableError`, whose `detail` says why) when an operation cannot be applied.
 */
export function applyJsonPatch(document: JsonValue, patch: JsonValue): JsonValue {
  const operations = decodeJsonPatch(patch);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLargeError(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
    );
  }
  let doc = cloneJson(document);
  try {
    if (!Array.isArray(doc) && !isJsonObject(doc)) {
      throw new ApplyFailure(
        `json: cannot unmarshal ${goJsonType(doc)} into Go value of type jsonpatch.partialDoc`,
      );
    }
    for (const operation of operations) doc = applyOperation(doc, operation ?? {});
  } catch (err) {
    if (err instanceof ApplyFailure) throw new PatchUnprocessableError(err.message);
    throw err;
  }
  return doc;
}

function applyOperation(doc: Container, operation: JsonObject): Container {
  const op = getKey(operation, 'op');
  const kind = typeof op === 'string' ? op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = readPointer(operation, 'path', 'add operation failed to decode path');
      const target = locate(doc, path, `add operation does not apply: doc is missing path: "${path}"`);
      add(target, valueOf(operation) ?? null, `error in add for path: '${path}'`);
      return doc;
    }
    case 'remove': {
      const path = readPointer(operation, 'path', 'remove operation failed to decode path');
      const target = locate(doc, path, `remove operation does not apply: doc is missing path: "${path}"`);
      remove(target, `error in remove for path: '${path}'`);
      return doc;
    }
    case 'replace':
      return replace(doc, operation);
    case 'move': {
      const from = readPointer(operation, 'from', 'move operation failed to decode from');
      const source = locate(doc, from, `move operation does not apply: doc is missing from path: ${from}`);
      const value = get(source, `error in move for path: '${source.key}'`);
      remove(source, `error in move for path: '${source.key}'`);
      const path = readPointer(operation, 'path', 'move operation failed to decode path');
      const target = locate(
        doc,
        path,
        `move operation does not apply: doc is missing destination path: ${path}`,
      );
      add(target, value ?? null, `error in move for path: '${path}'`);
      return doc;
    }
    case 'copy': {
      const from = readPointer(operation, 'from', 'copy operation failed to decode from');
      const source = locate(doc, from, `copy operation does not apply: doc is missing from path: ${from}`);
      const value = get(source, `error in copy for from: '${from}'`);
      const path = readPointer(operation, 'path', 'copy operation failed to decode path');
      const target = locate(
        doc,
        path,
        `copy operation does not apply: doc is missing destination path: ${path}`,
      );
      add(target, value === undefined ? null : cloneJson(value), 'error while adding value during copy');
      return doc;
    }
    case 'test':
      test(doc, operation);
      return doc;
    default:
      throw new ApplyFailure(`Unexpected kind: ${kind}`);
  }
}

function replace(doc: Container, operation: JsonObject): Container {
  const path = readPointer(operation, 'path', 'replace operation failed to decode path');
  const value = valueOf(operation);
  if (path === '') {
    if (value === undefined || (!Array.isArray(value) && !isJsonObject(value))) {
      throw new ApplyFailure('replace operation value must be object or array');
    }
    return cloneJson(value);
  }
  const target = locate(doc, path, `replace operation does not apply: doc is missing path: ${path}`);
  get(target, `replace operation does not apply: doc is missing key: ${path}`);
  set(target, value ?? null);
  return doc;
}

function test(doc: Container, operation: JsonObject): void {
  const path = readPointer(operation, 'path', 'test operation failed to decode path');
  const expected = valueOf(operation);
  const failed = new ApplyFailure(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (expected === undefined || !jsonEqual(doc, expected)) throw failed;
    return;
  }
  const target = locate(doc, path, `test operation does not apply: is missing path: ${path}`);
  const actual = get(target, `error in test for path: '${path}'`);
  if (actual === undefined || actual === null) {
    if (expected === undefined || expected === null) return;
    throw failed;
  }
  if (expected === undefined || !jsonEqual(actual, expected)) throw failed;
}

/** The operation's `value` (a clone, so the result never aliases the patch), or undefined. */
function valueOf(operation: JsonObject): JsonValue | undefined {
  return hasKey(operation, 'value') ? cloneJson(operation.value ?? null) : undefined;
}

function readPointer(operation: JsonObject, field: 'path' | 'from', context: string): string {
  const value = getKey(operation, field);
  if (value === undefined || value === null) throw new ApplyFailure(`${context}: missing value`);
  if (typeof value !== 'string') {
    throw new ApplyFailure(
      `${context}: json: cannot unmarshal ${goJsonType(value)} into Go value of type string`,
    );
  }
  return value;
}

interface Location {
  readonly container: Container;
  readonly key: string;
}

/**
 * The container holding the value `path` points at, and the last (decoded) token. Like upstream,
 * every intermediate value must exist, be non-null and be an object or an array.
 */
function locate(doc: Container, path: string, missing: string): Location {
  const tokens = path.split('/');
  if (tokens.length < 2) throw new ApplyFailure(`${missing}: missing value`);
  let current: Container = doc;
  for (const token of tokens.slice(1, -1)) {
    let next: JsonValue | undefined;
    try {
      next = get({ container: current, key: decodeToken(token) }, '');
    } catch {
      throw new ApplyFailure(`${missing}: missing value`);
    }
    if (Array.isArray(next) || isJsonObject(next)) current = next;
    else throw new ApplyFailure(`${missing}: missing value`);
  }
  return { container: current, key: decodeToken(tokens[tokens.length - 1] ?? '') };
}

/** RFC 6901 unescaping: `~1` is `/`, `~0` is `~`, decoded in one left-to-right pass. */
export function decodeToken(token: string): string {
  return token.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

function get(location: Location, context: string): JsonValue | undefined {
  const { container, key } = location;
  if (!Array.isArray(container)) return getKey(container, key);
  const index = resolveIndex(container.length, parseIndex(key, context), context);
  if (index >= container.length) throw new ApplyFailure(`${context}: ${invalidIndex(index)}`);
  return container[index];
}

function set(location: Location, value: JsonValue): void {
  const { container, key } = location;
  if (!Array.isArray(container)) setKey(container, key, value);
  else container[resolveIndex(container.length, parseIndex(key, ''), '')] = value;
}

function add(location: Location, value: JsonValue, context: string): void {
  const { container, key } = location;
  if (!Array.isArray(container)) {
    setKey(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = parseIndex(key, `${context}: value was not a proper array index: '${key}'`);
  const size = container.length + 1;
  if (index >= size) throw new ApplyFailure(`${context}: ${invalidIndex(index)}`);
  container.splice(resolveIndex(size, index, context), 0, value);
}

function remove(location: Location, context: string): void {
  const { container, key } = location;
  if (!Array.isArray(container)) {
    if (!hasKey(container, key)) {
      throw new ApplyFailure(`${context}: Unable to remove nonexistent key: ${key}: missing value`);
    }
    delete container[key];
    return;
  }
  const index = parseIndex(key, context);
  if (index >= container.length) throw new ApplyFailure(`${context}: ${invalidIndex(index)}`);
  container.splice(resolveIndex(container.length, index, context), 1);
}

/** Go's `strconv.Atoi`: an optional sign and decimal digits, within int64. */
function parseIndex(key: string, context: string): number {
  const index = /^[+-]?[0-9]+$/.test(key) ? Number(key) : NaN;
  if (Number.isNaN(index))
    throw new ApplyFailure(`${context}: strconv.Atoi: parsing "${key}": invalid syntax`);
  if (!Number.isSafeInteger(index)) {
    throw new ApplyFailure(`${context}: strconv.Atoi: parsing "${key}": value out of range`);
  }
  return index;
}

/** A negative index counts from the end of a list of `length` items. */
function resolveIndex(length: number, index: number, context: string): number {
  if (index >= 0) return index;
  if (index < -length) throw new ApplyFailure(`${context}: ${invalidIndex(index)}`);
  return index + length;
}

function invalidIndex(index: number): string {
  return `Unable to access invalid index: ${index}: invalid index referenced`;
}

/** The JSON type name Go's decoder uses in `cannot unmarshal X into …`. */
function goJsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}
