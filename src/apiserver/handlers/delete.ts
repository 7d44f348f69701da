import type { KubeObject } from '../../api/object.js';
import { isPlainObject, nowTimestamp } from '../../api/object.js';
import {
  badRequestError,
  conflictError,
  forbiddenError,
  notFoundError,
  StatusError,
} from '../../api/status_error.js';
import { IMMORTAL_NAMESPACES } from '../admission/admission.js';
import { SYSTEM_PRIORITY_CLASSES } from '../admission/priority.js';
import { readBody, parseJson } from '../http/body.js';
import { sendJson, sendObject } from '../http/respond.js';

import type { WriteResult } from '../store/resource_store.js';
import { buildFilter } from '../selectors.js';
import type { RequestContext } from './context.js';
import { isDryRun } from './context.js';

/** `metav1.DeleteOptions`, from the body or the query. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** Reads DeleteOptions from the request body (when any) and the query, validating them. */
export async function readDeleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const raw = await readBody(ctx.req);
  let opts: DeleteOptions = {};
  if (raw.length > 0) {
    const body = parseJson(raw);
    if (!isPlainObject(body)) throw badRequestError('DeleteOptions must be an object');
    opts = body as DeleteOptions;
  }
  const q = ctx.query;
  const grace = q.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy');
  if (policy !== null) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = q.get('orphanDependents');
  if (orphan !== null) opts.orphanDependents = orphan === 'true';
  return checkDeleteOptions(opts);
}

/** Validates DeleteOptions as upstream does (grace period, propagation policy); returns them. */
export function checkDeleteOptions(opts: DeleteOptions): DeleteOptions {
  if (opts.gracePeriodSeconds !== undefined && !Number.isInteger(opts.gracePeriodSeconds)) {
    throw badRequestError(`invalid gracePeriodSeconds: ${String(opts.gracePeriodSeconds)}`);
  }
  const policies = ['Orphan', 'Background', 'Foreground'];
  if (opts.propagationPolicy !== undefined && !policies.includes(opts.propagationPolicy)) {
    throw new StatusError(
      422,
      'Invalid',
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
      {
        kind: 'DeleteOptions',
        group: 'meta.k8s.io',
        causes: [
          {
            reason: 'FieldValueNotSupported',
            field: 'propagationPolicy',
            message: `Unsupported value: "${opts.propagationPolicy}"`,
          },
        ],
      },
    );
  }
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    throw new StatusError(
      422,
      'Invalid',
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "' +
        opts.propagationPolicy +
        '": orphanDependents and deletionPropagation cannot be both set',
      { kind: 'DeleteOptions', group: 'meta.k8s.io' },
    );
  }
  return opts;
}

