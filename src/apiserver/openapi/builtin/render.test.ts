import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlainObject } from '../../../api/object.js';
import { builtinResources } from '../../registry/builtin/index.js';
import { Registry } from '../../registry/registry.js';
import { definitionName, OpenApi } from '../openapi.js';
import { builtinKindSchema } from './definitions.js';
import { reachable, renderSchema } from './render.js';

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

test('renderSchema places references and wraps those with siblings in allOf for v3', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { $ref: 'x.A', description: 'd' },
      default: { type: 'array', items: { $ref: 'x.A' } },
      e: { type: 'string', enum: ['$ref'], default: { $ref: 'kept' } },
    },
  };
  const v2 = (n: string) => `#/definitions/${n}`;
  const v3 = (n: string) => `#/components/schemas/${n}`;
  assert.deepEqual(renderSchema(schema, v2, false), {
    type: 'object',
    properties: {
      a: { $ref: '#/definitions/x.A', description: 'd' },
      default: { type: 'array', items: { $ref: '#/definitions/x.A' } },
      e: { type: 'string', enum: ['$ref'], default: { $ref: 'kept' } },
    },
  });
  assert.deepEqual((renderSchema(schema, v3, true) as { properties: unknown }).properties, {
    a: { description: 'd', allOf: [{ $ref: '#/components/schemas/x.A' }] },
    default: { type: 'array', items: { $ref: '#/components/schemas/x.A' } },
    e: { type: 'string', enum: ['$ref'], default: { $ref: 'kept' } },
  });
  assert.deepEqual(
    renderSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }], format: 'f' }, v2, false),
    {
      type: 'string',
      format: 'f',
    },
  );
});

test('reachable follows references from the roots, fields named default included', () => {
  const defs = {
    r: { properties: { default: { $ref: 'a' } } },
    a: { items: { $ref: 'b' } },
    b: { type: 'string' },
    c: { type: 'string' },
  };
  assert.deepEqual([...reachable(['r'], defs)].sort(), ['a', 'b', 'r']);
});

test('every reference of /openapi/v2 and of each /openapi/v3 document resolves', () => {
  const registry = new Registry();
  for (const def of builtinResources()) registry.add(def);
  const api = new OpenApi(registry);
  const v2 = JSON.parse(api.v2Document()) as { definitions: Record<string, unknown> };
  const missing = refs(v2).filter((r) => !v2.definitions[r.replace('#/definitions/', '')]);
  assert.deepEqual([...new Set(missing)], []);
  assert.ok(v2.definitions['io.k8s.api.core.v1.PodSpec']);
  const index = JSON.parse(api.v3Index()) as { paths: Record<string, unknown> };
  for (const p of Object.keys(index.paths)) {
    const [, group, version] = p.startsWith('api/') ? ['', '', p.slice(4)] : p.split('/');
    const doc = JSON.parse(api.v3Document(group!, version!)!) as {
      components: { schemas: Record<string, unknown> };
    };
    const dangling = refs(doc).filter((r) => !doc.components.schemas[r.replace('#/components/schemas/', '')]);
    assert.deepEqual([...new Set(dangling)], [], p);
  }
  const apps = JSON.parse(api.v3Document('apps', 'v1')!) as {
    components: { schemas: Record<string, unknown> };
  };
  assert.ok(
    apps.components.schemas['io.k8s.api.core.v1.Container'],
    'apps/v1 carries the core types it uses',
  );
  assert.equal(apps.components.schemas['io.k8s.api.core.v1.Node'], undefined, 'and only those');
});

test('every built-in kind has a declared schema naming its group, version and kind', () => {
  const problems: string[] = [];
  for (const def of builtinResources()) {
    const schema = builtinKindSchema(definitionName(def));
    if (!schema) problems.push(`${definitionName(def)}: no schema`);
    else
      assert.deepEqual(schema['x-kubernetes-group-version-kind'], [
        { group: def.group, version: def.version, kind: def.kind },
      ]);
  }
  assert.deepEqual(problems, []);
});
