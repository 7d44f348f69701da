/**
 * Validation of container environments (`ValidateEnv`, `ValidateEnvFrom` in upstream's
 * `pkg/apis/core/validation`): variable names, and the sources values come from.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import { invalid, notSupported, required } from '../../../api/field_errors.js';
import { isConfigMapKey, nameIsDNSSubdomain } from '../../../api/name_validation.js';
import { rec, recs, str } from '../../../api/json_fields.js';
import { validateNameWith, validateQualifiedName } from './validate.js';

const RELAXED_ENV_NAME_MSG =
  "a valid environment variable name must consist only of printable ASCII characters other than '='";
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const CONTAINER_RESOURCE_FIELD_PATHS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

/** `IsRelaxedEnvVarName` (the rule since the RelaxedEnvironmentVariableValidation gate). */
function envNameErrors(name: string): string[] {
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code > 0x7e || code < 0x20 || ch === '=') return [RELAXED_ENV_NAME_MSG];
  }
  return [];
}

function validateKeySelector(s: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs = validateNameWith(nameIsDNSSubdomain, str(s.name), path.child('name'));
  const key = str(s.key);
  if (key === '') errs.push(required(path.child('key')));
  else errs.push(...isConfigMapKey(key).map((m) => invalid(path.child('key'), key, m)));
  return errs;
}

function validateFieldRef(ref: Record<string, unknown>, path: FieldPath): FieldError[] {
  if (!ref.apiVersion) return [required(path.child('apiVersion'))];
  const fieldPath = str(ref.fieldPath);
  if (fieldPath === '') return [required(path.child('fieldPath'))];
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[2]!.toLowerCase() : sub[2]!;
    return validateQualifiedName(key, path);
  }
  if (!ENV_FIELD_PATHS.includes(fieldPath))
    return [notSupported(path.child('fieldPath'), fieldPath, ENV_FIELD_PATHS)];
  return [];
}

function validateValueFrom(e: Record<string, unknown>, path: FieldPath): FieldError[] {
  if (e.valueFrom === undefined || e.valueFrom === null) return [];
  const from = rec(e.valueFrom);
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateFieldRef(rec(from.fieldRef), path.child('fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    const resource = str(rec(from.resourceFieldRef).resource);
    const rp = path.child('resourceFieldRef');
    if (resource === '') errs.push(required(rp.child('resource')));
    else if (
      !CONTAINER_RESOURCE_FIELD_PATHS.includes(resource) &&
      !/^(requests|limits)\.hugepages-/.test(resource)
    ) {
      errs.push(notSupported(rp.child('resource'), resource, CONTAINER_RESOURCE_FIELD_PATHS));
    }
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(rec(from.configMapKeyRef), path.child('configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(rec(from.secretKeyRef), path.child('secretKeyRef')));
  }
  if (sources === 0) {
    errs.push(
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (str(e.value) !== '') {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** `ValidateEnv` and `ValidateEnvFrom`. */
export function validateEnv(c: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  recs(c.env).forEach((e, i) => {
    const ip = path.child('env').index(i);
    const name = str(e.name);
    if (name === '') errs.push(required(ip.child('name')));
    else errs.push(...envNameErrors(name).map((m) => invalid(ip.child('name'), name, m)));
    errs.push(...validateValueFrom(e, ip.child('valueFrom')));
  });
  const fromPath = path.child('envFrom');
  recs(c.envFrom).forEach((e, i) => {
    const ip = fromPath.index(i);
    const prefix = str(e.prefix);
    if (prefix !== '') errs.push(...envNameErrors(prefix).map((m) => invalid(ip.child('prefix'), prefix, m)));
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef']) {
      if (!e[key]) continue;
      sources++;
      const name = str(rec(e[key]).name);
      const np = ip.child(key).child('name');
      if (name === '') errs.push(required(np));
      else errs.push(...nameIsDNSSubdomain(name, true).map((m) => invalid(np, name, m)));
    }
    if (sources === 0) errs.push(invalid(fromPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errs.push(invalid(fromPath, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
