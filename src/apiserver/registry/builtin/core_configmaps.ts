/**
 * ConfigMaps (`/api/v1/configmaps`): key validation, the 1 MiB size limit and the `immutable`
 * flag (`ValidateConfigMap`, `ValidateConfigMapUpdate`), and the NAME DATA AGE table.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, tooLong } from '../../../api/field_errors.js';
import { byteLength, isConfigMapKey } from '../../../api/name_validation.js';
import { deepEqual } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { rec, sortedKeys, str } from '../../../api/json_fields.js';

/** `core.MaxSecretSize`: the most data a ConfigMap or Secret may hold. */
export const MAX_SECRET_SIZE = 1024 * 1024;

/** The error every change to an immutable ConfigMap or Secret gets. */
export const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** `ValidateConfigMap`: keys are config keys, not in both maps, and at most 1 MiB in total. */
export function validateConfigMap(obj: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const data = rec(obj.data);
  const binary = rec(obj.binaryData);
  let total = 0;
  for (const key of sortedKeys(data)) {
    const p = FieldPath.root('data').key(key);
    errs.push(...isConfigMapKey(key).map((m) => invalid(p, key, m)));
    if (key in binary) errs.push(invalid(p, key, 'duplicate of key present in binaryData'));
    total += byteLength(str(data[key]));
  }
  for (const key of sortedKeys(binary)) {
    const p = FieldPath.root('binaryData').key(key);
    errs.push(...isConfigMapKey(key).map((m) => invalid(p, key, m)));
    total += Buffer.from(str(binary[key]), 'base64').length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

/** `ValidateConfigMapUpdate`: nothing but metadata changes once `immutable: true`. */
export function validateConfigMapUpdate(
  obj: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
  if (!deepEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  if (!deepEqual(obj.binaryData ?? {}, old.binaryData ?? {}))
    errs.push(forbidden('binaryData', IMMUTABLE_WHEN_SET));
  return errs;
}

/** ConfigMaps. */
export function configMapsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    shortNames: ['cm'],
    table: {
      columns: [NAME_COLUMN, col('Data'), AGE_COLUMN],
      printRow: (o, now) => [
        o.metadata.name ?? '',
        Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length,
        objectAge(o, now),
      ],
    },
    strategy: {
      validate: (obj) => validateConfigMap(obj),
      validateUpdate: (obj, old) => validateConfigMapUpdate(obj, old),
    },
  });
}
