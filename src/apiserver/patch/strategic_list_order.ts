/**
 * How strategic merge patch matches list items and orders a merged list (upstream's
 * `normalizeElementOrder` and friends): items named by the patch keep the patch's order (or the
 * `$setElementOrder` order), items only on the server keep the server's order, and the two are
 * interleaved by the server's order. Items of a list of objects are matched by their merge key;
 * items of a list of scalars by value.
 */
import { goFormat } from './go_format.js';
import { goSliceStable } from './go_sort.js';
import type { GoKind, JsonObject, JsonValue } from './json_value.js';
import { getKey, goKind, goScalarEqual, hasKey, isJsonObject } from './json_value.js';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER } from './strategic_directives.js';
import { errBadArgType, errNoListOfLists, errNoMergeKey, smpInternalError } from './strategic_errors.js';

/**
 * The common Go type of the items of `lists` (upstream's `sliceElementType`). Throws 422 for a
 * list of lists and 500 for mixed types or when every list is empty.
 */
export function sliceElementKind(...lists: readonly (readonly JsonValue[])[]): GoKind {
  let kind: GoKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const current = goKind(item);
      if (kind === undefined) {
        kind = current;
        if (kind === 'slice') throw errNoListOfLists();
      } else if (kind !== current) {
        throw smpInternalError(`list element types are not identical: ${goFormat(lists.map((l) => [...l]))}`);
      }
    }
  }
  if (kind === undefined) throw smpInternalError('no elements in any of the given slices');
  return kind;
}

/** The value an item is matched by: its merge key (objects) or itself (scalars); Go nil if none. */
function matchValue(item: JsonValue, mergeKey: string, isMap: boolean): JsonValue {
  if (!isMap) return item;
  return isJsonObject(item) ? (getKey(item, mergeKey) ?? null) : null;
}

/** The position of `item` in `list` by merge key (or value), or -1 (upstream's `index`). */
export function indexOfItem(
  list: readonly JsonValue[],
  item: JsonValue,
  mergeKey: string,
  isMap: boolean,
): number {
  const wanted = matchValue(item, mergeKey, isMap);
  return list.findIndex((candidate) => goScalarEqual(wanted, matchValue(candidate, mergeKey, isMap)));
}

/** The first object in `list` whose `mergeKey` equals `value` (upstream's `findMapInSliceBasedOnKeyValue`). */
export function findByMergeKey(
  list: readonly JsonValue[],
  mergeKey: string,
  value: JsonValue,
): { map: JsonObject; index: number } | undefined {
  for (const [index, item] of list.entries()) {
    if (!isJsonObject(item)) throw smpInternalError(`value for key ${index} is not a map.`);
    if (hasKey(item, mergeKey) && goScalarEqual(item[mergeKey] ?? null, value)) return { map: item, index };
  }
  return undefined;
}

/** Checks every item of `lists` is an object holding `mergeKey`. */
function validateMergeKeyInLists(mergeKey: string, ...lists: readonly (readonly JsonValue[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item);
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits a list of objects into the items without and with `$patch: delete`. */
export function extractToDeleteItems(list: readonly JsonValue[]): { keep: JsonValue[]; remove: JsonValue[] } {
  const keep: JsonValue[] = [];
  const remove: JsonValue[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (hasKey(item, DIRECTIVE_MARKER) && item[DIRECTIVE_MARKER] === DELETE_DIRECTIVE) remove.push(item);
    else keep.push(item);
  }
  return { keep, remove };
}

/** Sorts `items` by their position in `order` (delete directives last), as upstream does. */
export function normalizeSliceOrder(
  items: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  let toSort = [...items];
  let toDelete: JsonValue[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, items, order);
    ({ keep: toSort, remove: toDelete } = extractToDeleteItems(items));
  }
  goSliceStable(toSort, (a, b) => {
    const ia = indexOfItem(order, a, mergeKey, isMap);
    if (ia >= 0) {
      const ib = indexOfItem(order, b, mergeKey, isMap);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...toSort, ...toDelete];
}

/**
 * Orders a merged list: `patchItems` by `patchOrder`, `serverOnly` by `serverOrder`, then
 * interleaves them by `serverOrder` (upstream's `normalizeElementOrder` + `mergeSortedSlice`).
 */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  isMap: boolean,
): JsonValue[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, isMap);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  const merged: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexOfItem(serverOrder, left[i] ?? null, mergeKey, isMap);
    const ri = indexOfItem(serverOrder, right[j] ?? null, mergeKey, isMap);
    if (li >= 0 && ri >= 0 && li < ri) merged.push(left[i++] ?? null);
    else merged.push(right[j++] ?? null);
  }
  return [...merged, ...left.slice(i), ...right.slice(j)];
}

/** Splits scalars into those present in `by` and the rest. */
export function partitionPrimitives(
  list: readonly JsonValue[],
  by: readonly JsonValue[],
): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of list) {
    if (by.some((candidate) => goScalarEqual(candidate, item))) inPatch.push(item);
    else serverOnly.push(item);
  }
  return { inPatch, serverOnly };
}

/** Splits objects into those whose merge key appears in `by` and the rest. */
export function partitionMaps(
  list: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw errBadArgType('map', item);
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    if (findByMergeKey(by, mergeKey, item[mergeKey] ?? null)) inPatch.push(item);
    else serverOnly.push(item);
  }
  return { inPatch, serverOnly };
}

/** Upstream's order-changing de-duplication of scalars (later duplicates take the last item's place). */
export function deduplicateScalars(items: readonly JsonValue[]): JsonValue[] {
  const list = [...items];
  let last = list.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (goScalarEqual(list[i] ?? null, list[j] ?? null)) {
        list[j] = list[last] ?? null;
        list.length = last;
        last--;
        j--;
      }
    }
  }
  return list;
}

/**
 * Whether two list items match: by `mergeKey` (both must be objects holding it) or, without a
 * merge key, by value (upstream's `mergeKeyValueEqual`).
 */
export function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return goScalarEqual(left, right);
  if (!isJsonObject(left)) throw errBadArgType('map', left);
  if (!isJsonObject(right)) throw errBadArgType('map', right);
  if (!hasKey(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasKey(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goScalarEqual(left[mergeKey] ?? null, right[mergeKey] ?? null);
}
