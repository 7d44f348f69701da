import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import protobuf from 'protobufjs';
import YAML from 'yaml';
import { testResources } from '../../../test/fixtures/resources.js';
import { Registry } from '../registry/registry.js';
import { OpenApi } from './openapi.js';
import {
  encodeOpenApiV2Protobuf,
  negotiateOpenApiV2,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_DEPRECATED,
  openApiV2Types,
} from './openapi_v2_proto.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Message = Record<string, unknown>;

const types = () => openApiV2Types();
const Document = () => types().lookupType('Document');

/** Decodes bytes as kubectl does, into plain objects with proto field names. */
function decode(bytes: Uint8Array): Message {
  const D = Document();
  return D.toObject(D.decode(bytes), { longs: Number });
}

/** An `Any` read back as Go's YAML readers would: YAML 1.1 over the text. */
const anyValue = (a: unknown): Json => YAML.parse((a as { yaml: string }).yaml, { version: '1.1' }) as Json;

const named = (list: unknown, name: string): Message => {
  const found = (list as { name: string; value: Message }[]).find((e) => e.name === name);
  assert.ok(found, `no entry ${name}`);
  return found.value;
};
const names = (list: unknown) => (list as { name: string }[]).map((e) => e.name);
const extensions = (m: Message): Record<string, Json> =>
  Object.fromEntries(
    ((m.vendor_extension ?? []) as { name: string; value: unknown }[]).map((e) => [
      e.name,
      anyValue(e.value),
    ]),
  );

/**
 * The JSON a decoded message stands for, written independently of the encoder from the proto's
 * reflection: the inverse of gnostic's JSON-to-proto mapping.
 */
function toJson(type: protobuf.Type, m: Message): Json {
  const sub = (name: string) => {
    const t = type.fields[name]!.resolvedType;
    assert.ok(t instanceof protobuf.Type);
    return t;
  };
  const entries = (field: string): JsonObject => {
    const valueField = sub(field).fields.value!;
    const out: JsonObject = {};
    for (const e of (m[field] ?? []) as { name: string; value: unknown }[]) {
      out[e.name] =
        valueField.resolvedType instanceof protobuf.Type
          ? toJson(valueField.resolvedType, e.value as Message)
          : (e.value as Json);
    }
    return out;
  };
  switch (type.name) {
    case 'Any':
      return anyValue(m);
    case 'TypeItem': {
      const v = m.value as string[];
      return v.length === 1 ? v[0]! : v;
    }
    case 'StringArray':
      return (m.value ?? []) as string[];
    case 'ItemsItem': {
      const v = (m.schema as Message[]).map((s) => toJson(sub('schema'), s));
      return v.length === 1 ? v[0]! : v;
    }
    case 'Paths':
    case 'Responses':
      return { ...entries(type.name === 'Paths' ? 'path' : 'response_code'), ...entries('vendor_extension') };
  }
  if (type.oneofsArray.length) {
    const set = type.fieldsArray.filter((f) => m[f.name] !== undefined);
    assert.equal(set.length, 1, `${type.name} must hold exactly one case`);
    const f = set[0]!;
    return f.resolvedType instanceof protobuf.Type
      ? toJson(f.resolvedType, m[f.name] as Message)
      : (m[f.name] as Json);
  }
  if (type.fieldsArray.length === 1 && type.fieldsArray[0]!.name === 'additional_properties') {
    return entries('additional_properties');
  }
  const out: JsonObject = {};
  for (const f of type.fieldsArray) {
    const v = m[f.name];
    if (v === undefined) continue;
    if (f.name === 'vendor_extension') {
      Object.assign(out, entries('vendor_extension'));
      continue;
    }
    const key = f.name === '_ref' ? '$ref' : f.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const one = (x: unknown): Json =>
      f.resolvedType instanceof protobuf.Type ? toJson(f.resolvedType, x as Message) : (x as Json);
    out[key] = f.repeated ? (v as unknown[]).map(one) : one(v);
  }
  return out;
}

