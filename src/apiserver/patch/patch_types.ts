/**
 * The PATCH content types and the entry point the API server calls for the three non-apply ones:
 * parse the body as upstream decodes it, then run the matching algorithm. Server-side apply
 * (`application/apply-patch+yaml`) is a separate path.
 */
import { checkTextNesting } from '../http/nesting_depth.js';
import { StatusError } from '../../api/status_error.js';
import { applyJsonPatch } from './json_patch.js';
import type { JsonObject, JsonValue } from './json_value.js';
import { INVALID_MERGE_PATCH_MESSAGE, applyMergePatch } from './merge_patch.js';
import { patchBadRequest } from './patch_errors.js';
import type { PatchMeta } from './patch_meta.js';
import { strategicMergePatch } from './strategic_merge_patch.js';
import { checkMergePatchStrictly, strictJsonPatchErrors } from './strict_decoding.js';

/** RFC 6902 JSON patch. */
export const JSON_PATCH_TYPE = 'application/json-patch+json';
/** RFC 7386 JSON merge patch. */
export const MERGE_PATCH_TYPE = 'application/merge-patch+json';
/** Kubernetes strategic merge patch (built-in kinds only). */
export const STRATEGIC_MERGE_PATCH_TYPE = 'application/strategic-merge-patch+json';
/** Server-side apply. */
export const APPLY_PATCH_TYPE = 'application/apply-patch+yaml';

/** A content type this module applies. */
export type PatchType = typeof JSON_PATCH_TYPE | typeof MERGE_PATCH_TYPE | typeof STRATEGIC_MERGE_PATCH_TYPE;

/**
 * The patch content types a resource accepts, in upstream's order: custom resources (no patch
 * metadata) lack strategic merge patch.
 */
export function supportedPatchTypes(strategicMergePatchSupported: boolean): string[] {
  return strategicMergePatchSupported
    ? [JSON_PATCH_TYPE, MERGE_PATCH_TYPE, STRATEGIC_MERGE_PATCH_TYPE, APPLY_PATCH_TYPE]
    : [JSON_PATCH_TYPE, MERGE_PATCH_TYPE, APPLY_PATCH_TYPE];
}

/** 415 for a PATCH content type the resource does not accept, worded as upstream's negotiation error. */
export function unsupportedPatchTypeError(accepted: readonly string[]): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/**
 * Parses a PATCH body. Malformed JSON is 400 BadRequest: "Invalid JSON Patch" for a merge patch
 * (as upstream), otherwise the decoder's message.
 */
export function decodePatchBody(patchType: PatchType, body: string): JsonValue {
  checkTextNesting(body, 'json');
  try {
    return JSON.parse(body) as JsonValue;
  } catch (err) {
    if (patchType === MERGE_PATCH_TYPE) throw patchBadRequest(INVALID_MERGE_PATCH_MESSAGE);
    const truncated = body.trim() === '' || (err instanceof Error && /end of (JSON|data)/i.test(err.message));
    throw patchBadRequest(truncated ? 'unexpected end of JSON input' : (err as Error).message);
  }
}

/** The `fieldValidation` query parameter; upstream treats an empty one as `Warn`. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** The patched object, and the strict-decoding errors the patch body raised (see strict_decoding.ts). */
export interface PatchResult {
  readonly object: JsonValue;
  readonly strictErrors: readonly string[];
}

/**
 * Applies a decoded patch of `patchType` to `original`, checking the body strictly first unless
 * `fieldValidation` is `Ignore`. `meta` is the kind's strategic merge patch metadata
 * (`patchMetaForKind`); without it a strategic merge patch is 415, as upstream answers for custom
 * resources. The caller reports `strictErrors` as warnings (`Warn`) or as a 422 (`Strict`) once it
 * has decoded the result. Errors are `StatusError`s as described by each algorithm.
 */
export function applyPatch(
  patchType: PatchType,
  original: JsonObject,
  patch: JsonValue,
  meta: PatchMeta | undefined,
  fieldValidation: FieldValidation = 'Warn',
): PatchResult {
  const strict = fieldValidation !== 'Ignore';
  switch (patchType) {
    case JSON_PATCH_TYPE: {
      const strictErrors = strict ? strictJsonPatchErrors(patch) : [];
      return { object: applyJsonPatch(original, patch), strictErrors };
    }
    case MERGE_PATCH_TYPE:
      if (strict) checkMergePatchStrictly(patch);
      return { object: applyMergePatch(original, patch), strictErrors: [] };
    case STRATEGIC_MERGE_PATCH_TYPE:
      if (!meta) throw unsupportedPatchTypeError(supportedPatchTypes(false));
      return { object: strategicMergePatch(original, patch, meta), strictErrors: [] };
  }
}
