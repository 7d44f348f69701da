/**
 * Kubernetes strategic merge patch, applied as kube-apiserver applies it
 * (k8s.io/apimachinery pkg/util/strategicpatch `StrategicMergeMapPatch`). Like a JSON merge
 * patch, except that:
 * - lists whose field has `patchStrategy: merge` merge item by item — objects by their
 *   `patchMergeKey`, scalars as a set union — instead of being replaced;
 * - directives steer the merge: `$patch: replace | delete` on an object or a list item,
 *   `$retainKeys`, `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
 * The field strategies come from a `PatchMeta` (see patch_meta.ts).
 */
import type { JsonObject, JsonValue } from './json_value.js';
import {
  cloneJson,
  getKey,
  goKind,
  goScalarEqual,
  hasKey,
  isJsonObject,
  jsonEqual,
  setKey,
} from './json_value.js';
import type { PatchMeta } from './patch_meta.js';
import { patchBadRequest } from './patch_errors.js';
import { goFormat } from './go_format.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  discardNullValues,
  extractKey,
  removeDirectives,
  splitRetainKeys,
  stripDirectiveKeys,
} from './strategic_directives.js';
import {
  errBadArgType,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  smpInternalError,
} from './strategic_errors.js';
import {
  extractToDeleteItems,
  findByMergeKey,
  mergeKeyValueEqual,
  deduplicateScalars,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  sliceElementKind,
} from './strategic_list_order.js';

/** Upstream's `MergeOptions`. */
export interface MergeOptions {
  /** Apply `$deleteFromPrimitiveList` and `$setElementOrder` (server side) rather than carry them. */
  readonly mergeParallelList: boolean;
  /** Drop `null` values the original has nothing for, instead of keeping them. */
  readonly ignoreUnmatchedNulls: boolean;
}

const SERVER_SIDE: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };

/**
 * Applies the strategic merge patch `patch` to `original` using `meta`, the metadata of the
 * object's kind, and returns the merged object; inputs are not modified. A `null` patch changes
 * nothing. Throws a `StatusError` as the PATCH handler answers: 400 for a patch that is not an
 * object or has malformed directives, 422 for a list of lists, 500 (no reason) for anything else,
 * e.g. a merge list item without its merge key.
 */
export function strategicMergePatch(original: JsonObject, patch: JsonValue, meta: PatchMeta): JsonObject {
  if (patch === null) return cloneJson(original);
  if (!isJsonObject(patch)) {
    const type = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw patchBadRequest(`json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  const merged = mergeMap(cloneJson(original), cloneJson(patch), meta, SERVER_SIDE);
  stripDirectiveKeys(merged);
  return merged;
}

/**
 * Upstream's `mergeMap`: merges `patch` into `original`. Both are modified; pass copies. Also
 * used to combine two patches when computing a three-way patch (with `mergeParallelList` off).
 */
export function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchMeta | undefined,
  options: MergeOptions,
): JsonObject {
  if (hasKey(patch, DIRECTIVE_MARKER)) return mergeDirective(patch[DIRECTIVE_MARKER] ?? null, patch);
  applyRetainKeysDirective(original, patch, options);
  mergePatchIntoOriginal(original, patch, schema, options);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        setKey(original, patchKey, patchValue);
        continue;
      }
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchValue === null) {
      delete original[key];
      if (options.ignoreUnmatchedNulls) continue;
    }
    const originalValue = getKey(original, key);
    if (originalValue === undefined || goKind(originalValue) !== goKind(patchValue)) {
      if (!isDeleteList) adoptPatchValue(original, key, patchValue, options);
      continue;
    }
    const field = schema?.field(key);
    const { strategy } = splitRetainKeys(field?.strategies ?? []);
    if (isJsonObject(originalValue) && isJsonObject(patchValue)) {
      const merged =
        strategy === REPLACE_DIRECTIVE
          ? patchValue
          : mergeMap(originalValue, patchValue, field?.type, options);
      setKey(original, key, merged);
    } else if (Array.isArray(originalValue) && Array.isArray(patchValue)) {
      const merged = mergeListField(
        originalValue,
        patchValue,
        field?.type,
        strategy,
        field?.mergeKey ?? '',
        isDeleteList,
        options,
      );
      setKey(original, key, merged);
    } else {
      adoptPatchValue(original, key, patchValue, options);
    }
  }
  return original;
}

/** Takes a patch value where there is nothing to merge it with (upstream's `removeDirectives`). */
function adoptPatchValue(original: JsonObject, key: string, value: JsonValue, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValues(value);
  const result = removeDirectives(value);
  if (result.keep) setKey(original, key, result.value);
  else delete original[key];
}

/** An object patch carrying `$patch` (upstream's `handleDirectiveInMergeMap`). */
function mergeDirective(directive: JsonValue, patch: JsonObject): JsonObject {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

/** `$retainKeys`: drops original keys it does not list; every patched key must be listed. */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!hasKey(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retained = patch[RETAIN_KEYS_DIRECTIVE] ?? null;
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    const existing = getKey(original, RETAIN_KEYS_DIRECTIVE);
    if (existing === undefined) setKey(original, RETAIN_KEYS_DIRECTIVE, retained);
    else if (!jsonEqual(existing, retained)) {
      throw smpInternalError(
        `${goFormat(existing)} and ${goFormat(retained)} are not deep equal: this may happen when calculating the 3-way diff patch`,
      );
    }
    return;
  }
  if (!Array.isArray(retained)) throw errBadPatchFormatForRetainKeys();
  const isRetained = (key: string) => retained.includes(key);
  for (const [key, value] of Object.entries(patch)) {
    if (
      value === null ||
      key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      key.startsWith(SET_ELEMENT_ORDER_PREFIX)
    ) {
      continue;
    }
    if (!isRetained(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) {
    if (!isRetained(key)) delete original[key];
  }
}

/** `$setElementOrder/<field>`: merges that list now and orders it as the directive says. */
function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchMeta | undefined,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[key] ?? null;
    if (!options.mergeParallelList) {
      const existing = getKey(original, key);
      if (existing === undefined) setKey(original, key, order);
      else if (!jsonEqual(existing, order)) throw errBadPatchFormatForSetElementOrderList();
    }
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const listKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const originalList = getKey(original, listKey);
    const patchList = getKey(patch, listKey);
    if (originalList !== undefined && !Array.isArray(originalList))
      throw errBadArgType('slice', originalList);
    if (patchList !== undefined && !Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    const originalItems = originalList ?? [];
    const patchItems = patchList ?? [];
    const field = schema?.field(listKey);
    const { strategy } = splitRetainKeys(field?.strategies ?? []);
    const mergeKey = field?.mergeKey ?? '';
    validatePatchWithSetOrderList(patchItems, order, mergeKey);

    let merged: JsonValue[];
    if (originalList !== undefined && patchList === undefined) merged = originalItems;
    else if (originalList === undefined && patchList !== undefined)
      merged = removeDirectives(patchItems).value as JsonValue[];
    else if (originalList !== undefined && patchList !== undefined) {
      merged = mergeListField(originalItems, patchItems, field?.type, strategy, mergeKey, false, options);
    } else continue;

    const { inPatch, serverOnly } =
      mergeKey === '' ? partitionPrimitives(merged, order) : partitionMaps(merged, order, mergeKey);
    const isMap = sliceElementKind(originalItems, patchItems) === 'map';
    setKey(
      original,
      listKey,
      normalizeElementOrder(inPatch, serverOnly, order, originalItems, mergeKey, isMap),
    );
    delete patch[listKey];
  }
}

/** Checks the patch list names its items in the order `$setElementOrder` gives. */
function validatePatchWithSetOrderList(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey !== '' ? extractToDeleteItems(patchList).keep : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p] ?? null;
    if (isJsonObject(item) && hasKey(item, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[s] ?? null, mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw smpInternalError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(order)}\n`,
    );
  }
}

