/**
 * OpenAPI documents generated from the registry: `/openapi/v3` (an index of group versions and
 * one OpenAPI 3.0 document per group version) and `/openapi/v2` (one Swagger 2.0 document).
 * Paths carry upstream's operation shape and `x-kubernetes-*` extensions, so kubectl finds each
 * kind by its group/version/kind and sees that PATCH takes `fieldValidation` (server-side
 * validation). A kind's schema is its declared one when present (a CRD's, or a built-in
 * kind's from openapi/builtin/, with every definition it refers to), otherwise apiVersion, kind,
 * metadata and free-form remaining fields.
 */
import { createHash } from 'node:crypto';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { JSONSchemaProps } from '../crd/json_schema.js';
import { toOpenApiV2Schema } from '../crd/openapi_v2_schema.js';
import { META_SCHEMAS, META_PREFIX } from './meta_schemas.js';
import { BUILTIN_DEFINITIONS, builtinKindSchema } from './builtin/definitions.js';
import { reachable, renderSchema } from './builtin/render.js';

type Schema = Record<string, unknown>;

/** The definition name of a kind, as upstream names them (`io.k8s.api.core.v1.Pod`). */
export function definitionName(def: Pick<ResourceDef, 'group' | 'version' | 'kind' | 'crd'>): string {
  if (def.crd || (def.group.includes('.') && !def.group.endsWith('.k8s.io'))) {
    return `${def.group.split('.').reverse().join('.')}.${def.version}.${def.kind}`;
  }
  if (def.group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${def.version}.${def.kind}`;
  const short = def.group === '' ? 'core' : def.group.split('.')[0]!;
  return `io.k8s.api.${short}.${def.version}.${def.kind}`;
}

const gvk = (def: ResourceDef) => [{ group: def.group, version: def.version, kind: def.kind }];

/** The built-in definitions the kinds `defs` refer to (their own included), rendered for a document. */
function builtinDefinitions(
  defs: ResourceDef[],
  ref: (name: string) => string,
  v3: boolean,
): Record<string, Schema> {
  const roots = defs.filter((d) => !d.crd).map((d) => definitionName(d));
  const out: Record<string, Schema> = {};
  for (const name of reachable(roots, BUILTIN_DEFINITIONS)) {
    out[name] = renderSchema(BUILTIN_DEFINITIONS[name], ref, v3) as Schema;
  }
  return out;
}

function kindSchema(def: ResourceDef, ref: (name: string) => string, v3: boolean): Schema {
  if (!def.crd) {
    const builtin = builtinKindSchema(definitionName(def));
    if (builtin) return renderSchema(builtin, ref, v3) as Schema;
  }
  const declared = def.schema as Schema | undefined;
  const base: Schema = declared
    ? def.crd && !v3
      ? (toOpenApiV2Schema(declared as JSONSchemaProps) as Schema)
      : structuredClone(declared)
    : {
        type: 'object',
        properties: {},
        'x-kubernetes-preserve-unknown-fields': true,
      };
  const props = (base.properties ??= {}) as Record<string, Schema>;
  props.apiVersion ??= {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  };
  props.kind ??= {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  };
  // v3 wraps references in allOf to give them siblings; Swagger 2.0 readers only follow $ref.
  props.metadata = v3
    ? {
        description: 'Standard object metadata.',
        allOf: [{ $ref: ref(`${META_PREFIX}.ObjectMeta`) }],
        default: {},
      }
    : { description: 'Standard object metadata.', $ref: ref(`${META_PREFIX}.ObjectMeta`) };
  base['x-kubernetes-group-version-kind'] = gvk(def);
  // Swagger 2.0 has no preserve-unknown-fields: readers of v2 (kubectl's client-side validation,
  // used for the items of a List) would take a free-form kind's few properties as all it has. As
  // upstream does for such CRD schemas in v2, a free-form kind is published without properties.
  if (!declared && !v3) delete base.properties;
  return base;
}

function listSchema(def: ResourceDef, ref: (name: string) => string): Schema {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      items: { type: 'array', items: { $ref: ref(definitionName(def)) } },
      metadata: { allOf: [{ $ref: ref(`${META_PREFIX}.ListMeta`) }], default: {} },
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'];
const queryParam = (name: string, v3: boolean) =>
  v3
    ? { name, in: 'query', schema: { type: 'string', uniqueItems: true } }
    : { name, in: 'query', type: 'string', uniqueItems: true };

function operations(def: ResourceDef, v3: boolean, ref: (name: string) => string): Record<string, Schema> {
  const prefix = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  const nsPart = def.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${prefix}${nsPart}/${def.plural}`;
  const item = `${collection}/{name}`;
  const opName = (verb: string) =>
    `${verb}${def.group ? def.group.split('.')[0]!.replace(/^./, (c) => c.toUpperCase()) : 'Core'}${def.version.replace(/^./, (c) => c.toUpperCase())}${def.namespaced ? 'Namespaced' : ''}${def.kind}`;
  const body = (schemaRef: string) =>
    v3
      ? { requestBody: { content: { '*/*': { schema: { $ref: ref(schemaRef) } } }, required: true } }
      : { parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: ref(schemaRef) } }] };
  const response = (schemaRef: string) =>
    v3
      ? { content: { 'application/json': { schema: { $ref: ref(schemaRef) } } }, description: 'OK' }
      : { description: 'OK', schema: { $ref: ref(schemaRef) } };
  const op = (verb: string, action: string, schemaRef: string, withBody: boolean) => {
    const o: Schema = {
      operationId: opName(verb),
      tags: [def.group ? `${def.group}_${def.version}` : `core_${def.version}`],
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
      responses: { '200': response(schemaRef) },
    };
    const params: unknown[] = withBody ? QUERY_PARAMS.map((p) => queryParam(p, v3)) : [];
    if (withBody) {
      const b = body(verb === 'patch' ? `${META_PREFIX}.Patch` : definitionName(def));
      if (v3) Object.assign(o, b);
      else params.push(...(b as { parameters: unknown[] }).parameters);
    }
    if (params.length) o.parameters = params;
    return o;
  };
  const pathParams = [
    ...(def.namespaced
      ? [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            ...(v3 ? { schema: { type: 'string' } } : { type: 'string' }),
          },
        ]
      : []),
  ];
  const nameParam = {
    name: 'name',
    in: 'path',
    required: true,
    ...(v3 ? { schema: { type: 'string' } } : { type: 'string' }),
  };
  const out: Record<string, Schema> = {};
  const verbs = new Set(def.verbs);
  const coll: Schema = { parameters: pathParams };
  if (verbs.has('list')) coll.get = op('list', 'list', `${definitionName(def)}List`, false);
  if (verbs.has('create')) coll.post = op('create', 'post', definitionName(def), true);
  if (verbs.has('deletecollection'))
    coll.delete = op('deleteCollection', 'deletecollection', `${META_PREFIX}.Status`, false);
  out[collection] = coll;
  if (verbs.has('get') || verbs.has('update') || verbs.has('patch') || verbs.has('delete')) {
    const it: Schema = { parameters: [nameParam, ...pathParams] };
    if (verbs.has('get')) it.get = op('read', 'get', definitionName(def), false);
    if (verbs.has('update')) it.put = op('replace', 'put', definitionName(def), true);
    if (verbs.has('patch')) it.patch = op('patch', 'patch', definitionName(def), true);
    if (verbs.has('delete')) it.delete = op('delete', 'delete', `${META_PREFIX}.Status`, false);
    out[item] = it;
  }
  return out;
}

