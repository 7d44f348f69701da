/**
 * Type checks of a decoded object's metadata, as Go's JSON decoder does them upstream: a value of
 * the wrong JSON type is a 400 BadRequest (`Pod in version "v1" cannot be handled as a Pod: json:
 * cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`), never a
 * crash further down. `null` decodes as Go's zero value: absent fields, empty strings in maps.
 */
import { isPlainObject } from '../../api/object.js';
import { badRequestError } from '../../api/status_error.js';

type FieldType =
  'string' | 'int64' | 'bool' | 'stringMap' | 'stringList' | 'time' | 'ownerRefs' | 'objectList';

const META_FIELDS: Record<string, FieldType> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64',
  labels: 'stringMap',
  annotations: 'stringMap',
  ownerReferences: 'ownerRefs',
  finalizers: 'stringList',
  managedFields: 'objectList',
};

const OWNER_REF_FIELDS: Record<string, FieldType> = {
  apiVersion: 'string',
  kind: 'string',
  name: 'string',
  uid: 'string',
  controller: 'bool',
  blockOwnerDeletion: 'bool',
};

/** Go's name of a JSON value's type in decoding errors. */
function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

const GO_TYPES: Record<FieldType, string> = {
  string: 'string',
  int64: 'int64',
  bool: 'bool',
  time: 'string',
  stringMap: 'map[string]string',
  stringList: '[]string',
  ownerRefs: '[]v1.OwnerReference',
  objectList: '[]v1.ManagedFieldsEntry',
};

/**
 * Checks and normalises `meta` (the body's metadata) in place; throws BadRequest naming the
 * first field of the wrong type. `kind` and `version` word the message as upstream.
 */
export function checkObjectMetaTypes(meta: Record<string, unknown>, kind: string, version: string): void {
  const fail = (struct: string, field: string, value: unknown, goType: string): never => {
    throw badRequestError(
      `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(value)} into Go struct field ${struct}.${field} of type ${goType}`,
    );
  };
  const checkScalar = (struct: string, path: string, value: unknown, t: FieldType) => {
    if (t === 'string' || t === 'time') {
      if (typeof value !== 'string') fail(struct, path, value, 'string');
    } else if (t === 'int64') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        fail(struct, path, typeof value === 'number' ? 'number' : value, 'int64');
      }
    } else if (t === 'bool' && typeof value !== 'boolean') fail(struct, path, value, 'bool');
  };
  for (const [field, t] of Object.entries(META_FIELDS)) {
    const value = meta[field];
    if (value === undefined) continue;
    if (value === null) {
      delete meta[field];
      continue;
    }
    const path = `metadata.${field}`;
    switch (t) {
      case 'stringMap': {
        if (!isPlainObject(value)) fail('ObjectMeta', path, value, GO_TYPES[t]);
        const map = value as Record<string, unknown>;
        for (const [k, v] of Object.entries(map)) {
          if (v === null) map[k] = '';
          else if (typeof v !== 'string') fail('ObjectMeta', path, v, 'string');
        }
        break;
      }
      case 'stringList':
        if (!Array.isArray(value)) fail('ObjectMeta', path, value, GO_TYPES[t]);
        (value as unknown[]).forEach((v, i, arr) => {
          if (v === null) arr[i] = '';
          else if (typeof v !== 'string') fail('ObjectMeta', path, v, 'string');
        });
        break;
      case 'ownerRefs':
        if (!Array.isArray(value)) fail('ObjectMeta', path, value, GO_TYPES[t]);
        for (const ref of value as unknown[]) {
          if (!isPlainObject(ref)) fail('ObjectMeta', path, ref, 'v1.OwnerReference');
          const r = ref as Record<string, unknown>;
          for (const [f, ft] of Object.entries(OWNER_REF_FIELDS)) {
            if (r[f] === null) delete r[f];
            else if (r[f] !== undefined) checkScalar('OwnerReference', `${path}.${f}`, r[f], ft);
          }
        }
        break;
      case 'objectList':
        if (!Array.isArray(value)) fail('ObjectMeta', path, value, GO_TYPES[t]);
        for (const e of value as unknown[])
          if (!isPlainObject(e)) fail('ObjectMeta', path, e, 'v1.ManagedFieldsEntry');
        break;
      default:
        checkScalar('ObjectMeta', path, value, t);
    }
  }
}
