/**
 * Validation of a custom resource against its CRD version's structural OpenAPI v3 schema, with
 * upstream's field paths and messages (kube-openapi's validator, then apiextensions'
 * `ConvertToFieldErrors`): `spec.replicas: Invalid value: "string": spec.replicas in body must
 * be of type integer: "string"`, `spec.x: Required value`, `Unsupported value: …: supported
 * values: …`, `Too long: may not be longer than 5`, `Too many: 4: must have at most 3 items`.
 */
import type { FieldError } from '../../api/field_errors.js';
import {
  FieldErrorType,
  duplicate,
  invalid,
  notSupported,
  required,
  typeInvalid,
} from '../../api/field_errors.js';
import { deepEqual, isPlainObject } from '../../api/object.js';
import { goFormatNumber } from '../patch/go_format.js';
import type { JSONSchemaProps } from './json_schema.js';
import { additionalSchema, childPath, indexPath, jsonTypeName } from './json_schema.js';
import { matchesFormat } from './schema_formats.js';

const patterns = new Map<string, RegExp | null>();

/** The compiled `pattern` (ECMAScript syntax, Unicode mode); null when it does not compile. */
function compiled(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

const inBody = (path: string) => `${path || 'body'} in body`;

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    default:
      return true;
  }
}

function enumText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Validates `value` against `schema`; `path` is the field path of `value` ('' at the root).
 * Returns the field errors in the order found (empty when valid).
 */
export function validateWithSchema(schema: JSONSchemaProps, value: unknown, path = ''): FieldError[] {
  const errs: FieldError[] = [];
  validate(schema, value, path, errs);
  return errs;
}

function validate(s: JSONSchemaProps, v: unknown, path: string, errs: FieldError[]): void {
  if (v === null && s.nullable === true) return;
  if (s['x-kubernetes-int-or-string'] === true) {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
      const t = jsonTypeName(v);
      errs.push(typeInvalid(path, t, `${inBody(path)} must be of type integer,string: ${JSON.stringify(t)}`));
      return;
    }
  } else if (s.type && !typeMatches(s.type, v)) {
    const t = jsonTypeName(v);
    errs.push(typeInvalid(path, t, `${inBody(path)} must be of type ${s.type}: ${JSON.stringify(t)}`));
    return;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
    errs.push(notSupported(path, v, s.enum.map(enumText)));
  }
  if (typeof v === 'number') validateNumber(s, v, path, errs);
  else if (typeof v === 'string') validateString(s, v, path, errs);
  else if (Array.isArray(v)) validateArray(s, v, path, errs);
  else if (isPlainObject(v)) validateObject(s, v, path, errs);
  validateCombinators(s, v, path, errs);
}

function validateNumber(s: JSONSchemaProps, v: number, path: string, errs: FieldError[]): void {
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const q = v / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) {
      errs.push(invalid(path, v, `${inBody(path)} should be a multiple of ${goFormatNumber(s.multipleOf)}`));
    }
  }
  if (typeof s.maximum === 'number') {
    const over = s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum;
    if (over) {
      const rel = s.exclusiveMaximum === true ? 'less than' : 'less than or equal to';
      errs.push(invalid(path, v, `${inBody(path)} should be ${rel} ${goFormatNumber(s.maximum)}`));
    }
  }
  if (typeof s.minimum === 'number') {
    const under = s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum;
    if (under) {
      const rel = s.exclusiveMinimum === true ? 'greater than' : 'greater than or equal to';
      errs.push(invalid(path, v, `${inBody(path)} should be ${rel} ${goFormatNumber(s.minimum)}`));
    }
  }
}

