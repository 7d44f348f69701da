/**
 * What every write of an object goes through before it is stored, as upstream's generic
 * registry does: type and name checks against the URL, system metadata (uid, timestamps,
 * generation), the kind's strategy (defaults, preparation, validation), and admission.
 */
import { randomUUID } from 'node:crypto';
import type { FieldError } from '../api/field_errors.js';
import { invalid } from '../api/field_errors.js';
import type { KubeObject } from '../api/object.js';
import { deepEqual, isPlainObject, nowTimestamp } from '../api/object.js';
import { badRequestError, invalidError } from '../api/status_error.js';
import { generateName } from './store/resource_store.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './validation/object_meta.js';
import { checkObjectMetaTypes } from './validation/object_meta_types.js';
import type { ResourceDef, StrategyContext } from './registry/resource.js';
import { groupVersion } from './registry/resource.js';

/** Checks that a decoded body is an object of the resource's kind; returns it typed. */
export function asObjectOfKind(body: unknown, def: ResourceDef): KubeObject {
  if (!isPlainObject(body)) {
    throw badRequestError('the object provided is unrecognized (must be of type object)');
  }
  const gv = groupVersion(def);
  const apiVersion = body.apiVersion;
  const kind = body.kind;
  if (kind !== undefined && kind !== def.kind) {
    throw badRequestError(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${gv})`,
    );
  }
  if (apiVersion !== undefined && apiVersion !== gv) {
    throw badRequestError(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${gv})`,
    );
  }
  if (body.metadata !== undefined && !isPlainObject(body.metadata)) {
    throw badRequestError('metadata must be an object');
  }
  if (isPlainObject(body.metadata)) checkObjectMetaTypes(body.metadata, def.kind, def.version);
  const obj = body as KubeObject;
  obj.apiVersion = gv;
  obj.kind = def.kind;
  obj.metadata ??= {};
  return obj;
}

/** Namespace rules of upstream's `rest.BeforeCreate`: the body's namespace must match the URL's. */
export function checkNamespace(obj: KubeObject, def: ResourceDef, urlNamespace: string): void {
  if (!def.namespaced) {
    if (obj.metadata.namespace) delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns && urlNamespace && ns !== urlNamespace) {
    throw badRequestError(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  obj.metadata.namespace = ns || urlNamespace;
  if (!obj.metadata.namespace) throw badRequestError('the server could not find the requested resource');
}

function fail(def: ResourceDef, obj: KubeObject, errs: FieldError[]): never {
  throw invalidError({ group: def.group, kind: def.kind }, obj.metadata.name ?? '', errs);
}

/** Prepares a new object for storage: system metadata, strategy, validation. */
export function prepareCreate(
  def: ResourceDef,
  obj: KubeObject,
  ctx: StrategyContext,
  now = new Date(),
): void {
  const m = obj.metadata;
  // Clients may not set these; upstream resets them on create.
  m.uid = randomUUID();
  m.creationTimestamp = nowTimestamp(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  delete m.selfLink;
  if (def.tracksGeneration) m.generation = 1;
  else delete m.generation;
  if (def.hasStatus && !def.strategy.prepareForCreate) delete obj.status;
  def.strategy.prepareForCreate?.(obj, ctx);
  def.strategy.defaults?.(obj);
  // The store picks the final name; the checks see one of the same shape (upstream's BeforeCreate).
  const named =
    !m.name && m.generateName ? { ...obj, metadata: { ...m, name: generateName(m.generateName) } } : obj;
  const errs = [...validateObjectMeta(named, def), ...(def.strategy.validate?.(obj) ?? [])];
  if (errs.length) fail(def, obj, errs);
}

/**
 * Prepares an update of the main resource: system metadata carried over from `old`, status
 * kept, generation bumped on spec changes, strategy and validation.
 */
export function prepareUpdate(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject,
  ctx: StrategyContext,
): void {
  const m = obj.metadata;
  const om = old.metadata;
  m.uid = om.uid;
  m.creationTimestamp = om.creationTimestamp;
  if (om.deletionTimestamp) m.deletionTimestamp = om.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (om.deletionGracePeriodSeconds !== undefined)
    m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  // An unconditional update (no resourceVersion sent) is made against the current version.
  if (!m.resourceVersion) m.resourceVersion = om.resourceVersion;
  if (m.namespace === undefined && om.namespace !== undefined) m.namespace = om.namespace;
  if (def.hasStatus) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  def.strategy.prepareForUpdate?.(obj, old, ctx);
  def.strategy.defaults?.(obj);
  if (def.tracksGeneration) {
    m.generation = om.generation ?? 1;
    if (specChanged(obj, old, def.hasStatus)) m.generation += 1;
  } else {
    delete m.generation;
  }
  const errs = [
    ...validateObjectMetaUpdate(obj, old, def),
    ...(def.strategy.validate?.(obj) ?? []),
    ...(def.strategy.validateUpdate?.(obj, old) ?? []),
  ];
  if (errs.length) fail(def, obj, errs);
}

/**
 * The object an update through the status subresource stores: the old object with the new
 * status. Metadata and spec stay as they were (upstream's `ResetObjectMetaForStatus`).
 */
export function statusUpdated(
  def: ResourceDef,
  obj: KubeObject,
  old: KubeObject,
  subresource: 'status' | 'approval' = 'status',
): KubeObject {
  const next: KubeObject = structuredClone(old);
  if (obj.status === undefined) delete next.status;
  else next.status = obj.status;
  def.strategy.prepareForStatusUpdate?.(next, old, subresource);
  const errs = def.strategy.validateStatusUpdate?.(next, old, subresource) ?? [];
  if (errs.length) fail(def, next, errs);
  return next;
}

/**
 * True when anything but metadata (and status, when `ignoreStatus`: it has its own subresource)
 * differs: a spec change bumps the generation.
 */
export function specChanged(a: KubeObject, b: KubeObject, ignoreStatus = true): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'metadata' || (k === 'status' && ignoreStatus) || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}

/** The name in the URL must match the body's (update/patch/subresources). */
export function checkNameMatches(def: ResourceDef, obj: KubeObject, urlName: string): void {
  if (obj.metadata.name === undefined || obj.metadata.name === '') {
    obj.metadata.name = urlName;
    return;
  }
  if (obj.metadata.name !== urlName) {
    throw badRequestError(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${urlName})`,
    );
  }
}

/** True when an update changes nothing but the resourceVersion: no write needed. */
export function isNoopUpdate(next: KubeObject, old: KubeObject): boolean {
  const a = { ...next, metadata: { ...next.metadata, resourceVersion: undefined, managedFields: undefined } };
  const b = { ...old, metadata: { ...old.metadata, resourceVersion: undefined, managedFields: undefined } };
  return deepEqual(a, b);
}

/** Refuses a create or update of a field that is immutable, with upstream's text. */
export function immutableField(path: string, value: unknown): FieldError {
  return invalid(path, value, 'field is immutable');
}
