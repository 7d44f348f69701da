/**
 * Server-side field validation (`?fieldValidation=`), as upstream's decoding reports unknown
 * fields: those a custom resource's schema prunes, and those a built-in kind's Go types do not
 * declare (openapi/builtin/). `Strict` refuses the write (400 for create and update, 422 for
 * patches, with upstream's wording), `Warn` (the default) answers with one
 * `Warning: 299 - "unknown field \"spec.foo\""` header per field, `Ignore` says nothing.
 * Server-side apply under `Strict` answers as structured-merge-diff does
 * (`.spec.foo: field not declared in schema`). A built-in object's unknown fields are dropped
 * here under every mode, as upstream's decoder drops them; a custom resource's are dropped by
 * its strategy (custom_resource_strategy.ts). Writes of another kind through a subresource
 * (a Scale, a Binding, an Eviction) are not checked against the parent's schema.
 */
import { invalid } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { badRequestError, invalidError } from '../../api/status_error.js';
import type { AdmissionPlugin } from './admission.js';
import type { RequestContext } from '../handlers/context.js';
import { fieldValidationOf } from '../handlers/patch.js';
import { mediaType } from '../http/body.js';
import type { AnyResponse } from '../http/respond.js';
import { APPLY_PATCH_TYPE } from '../patch/patch_types.js';
import type { JSONSchemaProps } from '../crd/json_schema.js';
import { pruneObject } from '../crd/schema_pruning.js';
import { ALL_DEFINITIONS, builtinKindSchema } from '../openapi/builtin/definitions.js';
import { dropUnknownFields } from '../openapi/builtin/unknown_fields.js';
import { definitionName } from '../openapi/openapi.js';
import type { ResourceDef } from '../registry/resource.js';

/** Adds a `Warning` header (299) to a response, keeping those already set. */
export function addWarning(res: AnyResponse, text: string): void {
  const value = `299 - ${JSON.stringify(text)}`;
  const prev = res.getHeader('warning');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
  res.setHeader('warning', [...list, value]);
}

/**
 * The unknown fields of `obj`, an object of `def`'s kind: for a built-in kind with a declared
 * schema they are removed from `obj` (document order); for a custom resource they are only
 * found (sorted), pruning comes later. Empty for kinds without a schema.
 */
export function unknownFields(def: ResourceDef, obj: KubeObject): string[] {
  if (def.crd) return def.schema ? pruneObject(structuredClone(obj), def.schema as JSONSchemaProps) : [];
  const schema = builtinKindSchema(definitionName(def));
  return schema ? dropUnknownFields(obj, schema, ALL_DEFINITIONS) : [];
}

/** The group, version and kind a body is decoded as. */
export interface BodyKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * The error a write with unknown fields `paths` gets under `Strict`, by how it was made: a
 * server-side apply, another patch, or a create/update of a body of kind `def` (the resource's
 * own by default).
 */
export function strictError(
  ctx: RequestContext,
  obj: KubeObject,
  paths: string[],
  def: BodyKind = ctx.def,
): Error {
  if (mediaType(ctx.req.headers['content-type']) === APPLY_PATCH_TYPE) {
    // Server-side apply types the applied configuration first, as structured-merge-diff words it.
    const fields = paths.map((p) => `.${p}: field not declared in schema`);
    const detail = fields.length === 1 ? fields[0]! : `errors:\n  ${fields.join('\n  ')}`;
    const ns = obj.metadata.namespace ?? '';
    return badRequestError(
      `failed to create typed patch object (${ns}/${obj.metadata.name ?? ''}; ${def.group}/${def.version}, Kind=${def.kind}): ${detail}`,
    );
  }
  const strict = `strict decoding error: ${paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(', ')}`;
  if (ctx.info.verb === 'patch') {
    return invalidError({ group: '', kind: '' }, '', [invalid('patch', JSON.stringify(obj), strict)]);
  }
  return badRequestError(
    `${def.kind} in version ${JSON.stringify(def.version)} cannot be handled as a ${def.kind}: ${strict}`,
  );
}

function check(ctx: RequestContext, obj: KubeObject): void {
  const def = ctx.def;
  // A subresource that takes another kind (Scale, Binding, Eviction, TokenRequest) has its own.
  if (typeof obj.kind === 'string' && obj.kind !== '' && obj.kind !== def.kind) return;
  const mode = fieldValidationOf(ctx.query);
  if (mode === 'Ignore' && def.crd) return;
  const paths = unknownFields(def, obj);
  if (paths.length === 0 || mode === 'Ignore') return;
  if (mode === 'Warn') {
    for (const p of paths) addWarning(ctx.res, `unknown field ${JSON.stringify(p)}`);
    return;
  }
  throw strictError(ctx, obj, paths);
}

/**
 * Field validation of a subresource's own body (a Scale, an Eviction, a Binding, a
 * TokenRequest), decoded as the built-in kind `definition` names: its unknown fields are
 * dropped from `body` and reported under Warn and Strict as that kind's, as upstream decodes
 * them. Bodies that are not objects are left to the handler.
 */
export function checkBody(ctx: RequestContext, body: unknown, definition: string): void {
  const schema = builtinKindSchema(definition);
  if (!schema || typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const [kind] = schema['x-kubernetes-group-version-kind'] as BodyKind[];
  const paths = dropUnknownFields(body, schema, ALL_DEFINITIONS);
  const mode = fieldValidationOf(ctx.query);
  if (paths.length === 0 || mode === 'Ignore') return;
  if (mode === 'Warn') {
    for (const p of paths) addWarning(ctx.res, `unknown field ${JSON.stringify(p)}`);
    return;
  }
  const obj = body as KubeObject;
  throw strictError(ctx, { ...obj, metadata: (obj.metadata as KubeObject['metadata']) ?? {} }, paths, kind!);
}

/** The admission step that finds (and, for built-in kinds, drops) unknown fields. */
export function fieldValidation(): AdmissionPlugin {
  return {
    name: 'FieldValidation',
    checkDecoded: check,
  };
}
