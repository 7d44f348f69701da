/**
 * ResourceQuota admission, last in the chain as upstream's: a write that adds usage is checked
 * against every ResourceQuota of its namespace that covers it (src/api/quota decides), and the
 * covering quotas' `status.used` is raised by a compare-and-swap write before the object is
 * stored, so concurrent writes cannot both pass a limit: a conflicting quota is read again and
 * the write checked again. Dry runs are checked but charge nothing.
 *
 * Until a quota controller maintains `status`, two gaps are filled here: a quota without
 * `status.hard` is enforced with its `spec.hard`, and usage missing from `status.used` for a
 * resource the write is charged for is computed from the objects in the namespace (what the
 * controller's first pass would write) instead of answering "status unknown". Usage is only
 * ever raised here; releasing it when objects go away is the controller's job.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { QuotaEvaluator, QuotaOperation } from '../../api/quota/evaluator.js';
import { usageStats } from '../../api/quota/namespace_usage.js';
import type { QuotaState } from '../../api/quota/quota_check.js';
import { checkQuotaRequest, evaluatorFor, restrictedResources } from '../../api/quota/quota_check.js';
import { resourceListJSON, resourceListOf } from '../../api/quota/resource_list.js';
import { quotaScopeRequirements } from '../../api/quota/scopes.js';
import { hasReason } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import { isDryRun } from '../handlers/context.js';
import type { AdmissionDeps, AdmissionPlugin } from './admission.js';
import { admissionForbidden, listFresh, storeOf } from './admission.js';

/** How many times a write is checked again after its quota changed underneath it. */
const MAX_ATTEMPTS = 10;

interface ReadQuota {
  state: QuotaState;
  revision: number;
}

const rec = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});

/** The quota as the check sees it: enforced hard limits and recorded usage. */
export function quotaState(quota: KubeObject): QuotaState {
  const statusHard = rec(rec(quota.status).hard);
  const hard = resourceListOf(Object.keys(statusHard).length > 0 ? statusHard : rec(quota.spec).hard);
  return {
    name: quota.metadata.name ?? '',
    hard,
    used: resourceListOf(rec(quota.status).used),
    scopes: quotaScopeRequirements(quota),
  };
}

/** Options of the ResourceQuota plugin. */
export interface ResourceQuotaOptions {
  /** The clock deciding whether terminating pods are still charged. */
  now?: () => Date;
}

/** The ResourceQuota plugin. */
export function resourceQuotaAdmission(
  deps: AdmissionDeps,
  opts: ResourceQuotaOptions = {},
): AdmissionPlugin {
  const now = opts.now ?? (() => new Date());

  /** Fills usage the quota does not record yet from the namespace's objects of this kind. */
  const fillUsage = async (
    q: QuotaState,
    evaluator: QuotaEvaluator,
    ctx: RequestContext,
    namespace: string,
  ): Promise<void> => {
    const missing = restrictedResources(q, evaluator).filter((r) => !q.used.has(r));
    if (missing.length === 0) return;
    const objects = await listFresh(deps, ctx.def.group, ctx.def.plural, namespace);
    const total = usageStats(evaluator, objects, q.scopes, missing, now());
    for (const r of missing) q.used.set(r, total.get(r)!);
  };

  const evaluate = async (
    ctx: RequestContext,
    obj: KubeObject,
    old: KubeObject | null,
    op: QuotaOperation,
  ) => {
    if (ctx.info.subresource || !ctx.def.namespaced) return;
    const quotaStore = storeOf(deps, '', 'resourcequotas');
    if (!quotaStore) return;
    const evaluator = evaluatorFor(ctx.def.group, ctx.def.plural);
    if (!evaluator.handles(op)) return;
    const namespace = obj.metadata.namespace ?? '';
    const charged = new Set<string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read: ReadQuota[] = [];
      await quotaStore.cache.waitFresh();
      for (const e of quotaStore.cache.list(quotaStore.keyPrefix(namespace))) {
        if (charged.has(e.name)) continue;
        read.push({ state: quotaState(e.obj), revision: e.revision });
      }
      if (read.length === 0) return;
      for (const r of read) await fillUsage(r.state, evaluator, ctx, namespace);
      const result = checkQuotaRequest(
        read.map((r) => r.state),
        { evaluator, op, obj, old, now: now() },
      );
      if (!result.ok) throw admissionForbidden(ctx, obj, result.message);
      if (isDryRun(ctx.query)) return;
      let conflicted = false;
      for (const r of read) {
        const used = result.used.get(r.state.name);
        if (!used) continue;
        try {
          await quotaStore.update(
            namespace,
            r.state.name,
            (cur) => ({ ...cur, status: { ...rec(cur.status), used: resourceListJSON(used) } }),
            { expectedRevision: r.revision },
          );
          charged.add(r.state.name);
        } catch (err) {
          if (hasReason(err, 'Conflict')) conflicted = true;
          else if (!hasReason(err, 'NotFound')) throw err;
        }
      }
      if (!conflicted) return;
    }
    throw admissionForbidden(
      ctx,
      obj,
      'quota usage could not be recorded: too many concurrent changes to the quotas',
    );
  };

  return {
    name: 'ResourceQuota',
    validateCreate: (ctx, obj) => evaluate(ctx, obj, null, 'create'),
    validateUpdate: (ctx, obj, old) => evaluate(ctx, obj, old, 'update'),
  };
}
