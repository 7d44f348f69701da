/**
 * `/openapi/v2` as protocol buffers: the Swagger 2.0 JSON document converted to gnostic's
 * `openapi.v2.Document` (openapi_v2.proto), which kubectl 1.27 and client-go's
 * `OpenAPISchema()` ask for and decode. The conversion follows gnostic's `NewDocument`: JSON
 * keys map to fields by name (`$ref` to `_ref`), `x-` keys become `vendor_extension` entries
 * whose value text sits in `Any.yaml`, objects of arbitrary keys become ordered name/value lists,
 * and `oneof` messages take the case the JSON shows. What Swagger 2.0 cannot hold (OpenAPI 3 keys
 * such as `nullable` or `oneOf`, values of the wrong JSON type) is left out, as upstream's v2
 * publishing leaves it out.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The media type kubectl asks `/openapi/v2` for (upstream's deprecated spelling, still sent). */
export const OPENAPI_V2_PROTOBUF_DEPRECATED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** The media type upstream answers protobuf requests with, whichever spelling was asked for. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
/** A message as protobufjs encodes it: proto field names (keepCase) to values. */
type Message = Record<string, unknown>;

const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The directory holding openapi_v2.proto: beside this module in src/, or back in src/ from dist/. */
function protoPath(): string {
  const candidates = [
    new URL('./', import.meta.url),
    new URL('../../../../src/apiserver/openapi/', import.meta.url),
  ];
  for (const url of candidates) {
    const file = fileURLToPath(new URL('openapi_v2.proto', url));
    if (existsSync(file)) return file;
  }
  throw new Error(`openapi_v2.proto not found in ${candidates.map((u) => fileURLToPath(u)).join(' or ')}`);
}

let root: protobuf.Root | undefined;

/** The `openapi.v2` package, loaded once per process with upstream's field names. */
export function openApiV2Types(): protobuf.Namespace {
  if (!root) {
    root = new protobuf.Root().loadSync(protoPath(), { keepCase: true });
    root.resolveAll();
  }
  return root.lookup('openapi.v2') as protobuf.Namespace;
}

/** The JSON key of a field: `base_path` is `basePath`, `_ref` is `$ref`. */
const jsonKey = (field: string) =>
  field === '_ref' ? '$ref' : field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The text of a value for `Any.yaml`: JSON, which every YAML parser reads alike (no YAML 1.1
 * surprises such as `on` or `0755`), with the characters YAML treats as line breaks or rejects as
 * non-printable escaped.
 */
function yamlText(value: Json): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Which `NonBodyParameter` case holds a parameter, by its `in`. */
const NON_BODY_CASES: Record<string, string> = {
  header: 'header_parameter_sub_schema',
  formData: 'form_data_parameter_sub_schema',
  query: 'query_parameter_sub_schema',
  path: 'path_parameter_sub_schema',
};

/** Which `SecurityDefinitionsItem` case holds a scheme, by its `type` and OAuth2 `flow`. */
function securityCase(v: JsonObject): string | undefined {
  if (v.type === 'basic') return 'basic_authentication_security';
  if (v.type === 'apiKey') return 'api_key_security';
  if (v.type !== 'oauth2') return undefined;
  const flows: Record<string, string> = {
    implicit: 'oauth2_implicit_security',
    password: 'oauth2_password_security',
    application: 'oauth2_application_security',
    accessCode: 'oauth2_access_code_security',
  };
  return typeof v.flow === 'string' ? flows[v.flow] : undefined;
}

/** Converts JSON values to messages of one `openapi.v2` package, driven by its reflection. */
class DocumentConverter {
  private readonly fieldsByKey = new Map<protobuf.Type, Map<string, protobuf.Field>>();

  constructor(private readonly types: protobuf.Namespace) {}

