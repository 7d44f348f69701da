import {
  FieldSelector,
  FieldSelectorParseError,
  fieldLabelNotSupportedMessage,
} from '../api/field_selector.js';
import { LabelSelector, SelectorParseError } from '../api/label_selector.js';
import type { KubeObject } from '../api/object.js';
import { badRequestError } from '../api/status_error.js';
import type { ResourceDef } from './registry/resource.js';
import type { EntryFilter } from './store/resource_store.js';

/** Field selectors every resource supports. */
const COMMON_FIELDS: Record<string, (obj: KubeObject) => string | undefined> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};

/**
 * The filter of `?labelSelector=` and `?fieldSelector=` (and the object name of a single-object
 * watch), or undefined when nothing filters. Malformed selectors and unsupported field labels
 * are 400, as upstream answers.
 */
export function buildFilter(
  def: ResourceDef,
  query: URLSearchParams,
  name?: string,
): EntryFilter | undefined {
  let labels: LabelSelector | undefined;
  let fields: FieldSelector | undefined;
  const ls = query.get('labelSelector');
  const fs = query.get('fieldSelector');
  try {
    if (ls) labels = LabelSelector.parse(ls);
    if (fs) fields = FieldSelector.parse(fs);
  } catch (err) {
    if (err instanceof SelectorParseError || err instanceof FieldSelectorParseError)
      throw badRequestError(err.message);
    throw err;
  }
  if (labels?.isEmpty()) labels = undefined;
  if (fields && fields.requirements.length === 0) fields = undefined;
  const getters = { ...COMMON_FIELDS, ...def.fieldSelectors };
  for (const r of fields?.requirements ?? []) {
    if (!getters[r.field]) throw badRequestError(fieldLabelNotSupportedMessage(r.field));
  }
  if (!labels && !fields && name === undefined) return undefined;
  return (obj) => {
    if (name !== undefined && obj.metadata.name !== name) return false;
    if (labels && !labels.matches(obj.metadata.labels)) return false;
    if (fields && !fields.matches((f) => getters[f]!(obj))) return false;
    return true;
  };
}

/** Parses `?limit=`: absent, empty or non-positive means no limit. */
export function parseLimit(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequestError(`invalid limit "${v}"`);
  return n > 0 ? n : undefined;
}
