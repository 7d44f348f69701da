/**
 * A CRD schema as `/openapi/v2` publishes it (upstream's `ToStructuralOpenAPIV2`): Swagger 2.0
 * clients such as kubectl's validation cannot read OpenAPI 3 constructs, so `allOf`/`anyOf`/
 * `oneOf`/`not` are dropped, nullable fields lose their type (and are no longer required),
 * fields preserving unknown fields lose their properties and items, and arrays without items
 * lose their type.
 */
import { isPlainObject } from '../../api/object.js';
import type { JSONSchemaProps } from './json_schema.js';

/** The v2 form of a CRD version's schema; `schema` is not modified. */
export function toOpenApiV2Schema(schema: JSONSchemaProps): JSONSchemaProps {
  return convert(structuredClone(schema));
}

function convert(s: JSONSchemaProps): JSONSchemaProps {
  delete s.allOf;
  delete s.anyOf;
  delete s.oneOf;
  delete s.not;
  if (s.nullable === true) {
    delete s.type;
    delete s.items;
    delete s.properties;
  }
  delete s.nullable;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) {
    delete s.items;
    delete s.properties;
  }
  if (s.type === 'array' && !isPlainObject(s.items)) delete s.type;
  if (isPlainObject(s.properties)) {
    const nullable = new Set<string>();
    for (const [name, prop] of Object.entries(s.properties)) {
      if (!isPlainObject(prop)) continue;
      if (prop.nullable === true) nullable.add(name);
      s.properties[name] = convert(prop);
    }
    if (Array.isArray(s.required)) {
      s.required = s.required.filter((r) => !nullable.has(r));
      if (s.required.length === 0) delete s.required;
    }
  }
  if (isPlainObject(s.items)) s.items = convert(s.items);
  if (isPlainObject(s.additionalProperties)) {
    if (s.additionalProperties.nullable === true) delete s.additionalProperties;
    else s.additionalProperties = convert(s.additionalProperties);
  }
  return s;
}
