/**
 * Computing strategic merge patches, as kubectl does client-side with upstream's
 * `CreateTwoWayMergePatch` (`kubectl edit`, `kubectl set …`) and `CreateThreeWayMergePatch`
 * (`kubectl apply` with its last-applied-configuration). The patches use the same directives the
 * apply side understands: `$patch: delete` items for removed list items, `$setElementOrder` to
 * keep list order, `$deleteFromPrimitiveList` for removed scalars and `$retainKeys` for fields
 * whose strategy is `retainKeys`.
 */
import { compareGoStrings, goFormat } from './go_format.js';
import type { JsonObject, JsonValue } from './json_value.js';
import { cloneJson, getKey, goKind, hasKey, isJsonObject, jsonEqual, setKey } from './json_value.js';
import type { PatchMeta } from './patch_meta.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  splitRetainKeys,
} from './strategic_directives.js';
import { errBadArgType, errNoMergeKey, smpInternalError } from './strategic_errors.js';
import {
  deduplicateScalars,
  mergeKeyValueEqual,
  normalizeSliceOrder,
  sliceElementKind,
} from './strategic_list_order.js';
import { mergeMap } from './strategic_merge_patch.js';

/** Upstream's `DiffOptions`. */
interface DiffOptions {
  readonly setElementOrder?: boolean;
  readonly ignoreChangesAndAdditions?: boolean;
  readonly ignoreDeletions?: boolean;
  readonly buildRetainKeysDirective?: boolean;
}

/**
 * The strategic merge patch that turns `original` into `modified` (upstream's
 * `CreateTwoWayMergeMapPatch`): applying it to `original` with the same `meta` yields `modified`.
 * Inputs are not modified.
 */
export function createTwoWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  meta: PatchMeta,
): JsonObject {
  return cloneJson(diffMaps(original, modified, meta, { setElementOrder: true }));
}

/**
 * The patch `kubectl apply` sends (upstream's `CreateThreeWayMergePatch` with overwrite): the
 * changes from `current` (the live object) to `modified` (the new configuration), without
 * deleting what `current` has beyond them, plus the deletions from `original` (the last applied
 * configuration) to `modified`. Inputs are not modified.
 */
export function createThreeWayMergePatch(
  original: JsonObject,
  modified: JsonObject,
  current: JsonObject,
  meta: PatchMeta,
): JsonObject {
  const delta = diffMaps(current, modified, meta, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(original, modified, meta, {
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
  });
  return mergeMap(cloneJson(deletions), cloneJson(delta), meta, {
    mergeParallelList: false,
    ignoreUnmatchedNulls: false,
  });
}

/** Upstream's `diffMaps`: the patch from `original` to `modified` (it may share their values). */
function diffMaps(
  original: JsonObject,
  modified: JsonObject,
  schema: PatchMeta | undefined,
  options: DiffOptions,
): JsonObject {
  const patch: JsonObject = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    const originalValue = getKey(original, key);
    if (originalValue === undefined) {
      if (!options.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
      continue;
    }
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw smpInternalError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      }
      if (originalValue !== modifiedValue) setKey(patch, key, modifiedValue);
      continue;
    }
    if (goKind(originalValue) !== goKind(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
    } else if (isJsonObject(originalValue) && isJsonObject(modifiedValue)) {
      diffMapField(key, originalValue, modifiedValue, patch, schema, options);
    } else if (Array.isArray(originalValue) && Array.isArray(modifiedValue)) {
      diffListField(key, originalValue, modifiedValue, patch, schema, options);
    } else if (!options.ignoreChangesAndAdditions && !jsonEqual(originalValue, modifiedValue)) {
      setKey(patch, key, modifiedValue);
    }
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) {
      if (!hasKey(modified, key)) setKey(patch, key, null);
    }
  }
  const originalHasMore = Object.entries(original).some(
    ([key, value]) => value !== null && !hasKey(modified, key),
  );
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || originalHasMore)) {
    setKey(patch, RETAIN_KEYS_DIRECTIVE, sortScalars(retainKeys));
  }
  return patch;
}

function diffMapField(
  key: string,
  original: JsonObject,
  modified: JsonObject,
  patch: JsonObject,
  schema: PatchMeta | undefined,
  options: DiffOptions,
): void {
  const field = schema?.field(key);
  const { retainKeys, strategy } = splitRetainKeys(field?.strategies ?? []);
  if (strategy === REPLACE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions) setKey(patch, key, modified);
    return;
  }
  const nested = diffMaps(original, modified, field?.type, {
    ...options,
    buildRetainKeysDirective: retainKeys,
  });
  if (Object.keys(nested).length > 0) setKey(patch, key, nested);
}

