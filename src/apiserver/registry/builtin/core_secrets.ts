/**
 * Secrets (`/api/v1/secrets`): type `Opaque` by default, `stringData` folded into `data` (as the
 * v1 conversion does), type-specific required keys, the `immutable` flag and the
 * NAME TYPE DATA AGE table.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, required, tooLong } from '../../../api/field_errors.js';
import { isConfigMapKey } from '../../../api/name_validation.js';
import { deepEqual, isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { IMMUTABLE_WHEN_SET, MAX_SECRET_SIZE } from './core_configmaps.js';
import { defineResource } from './define.js';
import { rec, sortedKeys, str } from '../../../api/json_fields.js';
import { validateImmutable } from './validate.js';

const decoded = (v: unknown) => Buffer.from(str(v), 'base64');

function validJSON(bytes: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return isPlainObject(parsed)
      ? undefined
      : 'json: cannot unmarshal into Go value of type map[string]interface {}';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** `ValidateSecret` (without metadata). */
export function validateSecret(
  obj: Record<string, unknown>,
  annotations: Record<string, string> | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const data = rec(obj.data);
  const dataPath = FieldPath.root('data');
  let total = 0;
  for (const key of sortedKeys(data)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(dataPath.key(key), key, m)));
    total += decoded(data[key]).length;
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(dataPath, '', MAX_SECRET_SIZE));
  const has = (k: string) => k in data;
  switch (obj.type) {
    case 'kubernetes.io/service-account-token':
      if (!annotations?.['kubernetes.io/service-account.name']) {
        errs.push(
          required(FieldPath.root('metadata', 'annotations').key('kubernetes.io/service-account.name')),
        );
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        errs.push(required(dataPath.key(key)));
        break;
      }
      const problem = validJSON(decoded(data[key]));
      if (problem) errs.push(invalid(dataPath.key(key), '<secret contents redacted>', problem));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(required(dataPath.key('username')), required(dataPath.key('password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (decoded(data['ssh-privatekey']).length === 0) errs.push(required(dataPath.key('ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(dataPath.key('tls.crt')));
      if (!has('tls.key')) errs.push(required(dataPath.key('tls.key')));
      break;
    default:
  }
  return errs;
}

/** `ValidateSecretUpdate`: the type never changes; nothing changes once `immutable: true`. */
export function validateSecretUpdate(
  obj: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldError[] {
  const errs = validateImmutable(obj.type, old.type, 'type');
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!deepEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  }
  return errs;
}

/** The defaults of a secret: `stringData` moved into `data` (base64), type `Opaque`. */
export function defaultSecret(obj: Record<string, unknown>): void {
  const stringData = rec(obj.stringData);
  if (Object.keys(stringData).length > 0) {
    const data = { ...rec(obj.data) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(str(v), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
  if (!obj.type) obj.type = 'Opaque';
}

/** The selectable fields of a secret (`type`). */
export const SECRET_FIELD_SELECTORS = { type: (o: Record<string, unknown>) => str(o.type) };

/** Secrets. */
export function secretsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    fieldSelectors: SECRET_FIELD_SELECTORS,
    table: {
      columns: [NAME_COLUMN, col('Type'), col('Data'), AGE_COLUMN],
      printRow: (o, now) => [
        o.metadata.name ?? '',
        str(o.type),
        Object.keys(rec(o.data)).length,
        objectAge(o, now),
      ],
    },
    strategy: {
      defaults: (obj) => defaultSecret(obj),
      validate: (obj) => validateSecret(obj, obj.metadata.annotations),
      validateUpdate: (obj, old) => validateSecretUpdate(obj, old),
    },
  });
}
