/**
 * The directives of strategic merge patch and the helpers upstream uses to read and drop them:
 * `$patch: replace | delete | merge`, `$retainKeys: [...]`,
 * `$deleteFromPrimitiveList/<field>: [...]` and `$setElementOrder/<field>: [...]`.
 */
import type { StatusError } from '../../api/status_error.js';
import type { JsonValue } from './json_value.js';
import { hasKey, isJsonObject, setKey } from './json_value.js';
import {
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForSetElementOrderList,
  smpInternalError,
} from './strategic_errors.js';

/** The key of a `$patch` directive. */
export const DIRECTIVE_MARKER = '$patch';
/** `$patch: delete`. */
export const DELETE_DIRECTIVE = 'delete';
/** `$patch: replace`. */
export const REPLACE_DIRECTIVE = 'replace';
/** `$patch: merge`, and the `merge` patch strategy. */
export const MERGE_DIRECTIVE = 'merge';
/** The `retainKeys` patch strategy. */
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
/** The key of a `$retainKeys` directive. */
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
/** The prefix of a `$deleteFromPrimitiveList/<field>` key. */
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
/** The prefix of a `$setElementOrder/<field>` key. */
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/**
 * The field name after `<prefix>/` in a parallel-list key (upstream's `extractKey`). Throws 400
 * for a malformed `$deleteFromPrimitiveList` or `$setElementOrder` key.
 */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw errBadPatchFormatForSetElementOrderList();
    throw smpInternalError(`fail to find unknown prefix ${JSON.stringify(prefix)} in ${key}\n`);
  }
  return key.slice(slash + 1);
}

/** A field's strategies split into "retains keys" and the one other strategy ('' when none). */
export interface SplitStrategy {
  readonly retainKeys: boolean;
  readonly strategy: string;
}

/** Upstream's `extractRetainKeysPatchStrategy`; throws (500) for an impossible combination. */
export function splitRetainKeys(strategies: readonly string[]): SplitStrategy {
  const [first = '', second = ''] = strategies;
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) {
    return first === RETAIN_KEYS_STRATEGY
      ? { retainKeys: true, strategy: '' }
      : { retainKeys: false, strategy: first };
  }
  if (strategies.length === 2 && first === RETAIN_KEYS_STRATEGY)
    return { retainKeys: true, strategy: second };
  if (strategies.length === 2 && second === RETAIN_KEYS_STRATEGY)
    return { retainKeys: true, strategy: first };
  throw unexpectedStrategy(strategies);
}

function unexpectedStrategy(strategies: readonly string[]): StatusError {
  return smpInternalError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/** True for a key that is a directive rather than a field. */
export function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`) ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`)
  );
}

/**
 * Upstream's `removeDirectives`, for a patch value adopted where the original has nothing to
 * merge with: objects carrying `$patch` are dropped (from their parent object or list), in place.
 * Returns `keep: false` when `value` itself is such an object.
 */
export function removeDirectives(value: JsonValue): { value: JsonValue; keep: boolean } {
  if (Array.isArray(value)) {
    const kept: JsonValue[] = [];
    for (const item of value) {
      const result = removeDirectives(item);
      if (result.keep) kept.push(result.value);
    }
    return { value: kept, keep: true };
  }
  if (isJsonObject(value)) {
    if (hasKey(value, DIRECTIVE_MARKER)) return { value: null, keep: false };
    for (const [key, item] of Object.entries(value)) {
      const result = removeDirectives(item);
      if (result.keep) setKey(value, key, result.value);
      else delete value[key];
    }
  }
  return { value, keep: true };
}

/** Upstream's `discardNullValuesFromPatch`: drops null object members at every depth, in place. */
export function discardNullValues(value: JsonValue): void {
  if (Array.isArray(value)) {
    for (const item of value) discardNullValues(item);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) delete value[key];
      else discardNullValues(item);
    }
  }
}

/**
 * Drops directive keys left in a merged object, in place. Upstream decodes the merged map into
 * the typed object, which silently drops them; this gives the same result for JSON objects.
 */
export function stripDirectiveKeys(value: JsonValue): void {
  if (Array.isArray(value)) {
    for (const item of value) stripDirectiveKeys(item);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (isDirectiveKey(key)) delete value[key];
      else stripDirectiveKeys(item);
    }
  }
}
