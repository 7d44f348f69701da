import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { badRequestError } from '../../api/status_error.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { parseResourceVersion } from '../store/resource_store.js';
import type { RequestContext } from './context.js';
import { isDryRun } from './context.js';
import { finishDeletionIfDone } from './delete.js';

/**
 * PUT `namespaces/<name>/finalize`: replaces only `spec.finalizers` (the namespace controller
 * removes `kubernetes` once the namespace is empty). A namespace being deleted whose finalizers
 * are all gone is removed.
 */
export async function handleFinalize(ctx: RequestContext): Promise<void> {
  if (ctx.info.verb !== 'update') throw badRequestError('finalize only supports update');
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  if (!isPlainObject(body))
    throw badRequestError('the object provided is unrecognized (must be of type object)');
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const finalizers = Array.isArray(spec.finalizers)
    ? spec.finalizers.filter((f) => typeof f === 'string')
    : [];
  const meta = isPlainObject(body.metadata) ? body.metadata : {};
  const rv =
    typeof meta.resourceVersion === 'string' && meta.resourceVersion ? meta.resourceVersion : undefined;
  const dryRun = isDryRun(ctx.query);
  const result = await ctx.rs.update(
    ctx.info.namespace,
    ctx.info.name,
    (current: KubeObject) => {
      const next = structuredClone(current);
      next.spec = { ...(isPlainObject(current.spec) ? current.spec : {}), finalizers };
      if (finalizers.length === 0) delete (next.spec as Record<string, unknown>).finalizers;
      return next;
    },
    { expectedRevision: rv ? parseResourceVersion(rv) : undefined, dryRun },
  );
  const finished = await finishDeletionIfDone(ctx, result, dryRun);
  sendJson(ctx.res, 200, (finished ?? result).json);
}