function validateString(s: JSONSchemaProps, v: string, path: string, errs: FieldError[]): void {
  const runes = [...v].length;
  if (typeof s.maxLength === 'number' && runes > s.maxLength) {
    errs.push({
      type: FieldErrorType.TooLong,
      field: path,
      value: v,
      detail: `may not be longer than ${s.maxLength}`,
    });
  }
  if (typeof s.minLength === 'number' && runes < s.minLength) {
    errs.push(invalid(path, v, `${inBody(path)} should be at least ${s.minLength} chars long`));
  }
  if (typeof s.pattern === 'string') {
    const re = compiled(s.pattern);
    if (re && !re.test(v)) errs.push(invalid(path, v, `${inBody(path)} should match '${s.pattern}'`));
  }
  if (typeof s.format === 'string' && !matchesFormat(s.format, v)) {
    errs.push(typeInvalid(path, v, `${inBody(path)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
}

function validateArray(s: JSONSchemaProps, v: unknown[], path: string, errs: FieldError[]): void {
  if (typeof s.maxItems === 'number' && v.length > s.maxItems) {
    errs.push({
      type: FieldErrorType.TooMany,
      field: path,
      value: v.length,
      detail: `must have at most ${s.maxItems} items`,
    });
  }
  if (typeof s.minItems === 'number' && v.length < s.minItems) {
    errs.push(invalid(path, v.length, `${inBody(path)} should have at least ${s.minItems} items`));
  }
  if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i)) {
    errs.push(invalid(path, '', `${inBody(path)} shouldn't contain duplicates`));
  }
  validateListType(s, v, path, errs);
  if (s.items) v.forEach((item, i) => validate(s.items!, item, indexPath(path, i), errs));
}

/** `x-kubernetes-list-type`: `set` items are unique, `map` items are unique by their keys. */
function validateListType(s: JSONSchemaProps, v: unknown[], path: string, errs: FieldError[]): void {
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    v.forEach((x, i) => {
      if (v.findIndex((y) => deepEqual(x, y)) !== i) errs.push(duplicate(indexPath(path, i), x));
    });
  } else if (listType === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
    const keys = s['x-kubernetes-list-map-keys'];
    const keyOf = (x: unknown) => {
      const o = isPlainObject(x) ? x : {};
      const k: Record<string, unknown> = {};
      for (const name of keys) if (o[name] !== undefined) k[name] = o[name];
      return k;
    };
    const seen: Record<string, unknown>[] = [];
    v.forEach((x, i) => {
      const k = keyOf(x);
      if (seen.some((p) => deepEqual(p, k))) errs.push(duplicate(indexPath(path, i), k));
      seen.push(k);
    });
  }
}

function validateObject(
  s: JSONSchemaProps,
  v: Record<string, unknown>,
  path: string,
  errs: FieldError[],
): void {
  const count = Object.keys(v).length;
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
    errs.push({
      type: FieldErrorType.TooMany,
      field: path,
      value: count,
      detail: `must have at most ${s.maxProperties} items`,
    });
  }
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    errs.push(invalid(path, count, `${inBody(path)} should have at least ${s.minProperties} properties`));
  }
  if (s['x-kubernetes-embedded-resource'] === true) validateEmbedded(v, path, errs);
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (v[name] === undefined) errs.push(required(childPath(path, name)));
  }
  const props = isPlainObject(s.properties) ? s.properties : {};
  const extra = additionalSchema(s);
  for (const key of Object.keys(v).sort()) {
    const child = props[key] ?? extra;
    if (child && v[key] !== undefined) validate(child, v[key], childPath(path, key), errs);
  }
}

/** An `x-kubernetes-embedded-resource` object needs an apiVersion and a kind, as upstream checks. */
function validateEmbedded(v: Record<string, unknown>, path: string, errs: FieldError[]): void {
  for (const field of ['apiVersion', 'kind']) {
    const fp = childPath(path, field);
    const value = v[field];
    if (value === undefined) errs.push(required(fp, 'must not be empty'));
    else if (typeof value !== 'string') errs.push(invalid(fp, value, 'must be a string'));
    else if (value === '') errs.push(invalid(fp, value, 'must not be empty'));
  }
}

function validateCombinators(s: JSONSchemaProps, v: unknown, path: string, errs: FieldError[]): void {
  for (const sub of Array.isArray(s.allOf) ? s.allOf : []) validate(sub, v, path, errs);
  const passes = (sub: JSONSchemaProps) => validateWithSchema(sub, v, path).length === 0;
  if (Array.isArray(s.anyOf) && s.anyOf.length && !s.anyOf.some(passes)) {
    errs.push(invalid(path, '', `${inBody(path)} must validate at least one schema (anyOf)`));
  }
  if (Array.isArray(s.oneOf) && s.oneOf.length && s.oneOf.filter(passes).length !== 1) {
    errs.push(invalid(path, '', `${inBody(path)} must validate one and only one schema (oneOf)`));
  }
  if (isPlainObject(s.not) && passes(s.not)) {
    errs.push(invalid(path, '', `${inBody(path)} must not validate the schema (not)`));
  }
}