/** A list field present in both: merged when its strategy is `merge` (or for a delete list), else replaced. */
function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  itemSchema: PatchMeta | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): JsonValue[] {
  if (strategy !== MERGE_DIRECTIVE && !isDeleteList) return patch;
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = sliceElementKind(original, patch) === 'map';
  let server = original;
  let patchItems = patch;
  let merged: JsonValue[];
  if (!isMap) {
    if (options.mergeParallelList && isDeleteList) {
      return original.filter((item) => !patch.some((doomed) => goScalarEqual(doomed, item)));
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') {
      throw smpInternalError(`cannot merge lists without merge key for ${itemSchema ? 'struct' : 'string'}`);
    }
    ({ server, patchItems } = applySpecialItems(original, patch, mergeKey));
    merged = mergeItemsByKey(server, patchItems, mergeKey, itemSchema, options);
  }
  const { inPatch, serverOnly } =
    mergeKey === '' ? partitionPrimitives(merged, patchItems) : partitionMaps(merged, patchItems, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patchItems, server, mergeKey, isMap);
}

/** List items carrying `$patch`: `delete` removes the matching server items, `replace` replaces the list. */
function applySpecialItems(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
): { server: JsonValue[]; patchItems: JsonValue[] } {
  const plain: JsonValue[] = [];
  let server = original;
  let replace = false;
  for (const item of patch) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (!hasKey(item, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER] ?? null;
    if (directive === DELETE_DIRECTIVE) {
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      const doomed = item[mergeKey] ?? null;
      for (
        let found = findByMergeKey(server, mergeKey, doomed);
        found;
        found = findByMergeKey(server, mergeKey, doomed)
      ) {
        const index = found.index;
        server = server.filter((_, i) => i !== index);
      }
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (directive === MERGE_DIRECTIVE) {
      throw smpInternalError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? { server: plain, patchItems: [] } : { server, patchItems: plain };
}

/** Merges each patch item into the server item with the same merge key, or appends it. */
function mergeItemsByKey(
  server: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  itemSchema: PatchMeta | undefined,
  options: MergeOptions,
): JsonValue[] {
  const result = [...server];
  for (const item of patch) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const found = findByMergeKey(result, mergeKey, item[mergeKey] ?? null);
    if (found) result[found.index] = mergeMap(found.map, item, itemSchema, options);
    else result.push(item);
  }
  return result;
}