  /** A message of `type` from a JSON value; undefined when the value cannot be one. */
  message(type: protobuf.Type, v: Json): Message | undefined {
    switch (type.name) {
      case 'Any':
        return { yaml: yamlText(v) };
      case 'TypeItem':
        if (typeof v === 'string') return { value: [v] };
        return Array.isArray(v) ? { value: v.filter((t) => typeof t === 'string') } : undefined;
      case 'StringArray':
        return Array.isArray(v) ? { value: v.filter((t) => typeof t === 'string') } : undefined;
      case 'ItemsItem': {
        const schemas = Array.isArray(v) ? v : [v];
        const out = schemas.map((s) => this.named('Schema', s)).filter((s) => s !== undefined);
        return out.length === schemas.length ? { schema: out } : undefined;
      }
      case 'AdditionalPropertiesItem':
        if (typeof v === 'boolean') return { boolean: v };
        return this.oneof('schema', this.named('Schema', v));
    }
    if (!isObject(v)) return undefined;
    switch (type.name) {
      case 'Parameter':
        return v.in === 'body'
          ? this.oneof('body_parameter', this.named('BodyParameter', v))
          : this.oneof('non_body_parameter', this.named('NonBodyParameter', v));
      case 'NonBodyParameter': {
        const which = typeof v.in === 'string' ? NON_BODY_CASES[v.in] : undefined;
        return which ? this.oneof(which, this.fields(this.field(type, which), v)) : undefined;
      }
      case 'ParametersItem':
        return '$ref' in v
          ? this.oneof('json_reference', this.named('JsonReference', v))
          : this.oneof('parameter', this.named('Parameter', v));
      case 'ResponseValue':
        return '$ref' in v
          ? this.oneof('json_reference', this.named('JsonReference', v))
          : this.oneof('response', this.named('Response', v));
      case 'SchemaItem':
        return v.type === 'file'
          ? this.oneof('file_schema', this.named('FileSchema', v))
          : this.oneof('schema', this.named('Schema', v));
      case 'SecurityDefinitionsItem': {
        const which = securityCase(v);
        return which ? this.oneof(which, this.fields(this.field(type, which), v)) : undefined;
      }
      case 'Paths':
        return this.split(type, v, 'path');
      case 'Responses':
        return this.split(type, v, 'response_code');
    }
    const only = type.fieldsArray.length === 1 ? type.fieldsArray[0] : undefined;
    if (only?.name === 'additional_properties') return { additional_properties: this.entries(only, v) };
    return this.fields(type, v);
  }

  /** A message of the type named `name` in the package. */
  private named(name: string, v: Json): Message | undefined {
    return this.message(this.types.lookupType(name), v);
  }

  /** The message type of field `name` of `type`. */
  private field(type: protobuf.Type, name: string): protobuf.Type {
    const resolved = type.fields[name]?.resolvedType;
    if (!(resolved instanceof protobuf.Type)) throw new Error(`${type.name}.${name} is not a message field`);
    return resolved;
  }

  /** A `oneof` message holding case `name`, or undefined when the case's value is. */
  private oneof(name: string, value: Message | undefined): Message | undefined {
    return value === undefined ? undefined : { [name]: value };
  }

  /** An ordinary message: each field from its JSON key, `x-` keys into `vendor_extension`. */
  private fields(type: protobuf.Type, v: Json): Message | undefined {
    if (!isObject(v)) return undefined;
    const byKey = this.keys(type);
    const out: Message = {};
    const ext: Message[] = [];
    for (const [key, value] of Object.entries(v)) {
      if (key.startsWith('x-')) {
        ext.push({ name: key, value: { yaml: yamlText(value) } });
        continue;
      }
      const field = byKey.get(key);
      if (!field) continue;
      const converted = this.value(field, value);
      if (converted !== undefined) out[field.name] = converted;
    }
    if (ext.length && type.fields.vendor_extension) out.vendor_extension = ext;
    return out;
  }

  /** The fields of a message type by JSON key, computed once per type. */
  private keys(type: protobuf.Type): Map<string, protobuf.Field> {
    let byKey = this.fieldsByKey.get(type);
    if (!byKey) {
      byKey = new Map();
      for (const field of type.fieldsArray)
        if (field.name !== 'vendor_extension') byKey.set(jsonKey(field.name), field);
      this.fieldsByKey.set(type, byKey);
    }
    return byKey;
  }

  /** `Paths` and `Responses`: `x-` keys are vendor extensions, every other key an entry of `list`. */
  private split(type: protobuf.Type, v: JsonObject, list: string): Message {
    const entries: JsonObject = {};
    for (const [k, val] of Object.entries(v)) if (!k.startsWith('x-')) entries[k] = val;
    const out: Message = { [list]: this.entries(type.fields[list]!, entries) };
    const ext = this.extensions(type.fields.vendor_extension!, v);
    if (ext.length) out.vendor_extension = ext;
    return out;
  }