/** Builds and caches the OpenAPI documents; caches are dropped when the registry changes. */
export class OpenApi {
  private cache = new Map<string, string>();

  constructor(private readonly registry: Registry) {
    registry.onChange(() => (this.cache = new Map()));
  }

  private memo(key: string, build: () => unknown): string {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = JSON.stringify(build());
      this.cache.set(key, v);
    }
    return v;
  }

  private static urlPath(group: string, version: string): string {
    return group ? `apis/${group}/${version}` : `api/${version}`;
  }

  /** `/openapi/v3`: the index of group-version documents with content hashes. */
  v3Index(): string {
    return this.memo('v3index', () => {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const g of this.registry.groups()) {
        for (const v of g.versions) {
          const p = OpenApi.urlPath(g.group, v);
          const doc = this.v3Document(g.group, v)!;
          const hash = createHash('sha512').update(doc).digest('hex').slice(0, 128).toUpperCase();
          paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
        }
      }
      return { paths };
    });
  }

  /** `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`; null when unknown. */
  v3Document(group: string, version: string): string | null {
    const defs = this.registry.resources(group, version);
    if (defs.length === 0) return null;
    return this.memo(`v3:${group}/${version}`, () => {
      const ref = (n: string) => `#/components/schemas/${n}`;
      const schemas: Record<string, Schema> = {
        ...META_SCHEMAS(ref),
        ...builtinDefinitions(defs, ref, true),
      };
      const paths: Record<string, Schema> = {};
      for (const d of defs) {
        schemas[definitionName(d)] = kindSchema(d, ref, true);
        if (d.verbs.includes('list')) schemas[`${definitionName(d)}List`] = listSchema(d, ref);
        Object.assign(paths, operations(d, true, ref));
      }
      return {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: 'v1.31.0' },
        paths,
        components: { schemas },
      };
    });
  }

  /** `/openapi/v2`: every group version in one Swagger 2.0 document. */
  v2Document(): string {
    return this.memo('v2', () => {
      const ref = (n: string) => `#/definitions/${n}`;
      const definitions: Record<string, Schema> = {
        ...META_SCHEMAS(ref),
        ...builtinDefinitions(this.registry.all(), ref, false),
      };
      const paths: Record<string, Schema> = {};
      for (const d of this.registry.all()) {
        definitions[definitionName(d)] = kindSchema(d, ref, false);
        if (d.verbs.includes('list')) definitions[`${definitionName(d)}List`] = listSchema(d, ref);
        Object.assign(paths, operations(d, false, ref));
      }
      return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.31.0' }, paths, definitions };
    });
  }
}
