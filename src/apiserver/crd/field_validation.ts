/**
 * Server-side field validation of custom resources (`?fieldValidation=`), as upstream's
 * decoding reports the fields pruning drops: `Strict` refuses the write (400 for create and
 * update, 422 for patches, with upstream's wording), `Warn` (the default) answers with one
 * `Warning: 299 - "unknown field \"spec.foo\""` header per field, `Ignore` says nothing.
 * Server-side apply under `Strict` answers as structured-merge-diff does
 * (`.spec.foo: field not declared in schema`). The
 * fields themselves are dropped by the strategy (custom_resource_strategy.ts).
 */
import { invalid } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { badRequestError, invalidError } from '../../api/status_error.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import type { RequestContext } from '../handlers/context.js';
import { fieldValidationOf } from '../handlers/patch.js';
import { mediaType } from '../http/body.js';
import type { AnyResponse } from '../http/respond.js';
import { APPLY_PATCH_TYPE } from '../patch/patch_types.js';
import type { JSONSchemaProps } from './json_schema.js';
import { pruneObject } from './schema_pruning.js';

/** Adds a `Warning` header (299) to a response, keeping those already set. */
export function addWarning(res: AnyResponse, text: string): void {
  const value = `299 - ${JSON.stringify(text)}`;
  const prev = res.getHeader('warning');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
  res.setHeader('warning', [...list, value]);
}

function check(ctx: RequestContext, obj: KubeObject): void {
  const def = ctx.def;
  if (!def.crd || !def.schema) return;
  const mode = fieldValidationOf(ctx.query);
  if (mode === 'Ignore') return;
  const pruned = pruneObject(structuredClone(obj), def.schema as JSONSchemaProps);
  const unknown = pruned.map((p) => `unknown field ${JSON.stringify(p)}`);
  if (unknown.length === 0) return;
  if (mode === 'Warn') {
    for (const w of unknown) addWarning(ctx.res, w);
    return;
  }
  if (mediaType(ctx.req.headers['content-type']) === APPLY_PATCH_TYPE) {
    // Server-side apply types the applied configuration first, as structured-merge-diff words it.
    const fields = pruned.map((p) => `.${p}: field not declared in schema`);
    const detail = fields.length === 1 ? fields[0]! : `errors:\n  ${fields.join('\n  ')}`;
    const ns = obj.metadata.namespace ?? '';
    throw badRequestError(
      `failed to create typed patch object (${ns}/${obj.metadata.name ?? ''}; ${def.group}/${def.version}, Kind=${def.kind}): ${detail}`,
    );
  }
  const strict = `strict decoding error: ${unknown.join(', ')}`;
  if (ctx.info.verb === 'patch') {
    throw invalidError({ group: '', kind: '' }, '', [invalid('patch', JSON.stringify(obj), strict)]);
  }
  throw badRequestError(
    `${def.kind} in version ${JSON.stringify(def.version)} cannot be handled as a ${def.kind}: ${strict}`,
  );
}

/** The admission step that reports a custom resource's unknown fields. */
export function customResourceFieldValidation(): AdmissionPlugin {
  return {
    name: 'CustomResourceFieldValidation',
    admitCreate: check,
    admitUpdate: (ctx, obj) => check(ctx, obj),
  };
}
