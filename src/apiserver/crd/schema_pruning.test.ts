import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONSchemaProps } from './json_schema.js';
import { pruneObject } from './schema_pruning.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        a: { type: 'string' },
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'integer' } } } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: {} } },
        },
        map: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { v: { type: 'string' } } },
        },
        embedded: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { s: { type: 'string' } } } },
        },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const cases: Array<{
  name: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  pruned: string[];
}> = [
  {
    name: 'keeps type meta and ObjectMeta, drops unknown fields at every level',
    input: {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 'b' }, bogus: 1 },
      spec: { a: 'x', b: 'y', list: [{ x: 1, y: 2 }] },
      extra: true,
    },
    output: {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 'b' } },
      spec: { a: 'x', list: [{ x: 1 }] },
    },
    pruned: ['extra', 'metadata.bogus', 'spec.b', 'spec.list[0].y'],
  },
  {
    name: 'x-kubernetes-preserve-unknown-fields keeps unknown keys but prunes below known ones',
    input: { spec: { free: { anything: { goes: 1 }, known: { nope: 1 } } } },
    output: { spec: { free: { anything: { goes: 1 }, known: {} } } },
    pruned: ['spec.free.known.nope'],
  },
  {
    name: 'additionalProperties declares every key and prunes inside the values',
    input: { spec: { map: { k1: { v: 'a', w: 'b' } } } },
    output: { spec: { map: { k1: { v: 'a' } } } },
    pruned: ['spec.map.k1.w'],
  },
  {
    name: 'embedded resources keep apiVersion, kind and metadata',
    input: {
      spec: {
        embedded: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', junk: 1 },
          spec: { s: 'x', t: 'y' },
        },
      },
    },
    output: {
      spec: { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { s: 'x' } } },
    },
    pruned: ['spec.embedded.metadata.junk', 'spec.embedded.spec.t'],
  },
  {
    name: 'nothing to prune',
    input: { spec: { a: 'x' }, status: { ready: true } },
    output: { spec: { a: 'x' }, status: { ready: true } },
    pruned: [],
  },
];

describe('pruneObject', () => {
  for (const c of cases) {
    it(c.name, () => {
      const v = structuredClone(c.input);
      assert.deepEqual(pruneObject(v, schema), c.pruned);
      assert.deepEqual(v, c.output);
    });
  }

  it('a root that preserves unknown fields keeps everything', () => {
    const v = { spec: { anything: 1 }, other: 2 };
    assert.deepEqual(pruneObject(v, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), []);
    assert.deepEqual(v, { spec: { anything: 1 }, other: 2 });
  });
});
