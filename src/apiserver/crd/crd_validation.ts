/**
 * The checks of a CustomResourceDefinition beyond its names (registry/builtin/apiextensions.ts):
 * unique version names, a structural schema for every version, printer columns, the scale
 * subresource's paths, protected groups, and the conversion strategy — only `None` is served
 * by kubets, so a `Webhook` conversion is refused at once rather than failing later.
 */
import type { FieldError } from '../../api/field_errors.js';
import { FieldPath, duplicate, forbidden, invalid, notSupported, required } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { rec, recs, str } from '../../api/json_fields.js';
import type { JSONSchemaProps } from './json_schema.js';
import { JsonPathError, parseJsonPath } from './jsonpath.js';

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

/** Every check of this module on a CRD. */
export function validateCustomResourceDefinition(crd: KubeObject): FieldError[] {
  const spec = rec(crd.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [...validateProtectedGroup(crd), ...validateConversion(spec, path)];
  const seen = new Set<string>();
  recs(spec.versions).forEach((v, i) => {
    const vp = path.child('versions').index(i);
    const name = str(v.name);
    if (name && seen.has(name)) errs.push(duplicate(vp.child('name'), name));
    seen.add(name);
    errs.push(...validateVersionSchema(v, vp));
    errs.push(...validateColumns(v, vp));
    errs.push(...validateScale(v, vp));
  });
  return errs;
}

function validateProtectedGroup(crd: KubeObject): FieldError[] {
  const group = str(rec(crd.spec).group);
  const protectedGroup =
    group === 'k8s.io' ||
    group.endsWith('.k8s.io') ||
    group === 'kubernetes.io' ||
    group.endsWith('.kubernetes.io');
  if (!protectedGroup || crd.metadata.annotations?.[APPROVAL_ANNOTATION]) return [];
  return [
    required(
      FieldPath.root('metadata', 'annotations').key(APPROVAL_ANNOTATION),
      `protected groups must have approval annotation "${APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`,
    ),
  ];
}

function validateConversion(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const strategy = str(rec(spec.conversion).strategy);
  if (strategy === '' || strategy === 'None') return [];
  const sp = path.child('conversion', 'strategy');
  if (strategy === 'Webhook') {
    return [
      {
        ...notSupported(sp, strategy, ['None']),
        detail: 'supported values: "None" (conversion webhooks are not supported by kubets)',
      },
    ];
  }
  return [notSupported(sp, strategy, ['None', 'Webhook'])];
}

function validateVersionSchema(v: Record<string, unknown>, vp: FieldPath): FieldError[] {
  const sp = vp.child('schema', 'openAPIV3Schema');
  const schema = rec(v.schema).openAPIV3Schema;
  if (!isPlainObject(schema)) return [required(sp, 'schemas are required')];
  const s = schema as JSONSchemaProps;
  const errs: FieldError[] = [];
  if (s.type === undefined) errs.push(required(sp.child('type'), 'must not be empty at the root'));
  else if (s.type !== 'object') errs.push(invalid(sp.child('type'), s.type, 'must be object at the root'));
  structural(s, sp, errs, true);
  return errs;
}

/** The structural-schema rules kubets relies on: a type wherever a value is specified. */
function structural(s: JSONSchemaProps, path: FieldPath, errs: FieldError[], root = false): void {
  if (
    isPlainObject(s.properties) &&
    s.additionalProperties !== undefined &&
    s.additionalProperties !== false
  ) {
    errs.push(
      forbidden(
        path.child('additionalProperties'),
        'additionalProperties and properties are mutual exclusive',
      ),
    );
  }
  for (const [name, prop] of Object.entries(isPlainObject(s.properties) ? s.properties : {})) {
    const pp = path.child('properties').key(name);
    if (!isPlainObject(prop)) continue;
    if (!hasType(prop))
      errs.push(required(pp.child('type'), 'must not be empty for specified object fields'));
    structural(prop, pp, errs);
  }
  if (isPlainObject(s.items)) {
    const ip = path.child('items');
    if (!hasType(s.items))
      errs.push(required(ip.child('type'), 'must not be empty for specified array items'));
    structural(s.items, ip, errs);
  } else if (s.type === 'array' && !root) {
    errs.push(required(path.child('items'), 'must be specified'));
  }
  if (isPlainObject(s.additionalProperties)) {
    const ap = path.child('additionalProperties');
    const extra = s.additionalProperties;
    if (!hasType(extra))
      errs.push(required(ap.child('type'), 'must not be empty for specified object fields'));
    structural(extra, ap, errs);
  }
}

const hasType = (s: JSONSchemaProps) =>
  !!s.type || s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true;

function validateColumns(v: Record<string, unknown>, vp: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  recs(v.additionalPrinterColumns).forEach((c, i) => {
    const cp = vp.child('additionalPrinterColumns').index(i);
    if (!str(c.name)) errs.push(required(cp.child('name')));
    const type = str(c.type);
    if (!type) errs.push(required(cp.child('type')));
    else if (!COLUMN_TYPES.includes(type)) errs.push(notSupported(cp.child('type'), type, COLUMN_TYPES));
    const jsonPath = str(c.jsonPath);
    if (!jsonPath) errs.push(required(cp.child('jsonPath')));
    else if (!validSimplePath(jsonPath))
      errs.push(invalid(cp.child('jsonPath'), jsonPath, 'must be a simple json path starting with .'));
  });
  return errs;
}

function validSimplePath(p: string): boolean {
  if (!p.startsWith('.')) return false;
  try {
    parseJsonPath(p);
    return true;
  } catch (err) {
    if (err instanceof JsonPathError) return false;
    throw err;
  }
}

function validateScale(v: Record<string, unknown>, vp: FieldPath): FieldError[] {
  const scale = rec(v.subresources).scale;
  if (!isPlainObject(scale)) return [];
  const sp = vp.child('subresources', 'scale');
  const errs: FieldError[] = [];
  const check = (field: string, under: string, optional = false) => {
    const value = str(scale[field]);
    if (!value) {
      if (!optional) errs.push(required(sp.child(field)));
      return;
    }
    if (!value.startsWith(`${under}.`) || !validSimplePath(value) || /[[*]/.test(value)) {
      errs.push(invalid(sp.child(field), value, `should be a json path under ${under}`));
    }
  };
  check('specReplicasPath', '.spec');
  check('statusReplicasPath', '.status');
  const selector = str(scale.labelSelectorPath);
  if (selector && !(selector.startsWith('.spec.') || selector.startsWith('.status.'))) {
    errs.push(
      invalid(sp.child('labelSelectorPath'), selector, 'should be a json path under either .spec or .status'),
    );
  }
  return errs;
}
