import { invalidError } from '../../api/status_error.js';
import { required } from '../../api/field_errors.js';
import { parseYamlBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { JsonObject, JsonValue } from '../patch/json_value.js';
import { applyMergePatch } from '../patch/merge_patch.js';
import { patchMetaForKind } from '../patch/patch_meta.js';
import { strategicMergePatch } from '../patch/strategic_merge_patch.js';
import { asObjectOfKind, checkNameMatches, checkNamespace } from '../write_path.js';
import type { RequestContext } from './context.js';
import { applyUpdate } from './update.js';

/**
 * Server-side apply (`application/apply-patch+yaml`): creates the object from the applied
 * configuration when it does not exist, otherwise merges the configuration into the live object
 * (strategic merge for built-in kinds, JSON merge for custom resources).
 *
 * Not yet upstream's full semantics: field ownership (managedFields), conflicts between managers
 * and the removal of fields a manager stops applying are not tracked.
 */
export async function handleApply(ctx: RequestContext, body: Buffer): Promise<void> {
  const manager = ctx.query.get('fieldManager');
  if (!manager) {
    throw invalidError({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      required('fieldManager', 'is required for apply patch'),
    ]);
  }
  const applied = asObjectOfKind(parseYamlBody(body), ctx.def);
  checkNameMatches(ctx.def, applied, ctx.info.name);
  checkNamespace(applied, ctx.def, ctx.info.namespace);
  const meta = ctx.def.crd ? undefined : patchMetaForKind(ctx.def.group, ctx.def.kind);
  const { resourceVersion: _rv, ...appliedMeta } = applied.metadata;
  const patch = { ...applied, metadata: appliedMeta } as unknown as JsonValue;
  const result = await applyUpdate(
    ctx,
    (current) => {
      const live = current as unknown as JsonObject;
      const merged = meta ? strategicMergePatch(live, patch, meta) : applyMergePatch(live, patch);
      return asObjectOfKind(merged, ctx.def);
    },
    { createIfMissing: () => structuredClone(applied) },
  );
  sendJson(ctx.res, result.created ? 201 : 200, result.json);
}
