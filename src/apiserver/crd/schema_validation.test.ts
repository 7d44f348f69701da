import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../api/field_errors.js';
import type { JSONSchemaProps } from './json_schema.js';
import { validateWithSchema } from './schema_validation.js';

const spec = (
  props: Record<string, JSONSchemaProps>,
  extra: Partial<JSONSchemaProps> = {},
): JSONSchemaProps => ({
  type: 'object',
  properties: { spec: { type: 'object', properties: props, ...extra } },
});

const cases: Array<{
  name: string;
  schema: JSONSchemaProps;
  value: unknown;
  errors: string[];
  reasons?: string[];
}> = [
  {
    name: 'type mismatch, as upstream words it',
    schema: spec({ replicas: { type: 'integer' } }),
    value: { spec: { replicas: 'three' } },
    errors: [
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ],
    reasons: ['FieldValueTypeInvalid'],
  },
  {
    name: 'a fraction is not an integer',
    schema: spec({ replicas: { type: 'integer' } }),
    value: { spec: { replicas: 1.5 } },
    errors: [
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
    ],
  },
  {
    name: 'required',
    schema: spec({ a: { type: 'string' } }, { required: ['a', 'b'] }),
    value: { spec: { a: 'x' } },
    errors: ['spec.b: Required value'],
    reasons: ['FieldValueRequired'],
  },
  {
    name: 'enum',
    schema: spec({ color: { type: 'string', enum: ['red', 'blue'] } }),
    value: { spec: { color: 'pink' } },
    errors: ['spec.color: Unsupported value: "pink": supported values: "red", "blue"'],
    reasons: ['FieldValueNotSupported'],
  },
  {
    name: 'maximum and minimum, inclusive',
    schema: spec({ a: { type: 'integer', maximum: 10 }, b: { type: 'integer', minimum: 1 } }),
    value: { spec: { a: 11, b: 0 } },
    errors: [
      'spec.a: Invalid value: 11: spec.a in body should be less than or equal to 10',
      'spec.b: Invalid value: 0: spec.b in body should be greater than or equal to 1',
    ],
  },
  {
    name: 'exclusive bounds',
    schema: spec({
      a: { type: 'number', maximum: 10, exclusiveMaximum: true },
      b: { type: 'number', minimum: 1, exclusiveMinimum: true },
    }),
    value: { spec: { a: 10, b: 1 } },
    errors: [
      'spec.a: Invalid value: 10: spec.a in body should be less than 10',
      'spec.b: Invalid value: 1: spec.b in body should be greater than 1',
    ],
  },
  {
    name: 'string lengths and pattern',
    schema: spec({
      long: { type: 'string', maxLength: 3 },
      short: { type: 'string', minLength: 3 },
      digits: { type: 'string', pattern: '^[0-9]+$' },
    }),
    value: { spec: { long: 'abcd', short: 'ab', digits: 'x1' } },
    errors: [
      'spec.digits: Invalid value: "x1": spec.digits in body should match \'^[0-9]+$\'',
      'spec.long: Too long: may not be longer than 3',
      'spec.short: Invalid value: "ab": spec.short in body should be at least 3 chars long',
    ],
  },
  {
    name: 'lengths count characters, not bytes',
    schema: spec({ s: { type: 'string', maxLength: 2 } }),
    value: { spec: { s: 'éé' } },
    errors: [],
  },
  {
    name: 'item counts and uniqueness',
    schema: spec({
      many: { type: 'array', maxItems: 2, items: { type: 'string' } },
      few: { type: 'array', minItems: 2, items: { type: 'string' } },
      uniq: { type: 'array', uniqueItems: true, items: { type: 'string' } },
    }),
    value: { spec: { many: ['a', 'b', 'c'], few: ['a'], uniq: ['a', 'a'] } },
    errors: [
      'spec.few: Invalid value: 1: spec.few in body should have at least 2 items',
      'spec.many: Too many: 3: must have at most 2 items',
      'spec.uniq: Invalid value: "": spec.uniq in body shouldn\'t contain duplicates',
    ],
  },
  {
    name: 'items are validated with their index in the path',
    schema: spec({
      ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } },
    }),
    value: { spec: { ports: [{ port: 1 }, { port: 'x' }] } },
    errors: [
      'spec.ports[1].port: Invalid value: "string": spec.ports[1].port in body must be of type integer: "string"',
    ],
  },
  {
    name: 'nullable accepts null; otherwise null is a type error',
    schema: spec({ a: { type: 'string', nullable: true }, b: { type: 'array', items: { type: 'string' } } }),
    value: { spec: { a: null, b: [null] } },
    errors: ['spec.b[0]: Invalid value: "null": spec.b[0] in body must be of type string: "null"'],
  },
  {
    name: 'formats of strings',
    schema: spec({
      at: { type: 'string', format: 'date-time' },
      ok: { type: 'string', format: 'date-time' },
      day: { type: 'string', format: 'date' },
      id: { type: 'string', format: 'uuid' },
      n: { type: 'integer', format: 'int32' },
    }),
    value: {
      spec: {
        at: 'yesterday',
        ok: '2024-05-01T10:00:00Z',
        day: '2024-02-30',
        id: '0b7e0f0c-8a55-4a8e-9d4e-8e4f2f2b5a11',
        n: 5,
      },
    },
    errors: [
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
      'spec.day: Invalid value: "2024-02-30": spec.day in body must be of type date: "2024-02-30"',
    ],
  },
  {
    name: 'int-or-string',
    schema: spec({
      port: { 'x-kubernetes-int-or-string': true },
      p2: { 'x-kubernetes-int-or-string': true },
    }),
    value: { spec: { port: true, p2: 'http' } },
    errors: [
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ],
  },
  {
    name: 'additionalProperties validates every value',
    schema: spec({ labels: { type: 'object', additionalProperties: { type: 'string' } } }),
    value: { spec: { labels: { a: 'x', b: 2 } } },
    errors: [
      'spec.labels.b: Invalid value: "integer": spec.labels.b in body must be of type string: "integer"',
    ],
  },
  {
    name: 'list-type set and map',
    schema: spec({
      tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      ports: {
        type: 'array',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        items: { type: 'object', properties: { name: { type: 'string' } } },
      },
    }),
    value: { spec: { tags: ['a', 'b', 'a'], ports: [{ name: 'x' }, { name: 'x' }] } },
    errors: ['spec.ports[1]: Duplicate value: {"name":"x"}', 'spec.tags[2]: Duplicate value: "a"'],
  },
  {
    name: 'embedded resources need apiVersion and kind',
    schema: spec({
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        'x-kubernetes-preserve-unknown-fields': true,
      },
    }),
    value: { spec: { template: { kind: 3, metadata: {} } } },
    errors: [
      'spec.template.apiVersion: Required value: must not be empty',
      'spec.template.kind: Invalid value: 3: must be a string',
    ],
  },
  {
    name: 'multipleOf',
    schema: spec({ n: { type: 'integer', multipleOf: 5 } }),
    value: { spec: { n: 7 } },
    errors: ['spec.n: Invalid value: 7: spec.n in body should be a multiple of 5'],
  },
  {
    name: 'a valid object has no errors',
    schema: spec(
      { replicas: { type: 'integer', minimum: 0 }, name: { type: 'string' } },
      { required: ['replicas'] },
    ),
    value: { spec: { replicas: 3, name: 'x' } },
    errors: [],
  },
];

describe('validateWithSchema', () => {
  for (const c of cases) {
    it(c.name, () => {
      const errs = validateWithSchema(c.schema, c.value);
      assert.deepEqual(errs.map(fieldErrorText).sort(), [...c.errors].sort());
      if (c.reasons)
        assert.deepEqual(
          errs.map((e) => e.type.reason),
          c.reasons,
        );
    });
  }
});