  /** The `x-` keys of an object as `NamedAny` entries, in document order. */
  private extensions(field: protobuf.Field, v: JsonObject): Message[] {
    const ext: JsonObject = {};
    for (const [k, val] of Object.entries(v)) if (k.startsWith('x-')) ext[k] = val;
    return this.entries(field, ext);
  }

  /** Every key of an object as an entry of the `Named…` type of a repeated field. */
  private entries(field: protobuf.Field, v: JsonObject): Message[] {
    const named = field.resolvedType;
    if (!(named instanceof protobuf.Type)) throw new Error(`${field.name} does not hold named entries`);
    const valueField = named.fields.value!;
    const out: Message[] = [];
    for (const [name, val] of Object.entries(v)) {
      const value = this.single(valueField, val);
      if (value !== undefined) out.push({ name, value });
    }
    return out;
  }

  /** A field's value: a list for repeated fields, dropping the elements that do not fit. */
  private value(field: protobuf.Field, v: Json): unknown {
    if (!field.repeated) return this.single(field, v);
    if (!Array.isArray(v)) return undefined;
    return v.map((e) => this.single(field, e)).filter((e) => e !== undefined);
  }

  /** One value of a field: a message, or a scalar of the field's type. */
  private single(field: protobuf.Field, v: Json): unknown {
    if (field.resolvedType instanceof protobuf.Type) return this.message(field.resolvedType, v);
    switch (field.type) {
      case 'string':
        return typeof v === 'string' ? v : undefined;
      case 'bool':
        return typeof v === 'boolean' ? v : undefined;
      case 'double':
        return typeof v === 'number' ? v : undefined;
      case 'int64':
        return Number.isSafeInteger(v) ? v : undefined;
      default:
        throw new Error(`openapi_v2.proto field ${field.name} has unexpected type ${field.type}`);
    }
  }
}

/** The last document encoded and its bytes: the JSON text changes only with the registry. */
let last: { json: string; bytes: Buffer } | undefined;

/**
 * The protobuf `openapi.v2.Document` of a Swagger 2.0 JSON document. The result for the most
 * recent text is remembered and returned again (the same Buffer, not to be modified) while the
 * text stays the same. Throws when the text is not a JSON object.
 */
export function encodeOpenApiV2Protobuf(swaggerJson: string): Buffer {
  if (last?.json === swaggerJson) return last.bytes;
  const doc = JSON.parse(swaggerJson) as Json;
  if (!isObject(doc)) throw new Error('OpenAPI v2 document is not a JSON object');
  const types = openApiV2Types();
  const Document = types.lookupType('Document');
  const message = new DocumentConverter(types).message(Document, doc)!;
  const bytes = Buffer.from(Document.encode(message).finish());
  last = { json: swaggerJson, bytes };
  return bytes;
}

interface AcceptClause {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

/**
 * Which form of `/openapi/v2` an `Accept` header asks for, as upstream's kube-openapi handler
 * negotiates: clauses by preference (quality, then specificity), the first that matches JSON or
 * either protobuf spelling wins; null when none matches (upstream answers 406). A missing header
 * means any type, hence JSON.
 */
export function negotiateOpenApiV2(accept: string | undefined): 'json' | 'protobuf' | null {
  const clauses: AcceptClause[] = [];
  (accept?.trim() ? accept : '*/*').split(',').forEach((part, order) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    if (!range) return;
    const [type = '', subtype = '*'] = range === '*' ? ['*', '*'] : range.split('/');
    let q = 1;
    for (const p of params) {
      const [k, val] = p.split('=').map((s) => s.trim());
      if (k === 'q' && val !== undefined && !Number.isNaN(Number(val))) q = Number(val);
    }
    if (q > 0) clauses.push({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), q, order });
  });
  const wildcards = (c: AcceptClause) => (c.type === '*' ? 1 : 0) + (c.subtype === '*' ? 1 : 0);
  clauses.sort((a, b) => b.q - a.q || wildcards(a) - wildcards(b) || a.order - b.order);
  const offered: [string, 'json' | 'protobuf'][] = [
    ['json', 'json'],
    [OPENAPI_V2_PROTOBUF_DEPRECATED.split('/')[1]!, 'protobuf'],
    [OPENAPI_V2_PROTOBUF.split('/')[1]!, 'protobuf'],
  ];
  for (const c of clauses) {
    if (c.type !== 'application' && c.type !== '*') continue;
    for (const [subtype, form] of offered) if (c.subtype === subtype || c.subtype === '*') return form;
  }
  return null;
}
