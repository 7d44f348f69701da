import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { isPlainObject } from '../../../api/object.js';
import { BUILTIN_PATCH_META } from '../../patch/patch_meta.js';
import { ALL_DEFINITIONS, BUILTIN_DEFINITIONS } from './definitions.js';
import type { Schema } from './dsl.js';
import { resolveSchema } from './unknown_fields.js';

type Attribute = { name: string; baseName: string; type: string };
type Model = { attributeTypeMap?: Attribute[] };
const models = k8s as unknown as Record<string, Model | undefined>;

function refs(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

test('every definition referred to exists', () => {
  const dangling = Object.entries(ALL_DEFINITIONS).flatMap(([name, s]) =>
    refs(s, [])
      .filter((r) => !ALL_DEFINITIONS[r])
      .map((r) => `${name} -> ${r}`),
  );
  assert.deepEqual(dangling, []);
});

/**
 * The generated client's model of a definition (`io.k8s.api.core.v1.EndpointPort` is
 * CoreV1EndpointPort). A beta or alpha kind the client no longer has (SelfSubjectReview) is the
 * same as its v1 one.
 */
function modelOf(name: string): Model | undefined {
  const model = clientModel(name);
  if (model) return model;
  const v1 = name.replace(/\.v\d+(alpha|beta)\d+\.(\w+)$/, '.v1.$2');
  return v1 === name ? undefined : clientModel(v1);
}

function clientModel(name: string): Model | undefined {
  const parts = name.split('.');
  const type = parts.at(-1)!;
  const version = parts.at(-2)!.replace(/^./, (c) => c.toUpperCase());
  const group = parts.at(-3)!.replace(/^./, (c) => c.toUpperCase());
  return [`${group}${version}${type}`, `${version}${type}`]
    .map((n) => models[n])
    .find((m) => m?.attributeTypeMap);
}

/** The JSON shape of a client attribute type: array, map, or a scalar/struct. */
function clientShape(type: string): string {
  if (type.startsWith('Array<')) return 'array';
  if (type.startsWith('{ [key: string]')) return 'map';
  return 'value';
}

function ourShape(s: Schema): string {
  const r = resolveSchema(s, ALL_DEFINITIONS) ?? {};
  if (r.type === 'array') return 'array';
  if (r.type === 'object' && r.additionalProperties && !r.properties) return 'map';
  return 'value';
}

test('every struct declares exactly the fields of upstream types, with their shapes', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const [name, schema] of Object.entries(ALL_DEFINITIONS)) {
    const props = schema.properties as Record<string, Schema> | undefined;
    if (!props || name.endsWith('.Status') || name.endsWith('.Patch')) continue;
    const model = modelOf(name);
    if (!model) {
      problems.push(`${name}: no model to compare with`);
      continue;
    }
    checked++;
    const theirs = new Map(model.attributeTypeMap!.map((a) => [a.baseName, a.type]));
    for (const [field, type] of theirs) {
      if (!props[field]) problems.push(`${name}: missing ${field}`);
      else if (clientShape(type) !== ourShape(props[field]!))
        problems.push(`${name}.${field}: ${ourShape(props[field]!)}, upstream ${clientShape(type)}`);
    }
    for (const field of Object.keys(props)) if (!theirs.has(field)) problems.push(`${name}: extra ${field}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(checked >= Object.keys(BUILTIN_DEFINITIONS).length - 10, `only ${checked} compared`);
});

test('the patch strategies published agree with those the server merges by', () => {
  const byShortName = new Map<string, string>();
  for (const name of Object.keys(ALL_DEFINITIONS)) {
    const short = name.split('.').at(-1)!;
    // The table names types without their group; the first definition of a name is the one meant.
    if (!byShortName.has(short) && !name.includes('.autoscaling.v1.')) byShortName.set(short, name);
  }
  const problems: string[] = [];
  let compared = 0;
  for (const [type, fields] of Object.entries(BUILTIN_PATCH_META)) {
    const name = byShortName.get(type);
    if (!name) continue;
    const props = (ALL_DEFINITIONS[name]!.properties ?? {}) as Record<string, Schema>;
    for (const [field, spec] of Object.entries(fields)) {
      const p = props[field];
      compared++;
      if (!p) problems.push(`${name}.${field}: not declared`);
      else if (
        (spec.strategy ?? '') !== (p['x-kubernetes-patch-strategy'] ?? '') ||
        (spec.mergeKey ?? '') !== (p['x-kubernetes-patch-merge-key'] ?? '')
      )
        problems.push(`${name}.${field}: server ${spec.strategy}/${spec.mergeKey}`);
    }
    for (const [field, p] of Object.entries(props)) {
      if (p['x-kubernetes-patch-strategy'] && !fields[field])
        problems.push(`${name}.${field}: server has none`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(compared > 50, `only ${compared} compared`);
});
