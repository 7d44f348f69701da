/**
 * `CustomResourceDefinitionCondition`s: reading and setting them as upstream's helpers do (the
 * transition time changes only when the status does).
 */
import { nowTimestamp } from '../../api/object.js';
import { rec, recs, str } from '../../api/json_fields.js';

/** One condition of a CRD's status. */
export interface CrdCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The conditions of a CRD object's status. */
export function crdConditions(crd: { status?: unknown }): CrdCondition[] {
  return recs(rec(crd.status).conditions).map((c) => ({ ...c }) as unknown as CrdCondition);
}

/** The condition of a type, if present. */
export function findCondition(crd: { status?: unknown }, type: string): CrdCondition | undefined {
  return crdConditions(crd).find((c) => c.type === type);
}

/** True when the condition of `type` is present with status True. */
export function isConditionTrue(crd: { status?: unknown }, type: string): boolean {
  return findCondition(crd, type)?.status === 'True';
}

/**
 * The conditions with `cond` set: replaces the one of its type, keeping its transition time
 * when the status is unchanged (upstream's `SetCRDCondition`).
 */
export function withCondition(conds: CrdCondition[], cond: CrdCondition, now = new Date()): CrdCondition[] {
  const i = conds.findIndex((c) => c.type === cond.type);
  const prev = i >= 0 ? conds[i] : undefined;
  const next: CrdCondition = {
    type: cond.type,
    status: cond.status,
    lastTransitionTime:
      prev && prev.status === cond.status && str(prev.lastTransitionTime)
        ? prev.lastTransitionTime
        : nowTimestamp(now),
    ...(cond.reason ? { reason: cond.reason } : {}),
    ...(cond.message ? { message: cond.message } : {}),
  };
  if (i < 0) return [...conds, next];
  const out = [...conds];
  out[i] = next;
  return out;
}