/** A JSON value without its empty lists: a repeated field cannot tell them from absent ones. */
function withoutEmptyLists(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutEmptyLists);
  if (typeof v !== 'object' || v === null) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v))
    if (!(Array.isArray(x) && x.length === 0)) out[k] = withoutEmptyLists(x);
  return out;
}

function testDocument(): string {
  const registry = new Registry();
  for (const def of testResources()) registry.add(def);
  return new OpenApi(registry).v2Document();
}

describe('encodeOpenApiV2Protobuf on the document of the test resources', () => {
  const json = testDocument();
  const doc = JSON.parse(json) as JsonObject;
  const decoded = decode(encodeOpenApiV2Protobuf(json));
  const paths = (decoded.paths as Message).path;
  const definitions = (decoded.definitions as Message).additional_properties;

  test('decodes back to the same JSON document', () => {
    assert.deepEqual(toJson(Document(), decoded), withoutEmptyLists(doc));
  });

  test('keeps paths and definitions in document order', () => {
    assert.equal(decoded.swagger, '2.0');
    assert.deepEqual(decoded.info, { title: 'Kubernetes', version: 'v1.31.0' });
    assert.deepEqual(names(paths), Object.keys(doc.paths as JsonObject));
    assert.deepEqual(names(definitions), Object.keys(doc.definitions as JsonObject));
    assert.ok(names(paths).includes('/api/v1/namespaces/{namespace}/configmaps/{name}'));
    assert.ok(names(paths).includes('/apis/example.com/v1/namespaces/{namespace}/widgets'));
    assert.ok(names(definitions).includes('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'));
  });

  test('carries x-kubernetes-group-version-kind as vendor extensions', () => {
    assert.deepEqual(
      extensions(named(definitions, 'io.k8s.api.core.v1.ConfigMap'))['x-kubernetes-group-version-kind'],
      [{ group: '', version: 'v1', kind: 'ConfigMap' }],
    );
    assert.deepEqual(
      extensions(named(definitions, 'com.example.v1.WidgetList'))['x-kubernetes-group-version-kind'],
      [{ group: 'example.com', version: 'v1', kind: 'WidgetList' }],
    );
    const patch = named(paths, '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}').patch as Message;
    assert.deepEqual(extensions(patch), {
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: 'example.com', version: 'v1', kind: 'Widget' },
    });
  });

  test('PATCH takes fieldValidation as a query parameter and the body as a Patch', () => {
    const item = named(paths, '/api/v1/namespaces/{namespace}/configmaps/{name}');
    const params = (item.patch as Message).parameters as Message[];
    const query = params
      .map(
        (p) =>
          ((p.parameter as Message).non_body_parameter as Message | undefined)?.query_parameter_sub_schema,
      )
      .filter((q): q is Message => q !== undefined);
    assert.deepEqual(
      query.map((q) => q.name),
      ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'],
    );
    assert.deepEqual(query[2], { in: 'query', name: 'fieldValidation', type: 'string', unique_items: true });
    const body = params.map((p) => (p.parameter as Message).body_parameter).find((b) => b !== undefined);
    assert.deepEqual(body, {
      name: 'body',
      in: 'body',
      required: true,
      schema: { _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    const pathParams = (item.parameters as Message[]).map(
      (p) => ((p.parameter as Message).non_body_parameter as Message).path_parameter_sub_schema,
    );
    assert.deepEqual(pathParams, [
      { required: true, in: 'path', name: 'name', type: 'string' },
      { required: true, in: 'path', name: 'namespace', type: 'string' },
    ]);
    const ok = named(((item.get as Message).responses as Message).response_code, '200');
    assert.deepEqual(ok, {
      response: {
        description: 'OK',
        schema: { schema: { _ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' } },
      },
    });
  });

  test('schemas keep types, references, items, maps and defaults', () => {
    const props = (
      named(definitions, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').properties as Message
    ).additional_properties;
    assert.deepEqual(named(props, 'name').type, { value: ['string'] });
    const labels = named(props, 'labels');
    assert.deepEqual(labels.type, { value: ['object'] });
    assert.deepEqual(((labels.additional_properties as Message).schema as Message).type, {
      value: ['string'],
    });
    const owners = named(props, 'ownerReferences');
    assert.deepEqual(owners.items, {
      schema: [{ _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference' }],
    });
    assert.deepEqual(extensions(owners)['x-kubernetes-list-map-keys'], ['uid']);
    assert.equal(extensions(owners)['x-kubernetes-patch-strategy'], 'merge');
    // A free-form kind has no properties in Swagger 2.0 (readers would take them as all it has).
    assert.equal(named(definitions, 'com.example.v1.Widget').properties, undefined);
    // A built-in kind has its declared fields.
    const configMap = named(definitions, 'io.k8s.api.core.v1.ConfigMap').properties as Message;
    assert.deepEqual(named(configMap.additional_properties as Message[], 'data').type, { value: ['object'] });
  });

  test('returns the same bytes for the same text without encoding again', () => {
    assert.equal(encodeOpenApiV2Protobuf(json), encodeOpenApiV2Protobuf(json));
  });
});

describe('encodeOpenApiV2Protobuf on Swagger 2.0 beyond what the registry produces', () => {
  const doc: JsonObject = {
    swagger: '2.0',
    info: { title: 't', version: '1', 'x-info': 1 },
    basePath: '/',
    consumes: ['application/json'],
    securityDefinitions: {
      BearerToken: { type: 'apiKey', name: 'authorization', in: 'header' },
      Basic: { type: 'basic' },
      OAuth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'a',
        tokenUrl: 't',
        scopes: { read: 'r' },
      },
    },
    security: [{ BearerToken: [] }],
    parameters: { pretty: { name: 'pretty', in: 'query', type: 'string', uniqueItems: true } },
    responses: { gone: { description: 'Gone' } },
    paths: {
      'x-paths': { note: true },
      '/a/{id}': {
        parameters: [
          { $ref: '#/parameters/pretty' },
          { name: 'id', in: 'path', required: true, type: 'integer' },
        ],
        get: {
          parameters: [
            { name: 'limit', in: 'query', type: 'integer', minimum: 1, maximum: 500, default: 10 },
            { name: 'X-Trace', in: 'header', type: 'string' },
            {
              name: 'f',
              in: 'formData',
              type: 'array',
              items: { type: 'string', enum: ['a', 'b'] },
              collectionFormat: 'csv',
            },
          ],
          responses: {
            '200': { description: 'OK', schema: { type: 'file' } },
            '410': { $ref: '#/responses/gone' },
            'x-r': 'ext',
          },
          deprecated: true,
        },
      },
    },
    definitions: {
      Open: { type: 'object', properties: {} },
      Tuple: { type: ['string', 'null'], items: [{ type: 'string' }, { type: 'integer' }] },
      Strict: {
        type: 'object',
        additionalProperties: false,
        maxProperties: 3,
        required: ['a'],
        properties: {
          a: {
            type: 'string',
            maxLength: 10,
            pattern: '^[a-z]+$',
            enum: ['on', 'yes', '0755'],
            example: 'on',
          },
          b: { type: 'number', multipleOf: 0.5, exclusiveMinimum: true, minimum: 0 },
          text: { type: 'string', default: 'line\u2028sep\u0085nel\u007f' },
        },
        xml: { name: 'strict', wrapped: true },
        externalDocs: { url: 'https://example.com' },
      },
    },
    tags: [{ name: 'core', description: 'Core' }],
    'x-top': { a: [1, 2.5, null] },
  };
  const decoded = decode(encodeOpenApiV2Protobuf(JSON.stringify(doc)));

  test('decodes back to the same JSON document', () => {
    assert.deepEqual(toJson(Document(), decoded), doc);
  });

  test('chooses oneof cases as gnostic does', () => {
    const item = named((decoded.paths as Message).path, '/a/{id}');
    const [ref, id] = item.parameters as Message[];
    assert.deepEqual(ref, { json_reference: { _ref: '#/parameters/pretty' } });
    assert.deepEqual(Object.keys((id!.parameter as Message).non_body_parameter as Message), [
      'path_parameter_sub_schema',
    ]);
    const cases = ((item.get as Message).parameters as Message[]).map((p) =>
      Object.keys((p.parameter as Message).non_body_parameter as Message),
    );
    assert.deepEqual(cases, [
      ['query_parameter_sub_schema'],
      ['header_parameter_sub_schema'],
      ['form_data_parameter_sub_schema'],
    ]);
    const responses = (item.get as Message).responses as Message;
    assert.deepEqual(named(responses.response_code, '200'), {
      response: { description: 'OK', schema: { file_schema: { type: 'file' } } },
    });
    assert.deepEqual(named(responses.response_code, '410'), { json_reference: { _ref: '#/responses/gone' } });
    assert.deepEqual(extensions(responses), { 'x-r': 'ext' });
    assert.deepEqual(names((decoded.paths as Message).path), ['/a/{id}']);
    assert.deepEqual(extensions(decoded.paths as Message), { 'x-paths': { note: true } });
    const security = (decoded.security_definitions as Message).additional_properties;
    assert.deepEqual(Object.keys(named(security, 'OAuth')), ['oauth2_access_code_security']);
    assert.deepEqual(Object.keys(named(security, 'Basic')), ['basic_authentication_security']);
  });

  test('an empty properties object stays present, additionalProperties false stays a boolean', () => {
    const defs = (decoded.definitions as Message).additional_properties;
    assert.deepEqual(named(defs, 'Open').properties, {});
    assert.deepEqual(named(defs, 'Strict').additional_properties, { boolean: false });
    assert.deepEqual(named(defs, 'Tuple').type, { value: ['string', 'null'] });
    assert.equal((named(defs, 'Tuple').items as { schema: unknown[] }).schema.length, 2);
  });

  test('Any texts read back alike under YAML 1.1, line separators and controls escaped', () => {
    const props = (
      named((decoded.definitions as Message).additional_properties, 'Strict').properties as Message
    ).additional_properties;
    const a = named(props, 'a');
    assert.deepEqual((a.enum as unknown[]).map(anyValue), ['on', 'yes', '0755']);
    const text = (named(props, 'text').default as { yaml: string }).yaml;
    assert.doesNotMatch(text, /[\u2028\u0085\u007f]/);
    assert.equal(anyValue(named(props, 'text').default), 'line\u2028sep\u0085nel\u007f');
  });

  test('leaves out what Swagger 2.0 cannot hold', () => {
    const json = JSON.stringify({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {},
      definitions: {
        N: { type: 'string', nullable: true, oneOf: [{ type: 'string' }], maxLength: 'ten', minLength: 1.5 },
      },
    });
    const defs = (decode(encodeOpenApiV2Protobuf(json)).definitions as Message).additional_properties;
    assert.deepEqual(named(defs, 'N'), { type: { value: ['string'] } });
    assert.throws(() => encodeOpenApiV2Protobuf('[]'), /not a JSON object/);
  });
});

describe('negotiateOpenApiV2', () => {
  const cases: [string | undefined, 'json' | 'protobuf' | null][] = [
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['application/json, */*', 'json'],
    [OPENAPI_V2_PROTOBUF_DEPRECATED, 'protobuf'],
    [OPENAPI_V2_PROTOBUF, 'protobuf'],
    [`${OPENAPI_V2_PROTOBUF}, application/json`, 'protobuf'],
    [`application/json;q=0.5, ${OPENAPI_V2_PROTOBUF_DEPRECATED}`, 'protobuf'],
    [`*/*, ${OPENAPI_V2_PROTOBUF}`, 'protobuf'],
    ['application/json;q=0, */*;q=0.1', 'json'],
    ['text/html', null],
    ['application/yaml', null],
  ];
  for (const [accept, want] of cases) {
    test(`Accept: ${accept ?? '(none)'} → ${want}`, () => assert.equal(negotiateOpenApiV2(accept), want));
  }
});