/** Refuses (409 Conflict, upstream's text) when `obj` is not the uid or version `pre` names. */
export function checkPreconditions(
  gr: { group: string; resource: string },
  name: string,
  pre: DeleteOptions['preconditions'],
  obj: KubeObject,
): void {
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw conflictError(
      gr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflictError(
      gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
}

/**
 * Deletes one object as upstream's generic registry does: preconditions, graceful deletion
 * (pods), finalizers for Orphan and Foreground propagation; the object is removed from storage
 * only when nothing holds it; `admit` runs the deletion through admission first (a DELETE; an
 * eviction was admitted as a create). Returns the final object and whether it is gone.
 */
export async function deleteObject(
  ctx: RequestContext,
  namespace: string,
  name: string,
  opts: DeleteOptions,
  admit = false,
): Promise<{ result: WriteResult; deleted: boolean }> {
  const { def, rs } = ctx;
  const dryRun = isDryRun(ctx.query);
  const gr = { group: def.group, resource: def.plural };
  for (;;) {
    const current = await rs.currentFromStore(rs.key(namespace, name));
    if (!current) throw notFoundError(gr, name);
    checkPreconditions(gr, name, opts.preconditions, current);
    if (admit) await ctx.api.admission.validateDelete(ctx, current);
    const next = markForDeletion(ctx, current, opts);
    if (next) {
      const rev = Number(current.metadata.resourceVersion);
      const updated = await rs
        .update(namespace, name, () => next, { expectedRevision: rev, dryRun })
        .catch((err) => {
          if (err instanceof StatusError && err.reason === 'Conflict') return null;
          throw err;
        });
      if (!updated) continue;
      return { result: updated, deleted: false };
    }
    try {
      const result = await rs.deleteAt(namespace, name, Number(current.metadata.resourceVersion), dryRun);
      return { result, deleted: true };
    } catch (err) {
      if (err instanceof StatusError && err.reason === 'Conflict') continue;
      throw err;
    }
  }
}

/**
 * The object with deletion marked (deletionTimestamp, grace period, finalizers) when it cannot
 * go yet; null when it can be removed now.
 */
function markForDeletion(ctx: RequestContext, current: KubeObject, opts: DeleteOptions): KubeObject | null {
  const m = current.metadata;
  const finalizers = new Set(m.finalizers ?? []);
  const policy =
    opts.propagationPolicy ??
    (opts.orphanDependents === true ? 'Orphan' : opts.orphanDependents === false ? 'Background' : undefined);
  const beingDeleted = !!m.deletionTimestamp;
  if (!beingDeleted || policy !== undefined) {
    if (policy === 'Orphan') {
      finalizers.add(ORPHAN);
      finalizers.delete(FOREGROUND);
    } else if (policy === 'Foreground') {
      finalizers.add(FOREGROUND);
      finalizers.delete(ORPHAN);
    } else if (policy === 'Background') {
      finalizers.delete(ORPHAN);
      finalizers.delete(FOREGROUND);
    }
  }
  const requestedGrace = opts.gracePeriodSeconds;
  const grace = ctx.def.strategy.gracePeriod?.(current, requestedGrace) ?? 0;
  const held = ctx.def.strategy.deletionHeld?.(current) ?? false;
  if (finalizers.size === 0 && grace === 0 && !held) return null;
  const next = structuredClone(current);
  const nm = next.metadata;
  if (finalizers.size) nm.finalizers = [...finalizers];
  else delete nm.finalizers;
  ctx.def.strategy.prepareForDeletion?.(next);
  const now = new Date();
  if (!beingDeleted) {
    nm.deletionTimestamp = nowTimestamp(new Date(now.getTime() + grace * 1000));
    nm.deletionGracePeriodSeconds = grace;
  } else if (grace < (m.deletionGracePeriodSeconds ?? 0)) {
    // A shorter grace period than the pending one brings the deletion forward.
    nm.deletionTimestamp = nowTimestamp(new Date(now.getTime() + grace * 1000));
    nm.deletionGracePeriodSeconds = grace;
    if (grace === 0 && finalizers.size === 0 && !held) return null;
  }
  return next;
}

/**
 * After an update: an object being deleted whose finalizers are all gone (and whose grace
 * period is over) is removed now. Returns the deletion's result, or null when nothing happened.
 */
export async function finishDeletionIfDone(
  ctx: RequestContext,
  result: WriteResult,
  dryRun: boolean,
): Promise<WriteResult | null> {
  const m = result.obj.metadata;
  if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0 || (m.deletionGracePeriodSeconds ?? 0) > 0)
    return null;
  if (ctx.def.strategy.deletionHeld?.(result.obj)) return null;
  try {
    return await ctx.rs.deleteAt(m.namespace ?? '', m.name!, result.revision, dryRun);
  } catch (err) {
    if (err instanceof StatusError && (err.reason === 'NotFound' || err.reason === 'Conflict')) return null;
    throw err;
  }
}

function successStatus(ctx: RequestContext, name: string, uid: string | undefined): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, group: ctx.def.group, kind: ctx.def.plural, uid },
  });
}

/** DELETE of one object. */
export async function handleDelete(ctx: RequestContext): Promise<void> {
  if (
    ctx.def.group === '' &&
    ctx.def.plural === 'namespaces' &&
    IMMORTAL_NAMESPACES.includes(ctx.info.name)
  ) {
    throw forbiddenError(
      { group: '', resource: 'namespaces' },
      ctx.info.name,
      'this namespace may not be deleted',
    );
  }
  if (
    ctx.def.group === 'scheduling.k8s.io' &&
    ctx.def.plural === 'priorityclasses' &&
    SYSTEM_PRIORITY_CLASSES.some((pc) => pc.name === ctx.info.name)
  ) {
    throw forbiddenError(
      { group: 'scheduling.k8s.io', resource: 'priorityclasses' },
      ctx.info.name,
      'this is a system priority class and cannot be deleted',
    );
  }
  const opts = await readDeleteOptions(ctx);
  const { result, deleted } = await deleteObject(ctx, ctx.info.namespace, ctx.info.name, opts, true);
  if (deleted && !ctx.def.returnDeletedObject) {
    sendJson(ctx.res, 200, successStatus(ctx, ctx.info.name, result.obj.metadata.uid));
    return;
  }
  sendJson(ctx.res, 200, result.json);
}

/** DELETE of a collection: every object matching the selectors, each deleted as above. */
export async function handleDeleteCollection(ctx: RequestContext): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  const filter = buildFilter(ctx.def, ctx.query);
  const page = await ctx.rs.list(ctx.info.namespace, { filter });
  const items: KubeObject[] = [];
  for (const e of page.entries) {
    try {
      const { result } = await deleteObject(ctx, e.namespace, e.name, opts, true);
      items.push(result.obj);
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'NotFound')) throw err;
    }
  }
  sendObject(ctx.res, 200, {
    kind: ctx.def.listKind,
    apiVersion: ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version,
    metadata: {},
    items,
  });
}
