import type { KubeObject } from '../../api/object.js';
import { recordUpdate } from '../fieldmanager/managed_fields.js';
import type { Writer } from '../fieldmanager/managed_fields.js';
import { sameOwnership, typeInfoOf, writerOf } from '../fieldmanager/request_writer.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { NO_CHANGE, parseResourceVersion } from '../store/resource_store.js';
import type { WriteResult } from '../store/resource_store.js';
import {
  asObjectOfKind,
  checkNameMatches,
  checkNamespace,
  isNoopUpdate,
  prepareCreate,
  prepareUpdate,
  statusUpdated,
} from '../write_path.js';
import type { RequestContext } from './context.js';
import { isDryRun } from './context.js';
import { finishDeletionIfDone } from './delete.js';

/**
 * Stores `obj` as the new state of the object named in the URL: compare-and-swap on the
 * resourceVersion it carries (409 on mismatch), or unconditionally when it carries none.
 * Used by PUT and, with a computed object, by PATCH.
 */
export async function applyUpdate(
  ctx: RequestContext,
  compute: (current: KubeObject) => KubeObject | Promise<KubeObject>,
  opts: {
    expectedRevision?: number;
    createIfMissing?: () => KubeObject | null;
    /** `compute` is a server-side apply that has already recorded field ownership. */
    applied?: boolean;
    /** The writer recorded in managedFields (by default the request's). */
    writer?: Writer;
  } = {},
): Promise<WriteResult & { created: boolean }> {
  const { def, info } = ctx;
  const writer = opts.writer ?? writerOf(ctx);
  const types = typeInfoOf(def);
  const status = info.subresource === 'status' || info.subresource === 'approval';
  const dryRun = isDryRun(ctx.query);
  const result = await ctx.rs.update(
    info.namespace,
    info.name,
    async (current) => {
      const next = await compute(structuredClone(current));
      checkNameMatches(def, next, info.name);
      checkNamespace(next, def, info.namespace);
      let toStore: KubeObject;
      if (status) {
        ctx.api.admission.checkDecoded(ctx, next);
        toStore = statusUpdated(def, next, current, info.subresource === 'approval' ? 'approval' : 'status');
        if (opts.applied) toStore.metadata.managedFields = next.metadata.managedFields;
      } else {
        await ctx.api.admission.admitUpdate(ctx, next, current);
        prepareUpdate(def, next, current, { user: ctx.user.name });
        toStore = next;
      }
      if (!opts.applied) recordUpdate(toStore, current, writer, types);
      await ctx.api.admission.validateUpdate(ctx, toStore, current);
      return isNoopUpdate(toStore, current) && sameOwnership(toStore, current) ? NO_CHANGE : toStore;
    },
    {
      expectedRevision: opts.expectedRevision,
      dryRun,
      missing: async () => {
        const obj = opts.createIfMissing?.() ?? null;
        if (!obj) return null;
        // A create through PUT or apply is admitted like any create.
        await ctx.api.admission.admitCreate(ctx, obj);
        prepareCreate(def, obj, { user: ctx.user.name, userInfo: ctx.user });
        if (!opts.applied) recordUpdate(obj, undefined, writer, types);
        await ctx.api.admission.validateCreate(ctx, obj);
        return obj;
      },
    },
  );
  // An update that removed the last finalizer of an object being deleted completes the deletion.
  const finished = await finishDeletionIfDone(ctx, result, dryRun);
  return { ...(finished ?? result), created: result.created };
}

/** PUT: replace the object (or its status). */
export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const { def, info } = ctx;
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  const obj = asObjectOfKind(body, def);
  const rv = obj.metadata.resourceVersion;
  const expectedRevision = rv ? parseResourceVersion(rv) : undefined;
  const allowCreate = def.allowCreateOnUpdate && !info.subresource;
  const result = await applyUpdate(ctx, () => structuredClone(obj), {
    expectedRevision,
    createIfMissing: allowCreate
      ? () => {
          const fresh = structuredClone(obj);
          checkNameMatches(def, fresh, info.name);
          checkNamespace(fresh, def, info.namespace);
          return fresh;
        }
      : undefined,
  });
  sendJson(ctx.res, result.created ? 201 : 200, result.json);
}
