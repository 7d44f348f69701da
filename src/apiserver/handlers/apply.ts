import { required } from '../../api/field_errors.js';
import { badRequestError, invalidError } from '../../api/status_error.js';
import { applyConfiguration } from '../fieldmanager/managed_fields.js';
import { typeInfoOf, writerOf } from '../fieldmanager/request_writer.js';
import { parseYamlBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { asObjectOfKind, checkNameMatches, checkNamespace } from '../write_path.js';
import type { RequestContext } from './context.js';
import { applyUpdate } from './update.js';

/**
 * Server-side apply (`application/apply-patch+yaml`), as upstream: the applied configuration is
 * merged into the live object (or creates it), its manager becomes the owner of exactly the
 * fields it applied, fields it applied before and no longer does are removed when no other
 * manager owns them, and a field another manager owns with a different value is a 409 Conflict
 * unless `?force=true`.
 */
export async function handleApply(ctx: RequestContext, body: Buffer): Promise<void> {
  const manager = ctx.query.get('fieldManager');
  if (!manager) {
    throw invalidError({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      required('fieldManager', 'is required for apply patch'),
    ]);
  }
  const forceParam = ctx.query.get('force');
  if (forceParam !== null && forceParam !== 'true' && forceParam !== 'false') {
    throw badRequestError(`invalid value for force: ${JSON.stringify(forceParam)}: must be true or false`);
  }
  const force = forceParam === 'true';
  const writer = writerOf(ctx);
  const types = typeInfoOf(ctx.def);
  const config = asObjectOfKind(parseYamlBody(body), ctx.def);
  checkNameMatches(ctx.def, config, ctx.info.name);
  checkNamespace(config, ctx.def, ctx.info.namespace);
  delete config.metadata.resourceVersion;
  delete config.metadata.managedFields;
  const result = await applyUpdate(
    ctx,
    (current) => asObjectOfKind(applyConfiguration(current, config, writer, types, force), ctx.def),
    {
      applied: true,
      createIfMissing: () => applyConfiguration(undefined, structuredClone(config), writer, types, force),
    },
  );
  sendJson(ctx.res, result.created ? 201 : 200, result.json);
}