function diffListField(
  key: string,
  original: JsonValue[],
  modified: JsonValue[],
  patch: JsonObject,
  schema: PatchMeta | undefined,
  options: DiffOptions,
): void {
  const field = schema?.field(key);
  const { retainKeys, strategy } = splitRetainKeys(field?.strategies ?? []);
  if (strategy !== MERGE_DIRECTIVE) {
    if (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)) setKey(patch, key, modified);
    return;
  }
  const itemOptions = { ...options, buildRetainKeysDirective: retainKeys };
  const diff = diffLists(original, modified, field?.type, field?.mergeKey ?? '', itemOptions);
  if (diff.patch.length > 0) setKey(patch, key, diff.patch);
  if (diff.deletions.length > 0) setKey(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`, diff.deletions);
  if (diff.order.length > 0) setKey(patch, `${SET_ELEMENT_ORDER_PREFIX}/${key}`, diff.order);
}

interface ListDiff {
  readonly patch: JsonValue[];
  readonly deletions: JsonValue[];
  readonly order: JsonValue[];
}

/** Upstream's `diffLists` for a list with the `merge` strategy. */
function diffLists(
  original: JsonValue[],
  modified: JsonValue[],
  itemSchema: PatchMeta | undefined,
  mergeKey: string,
  options: DiffOptions,
): ListDiff {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions)
      return { patch: [], deletions: [], order: [] };
    return { patch: modified, deletions: [], order: [] };
  }
  if (sliceElementKind(original, modified) === 'map') {
    const items = diffListsOfMaps(original, modified, itemSchema, mergeKey, options);
    const patch = [...normalizeSliceOrder(items.patch, modified, mergeKey, true), ...items.deletions];
    const orderSame =
      original.length === modified.length &&
      modified.every((item, i) => mergeKeyValueEqual(original[i] ?? null, item, mergeKey));
    const wantOrder =
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patch.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patch.length > 0));
    const order = wantOrder
      ? modified.map((item) => ({
          [mergeKey]: (isJsonObject(item) ? getKey(item, mergeKey) : undefined) ?? null,
        }))
      : [];
    return { patch, deletions: [], order };
  }
  const scalars = diffListsOfScalars(original, modified, options);
  const patch = normalizeSliceOrder(scalars.additions, modified, mergeKey, false);
  const wantOrder =
    options.setElementOrder &&
    ((!options.ignoreDeletions && scalars.deletions.length > 0) ||
      (!options.ignoreChangesAndAdditions && !jsonEqual(original, modified)));
  return { patch, deletions: scalars.deletions, order: wantOrder ? modified : [] };
}

/** Additions and deletions between two lists of scalars, compared by their `%v` text. */
function diffListsOfScalars(
  original: JsonValue[],
  modified: JsonValue[],
  options: DiffOptions,
): { additions: JsonValue[]; deletions: JsonValue[] } {
  const before = sortScalars(original);
  const after = sortScalars(modified);
  const additions: JsonValue[] = [];
  const deletions: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const inBefore = i < before.length;
    const inAfter = j < after.length;
    const b = inBefore ? goFormat(before[i] ?? null) : '';
    const a = inAfter ? goFormat(after[j] ?? null) : '';
    if (inBefore && inAfter && a === b) {
      i++;
      j++;
    } else if (!inBefore || (inAfter && compareGoStrings(b, a) > 0)) {
      if (!options.ignoreChangesAndAdditions) additions.push(after[j] ?? null);
      j++;
    } else {
      if (!options.ignoreDeletions) deletions.push(before[i] ?? null);
      i++;
    }
  }
  return { additions, deletions: deduplicateScalars(deletions) };
}

/** Changed, added and deleted items of two lists of objects, matched by merge key. */
function diffListsOfMaps(
  original: JsonValue[],
  modified: JsonValue[],
  itemSchema: PatchMeta | undefined,
  mergeKey: string,
  options: DiffOptions,
): { patch: JsonValue[]; deletions: JsonValue[] } {
  const before = sortByMergeKey(original, mergeKey);
  const after = sortByMergeKey(modified, mergeKey);
  const patch: JsonValue[] = [];
  const deletions: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const left = i < before.length ? keyedItem(before[i] ?? null, mergeKey) : undefined;
    const right = j < after.length ? keyedItem(after[j] ?? null, mergeKey) : undefined;
    if (left && right && left.text === right.text) {
      const nested = diffMaps(left.map, right.map, itemSchema, options);
      if (Object.keys(nested).length > 0) {
        setKey(nested, mergeKey, right.key);
        patch.push(nested);
      }
      i++;
      j++;
    } else if (right && (!left || compareGoStrings(left.text, right.text) > 0)) {
      if (!options.ignoreChangesAndAdditions) patch.push(right.map);
      j++;
    } else if (left) {
      if (!options.ignoreDeletions)
        deletions.push({ [mergeKey]: left.key, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      i++;
    }
  }
  return { patch, deletions };
}

/** An object list item with its merge key value and that value's `%v` text. */
function keyedItem(item: JsonValue, mergeKey: string): { map: JsonObject; key: JsonValue; text: string } {
  if (!isJsonObject(item)) throw errBadArgType('map', item);
  if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
  const key = item[mergeKey] ?? null;
  return { map: item, key, text: goFormat(key) };
}

/** A copy of a list of objects sorted by the `%v` text of their merge key. */
function sortByMergeKey(list: readonly JsonValue[], mergeKey: string): JsonValue[] {
  const text = (item: JsonValue) =>
    goFormat((isJsonObject(item) ? getKey(item, mergeKey) : undefined) ?? null);
  return [...list].sort((a, b) => compareGoStrings(text(a), text(b)));
}

/** A copy of a list of scalars sorted by their `%v` text. */
function sortScalars<T extends JsonValue>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => compareGoStrings(goFormat(a), goFormat(b)));
}
