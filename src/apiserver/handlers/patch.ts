import type { KubeObject } from '../../api/object.js';
import { conflictError, invalidError } from '../../api/status_error.js';
import { invalid } from '../../api/field_errors.js';
import { mediaType, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { JsonObject } from '../patch/json_value.js';
import { patchMetaForKind } from '../patch/patch_meta.js';
import type { FieldValidation, PatchType } from '../patch/patch_types.js';
import {
  APPLY_PATCH_TYPE,
  applyPatch,
  decodePatchBody,
  STRATEGIC_MERGE_PATCH_TYPE,
  supportedPatchTypes,
  unsupportedPatchTypeError,
} from '../patch/patch_types.js';
import { asObjectOfKind } from '../write_path.js';
import type { RequestContext } from './context.js';
import { handleApply } from './apply.js';
import { applyUpdate } from './update.js';

/** Reads `?fieldValidation=`; empty means Warn, as upstream. */
export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
}

/** PATCH: JSON patch, merge patch, strategic merge patch, or server-side apply. */
export async function handlePatch(ctx: RequestContext): Promise<void> {
  const type = mediaType(ctx.req.headers['content-type']);
  const body = await readBody(ctx.req);
  if (type === APPLY_PATCH_TYPE) return handleApply(ctx, body);
  const meta = ctx.def.crd ? undefined : patchMetaForKind(ctx.def.group, ctx.def.kind);
  const accepted = [...supportedPatchTypes(meta !== undefined), APPLY_PATCH_TYPE];
  if (
    !supportedPatchTypes(meta !== undefined).includes(type) ||
    (type === STRATEGIC_MERGE_PATCH_TYPE && !meta)
  ) {
    throw unsupportedPatchTypeError(accepted);
  }
  const patch = decodePatchBody(type as PatchType, body.toString('utf8'));
  const fieldValidation = fieldValidationOf(ctx.query);
  const warnings: string[] = [];
  const result = await applyUpdate(ctx, (current) => {
    const rv = current.metadata.resourceVersion;
    const { object, strictErrors } = applyPatch(
      type as PatchType,
      current as unknown as JsonObject,
      patch,
      meta,
      fieldValidation,
    );
    if (strictErrors.length && fieldValidation === 'Strict') {
      throw invalidError(
        { group: ctx.def.group, kind: ctx.def.kind },
        ctx.info.name,
        strictErrors.map((e) => invalid('patch', '', e)),
      );
    }
    warnings.push(...strictErrors);
    const next = asObjectOfKind(object, ctx.def);
    // A resourceVersion in the patch is a precondition on the object patched.
    if (next.metadata.resourceVersion !== rv)
      throw conflictError({ group: ctx.def.group, resource: ctx.def.plural }, ctx.info.name);
    return next as KubeObject;
  });
  for (const w of warnings) ctx.res.setHeader('warning', `299 - ${JSON.stringify(w)}`);
  sendJson(ctx.res, 200, result.json);
}
