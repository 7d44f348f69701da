/**
 * The OpenAPI v3 schema of a CustomResourceDefinition version (`JSONSchemaProps`), as far as
 * the API server reads it, and small helpers shared by validation, defaulting and pruning.
 */
import { isPlainObject } from '../../api/object.js';

/** `apiextensions.k8s.io/v1 JSONSchemaProps`: the keywords a structural schema may use. */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  default?: unknown;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  [extension: string]: unknown;
}

/** The schema as typed, or undefined when it is not a JSON object. */
export function asSchema(v: unknown): JSONSchemaProps | undefined {
  return isPlainObject(v) ? (v as JSONSchemaProps) : undefined;
}

/** Whether unknown fields under `s` are kept (`x-kubernetes-preserve-unknown-fields: true`). */
export function preservesUnknown(s: JSONSchemaProps): boolean {
  return s['x-kubernetes-preserve-unknown-fields'] === true;
}

/** Whether `s` describes an embedded object with apiVersion, kind and metadata. */
export function isEmbeddedResource(s: JSONSchemaProps): boolean {
  return s['x-kubernetes-embedded-resource'] === true;
}

/** The schema of the values of a map-like object, when `additionalProperties` gives one. */
export function additionalSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined;
}

/**
 * The OpenAPI type name of a decoded JSON value, as upstream's validator names it in its
 * messages: integral numbers are `integer`, others `number`; `null` for null.
 */
export function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** Joins a field path and a property name as upstream's validator does (`spec.replicas`). */
export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** The path of an array element (`spec.items[2]`). */
export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}
