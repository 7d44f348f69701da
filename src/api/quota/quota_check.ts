/**
 * The quota decision of one write, as upstream's `resourcequota.CheckRequest`: which quotas of
 * the namespace cover the object, whether the object meets their constraints, and what each
 * covering quota's usage becomes — or upstream's text of why the write is refused
 * (`exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2`). Pure: the caller
 * reads the quotas and writes the new usage.
 */
import type { KubeObject } from '../object.js';
import type { QuotaEvaluator, QuotaOperation } from './evaluator.js';
import { LEGACY_OBJECT_COUNT_ALIASES, objectCountEvaluator } from './evaluator.js';
import { podEvaluator } from './pod_evaluator.js';
import type { ResourceList } from './resource_list.js';
import {
  addLists,
  lessThanOrEqual,
  maskList,
  negativeNames,
  prettyPrint,
  prettyPrintNames,
  removeZeros,
  subtractNonNegative,
} from './resource_list.js';
import type { ScopeRequirement } from './scopes.js';
import { pvcEvaluator, serviceEvaluator } from './service_pvc_evaluators.js';

/** One quota as the check sees it. */
export interface QuotaState {
  name: string;
  hard: ResourceList;
  used: ResourceList;
  scopes: ScopeRequirement[];
}

/** The evaluator of a resource: pods, services and claims have their own, others are counted. */
export function evaluatorFor(group: string, resource: string): QuotaEvaluator {
  if (group === '') {
    if (resource === 'pods') return podEvaluator;
    if (resource === 'services') return serviceEvaluator;
    if (resource === 'persistentvolumeclaims') return pvcEvaluator;
    return objectCountEvaluator('', resource, LEGACY_OBJECT_COUNT_ALIASES[resource]);
  }
  return objectCountEvaluator(group, resource);
}

/** `evaluator.Matches`: the quota charges one of the evaluator's resources and all its scopes match. */
export function quotaMatches(q: QuotaState, evaluator: QuotaEvaluator, obj: KubeObject): boolean {
  if (evaluator.matchingResources([...q.hard.keys()]).length === 0) return false;
  return q.scopes.every((s) => evaluator.matchesScope(s, obj));
}

/** The resources a quota restricts for this evaluator (its hard names the evaluator charges). */
export function restrictedResources(q: QuotaState, evaluator: QuotaEvaluator): string[] {
  return evaluator.matchingResources([...q.hard.keys()]);
}

/** The outcome: the new usage of each quota that changes, or why the write is refused. */
export type QuotaCheckResult = { ok: true; used: Map<string, ResourceList> } | { ok: false; message: string };

/** Inputs of one check. */
export interface QuotaRequest {
  evaluator: QuotaEvaluator;
  op: QuotaOperation;
  obj: KubeObject;
  /** The stored object an update replaces. */
  old?: KubeObject | null;
  now: Date;
}

/** Decides one write against the namespace's quotas. */
export function checkQuotaRequest(quotas: readonly QuotaState[], req: QuotaRequest): QuotaCheckResult {
  const { evaluator, obj } = req;
  const used = new Map<string, ResourceList>();
  if (!evaluator.handles(req.op)) return { ok: true, used };
  const interesting: QuotaState[] = [];
  for (const q of quotas) {
    if (!quotaMatches(q, evaluator, obj)) continue;
    const restricted = restrictedResources(q, evaluator);
    const why = evaluator.constraints(restricted, obj);
    if (why !== null) return { ok: false, message: `failed quota: ${q.name}: ${why}` };
    const missing = restricted.filter((r) => q.hard.has(r) && !q.used.has(r));
    if (missing.length > 0) {
      return {
        ok: false,
        message: `status unknown for quota: ${q.name}, resources: ${prettyPrintNames(restricted)}`,
      };
    }
    interesting.push(q);
  }
  if (interesting.length === 0) return { ok: true, used };

  let delta = evaluator.usage(obj, req.now);
  const negative = negativeNames(delta);
  if (negative.length > 0) {
    return {
      ok: false,
      message: `quota usage is negative for resource(s): ${prettyPrintNames(negative)}`,
    };
  }
  if (req.op === 'update' && req.old?.metadata.resourceVersion) {
    delta = subtractNonNegative(delta, evaluator.usage(req.old, req.now));
  }
  delta = removeZeros(delta);
  if (delta.size === 0) return { ok: true, used };

  for (const q of interesting) {
    const requested = maskList(delta, q.hard.keys());
    const newUsage = addLists(q.used, requested);
    const masked = maskList(newUsage, requested.keys());
    const { allowed, exceeded } = lessThanOrEqual(masked, q.hard);
    if (!allowed) {
      return {
        ok: false,
        message: `exceeded quota: ${q.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(q.used, exceeded))}, limited: ${prettyPrint(maskList(q.hard, exceeded))}`,
      };
    }
    if (requested.size > 0) used.set(q.name, newUsage);
  }
  return { ok: true, used };
}
