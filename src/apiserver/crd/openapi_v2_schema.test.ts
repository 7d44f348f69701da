import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONSchemaProps } from './json_schema.js';
import { toOpenApiV2Schema } from './openapi_v2_schema.js';

describe('toOpenApiV2Schema', () => {
  it('drops what Swagger 2.0 readers cannot use, leaving the input alone', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      required: ['a', 'n'],
      properties: {
        a: { type: 'string', anyOf: [{ pattern: 'x' }] },
        n: { type: 'object', nullable: true, properties: { x: { type: 'string' } } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { y: { type: 'string' } },
        },
        list: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
        port: { 'x-kubernetes-int-or-string': true },
      },
    };
    const before = structuredClone(schema);
    assert.deepEqual(toOpenApiV2Schema(schema), {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string' },
        n: {},
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        list: { 'x-kubernetes-preserve-unknown-fields': true },
        port: { 'x-kubernetes-int-or-string': true },
      },
    });
    assert.deepEqual(schema, before);
  });
});
