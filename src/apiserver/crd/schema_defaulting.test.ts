import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONSchemaProps } from './json_schema.js';
import { applyDefaults, pruneNonNullableNulls } from './schema_defaulting.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'auto' },
        opt: { type: 'string', nullable: true, default: 'x' },
        gone: { type: 'string' },
        nested: { type: 'object', default: {}, properties: { deep: { type: 'boolean', default: true } } },
        list: {
          type: 'array',
          items: { type: 'object', properties: { w: { type: 'integer', default: 7 } } },
        },
        map: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { k: { type: 'string', default: 'v' } } },
        },
      },
    },
  },
};

const cases: Array<{ name: string; input: Record<string, unknown>; output: Record<string, unknown> }> = [
  {
    name: 'defaults an absent object top-down',
    input: {},
    output: { spec: { replicas: 1, mode: 'auto', opt: 'x', nested: { deep: true } } },
  },
  {
    name: 'keeps given values',
    input: { spec: { replicas: 5, mode: 'manual', nested: { deep: false } } },
    output: { spec: { replicas: 5, mode: 'manual', opt: 'x', nested: { deep: false } } },
  },
  {
    name: 'null of a non-nullable field takes the default; a nullable null stays',
    input: { spec: { replicas: null, opt: null } },
    output: { spec: { replicas: 1, mode: 'auto', opt: null, nested: { deep: true } } },
  },
  {
    name: 'defaults inside list items and map values',
    input: { spec: { list: [{}, { w: 2 }], map: { a: {} } } },
    output: {
      spec: {
        replicas: 1,
        mode: 'auto',
        opt: 'x',
        nested: { deep: true },
        list: [{ w: 7 }, { w: 2 }],
        map: { a: { k: 'v' } },
      },
    },
  },
];

describe('applyDefaults', () => {
  for (const c of cases) {
    it(c.name, () => {
      const v = structuredClone(c.input);
      applyDefaults(v, schema);
      assert.deepEqual(v, c.output);
    });
  }

  it('copies defaults rather than sharing them', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = {};
    applyDefaults(a, schema);
    applyDefaults(b, schema);
    (a.spec as Record<string, unknown>).replicas = 9;
    assert.equal((b.spec as Record<string, unknown>).replicas, 1);
  });
});

describe('pruneNonNullableNulls', () => {
  it('drops nulls without a default, keeps those with one (for defaulting) and nullable ones', () => {
    const v = { spec: { gone: null, replicas: null, opt: null } };
    pruneNonNullableNulls(v, schema);
    assert.deepEqual(v, { spec: { replicas: null, opt: null } });
  });
});
