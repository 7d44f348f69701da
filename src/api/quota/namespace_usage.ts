/**
 * The usage of a whole namespace under one quota, as the resourcequota controller computes its
 * `status.used` (upstream's `quota.CalculateUsage` over `generic.CalculateUsageStats`): which
 * evaluators a quota's hard names need, the summed usage of each evaluator's objects that match
 * every scope of the quota, and how that new usage replaces the recorded one. Pure: the caller
 * lists the objects.
 */
import type { KubeObject } from '../object.js';
import { Quantity } from '../quantity.js';
import type { QuotaEvaluator } from './evaluator.js';
import { LEGACY_OBJECT_COUNT_ALIASES } from './evaluator.js';
import { podEvaluator } from './pod_evaluator.js';
import { evaluatorFor } from './quota_check.js';
import type { ResourceList } from './resource_list.js';
import { addInto, maskList } from './resource_list.js';
import type { ScopeRequirement } from './scopes.js';
import { pvcEvaluator, serviceEvaluator } from './service_pvc_evaluators.js';

const OBJECT_COUNT_PREFIX = 'count/';

/** The group and resource a hard name counts objects of, or null when it counts none. */
function countedResource(name: string): { group: string; resource: string } | null {
  if (LEGACY_OBJECT_COUNT_ALIASES[name]) return { group: '', resource: name };
  if (!name.startsWith(OBJECT_COUNT_PREFIX)) return null;
  const rest = name.slice(OBJECT_COUNT_PREFIX.length);
  const dot = rest.indexOf('.');
  const resource = dot < 0 ? rest : rest.slice(0, dot);
  if (resource === '') return null;
  return { group: dot < 0 ? '' : rest.slice(dot + 1), resource };
}

/**
 * The evaluators that charge any of `hardNames`, one per resource: pods, services and claims
 * for their own names, and the object-count evaluator of each `count/<resource>[.<group>]` or
 * legacy name (`configmaps`, `secrets`, …). Hard names no evaluator charges are not tracked.
 */
export function quotaEvaluators(hardNames: readonly string[]): QuotaEvaluator[] {
  const out = new Map<string, QuotaEvaluator>();
  for (const typed of [podEvaluator, serviceEvaluator, pvcEvaluator]) {
    if (typed.matchingResources(hardNames).length > 0) out.set(`${typed.resource}.${typed.group}`, typed);
  }
  for (const name of hardNames) {
    const gr = countedResource(name);
    if (!gr) continue;
    const key = `${gr.resource}.${gr.group}`;
    if (!out.has(key)) out.set(key, evaluatorFor(gr.group, gr.resource));
  }
  return [...out.values()];
}

/**
 * `CalculateUsageStats`: zero for each of `resources`, plus the usage of every object that
 * matches all of `scopes` (an evaluator without scopes of its own matches none of them).
 */
export function usageStats(
  evaluator: QuotaEvaluator,
  objects: readonly KubeObject[],
  scopes: readonly ScopeRequirement[],
  resources: readonly string[],
  now: Date,
): ResourceList {
  const used: ResourceList = new Map(resources.map((r) => [r, Quantity.zero()]));
  for (const obj of objects) {
    if (!scopes.every((s) => evaluator.matchesScope(s, obj))) continue;
    addInto(used, evaluator.usage(obj, now));
  }
  return used;
}

/** One evaluator with the namespace's objects of its resource. */
export interface ListedObjects {
  evaluator: QuotaEvaluator;
  objects: readonly KubeObject[];
}

/**
 * `quota.CalculateUsage`: the usage of the hard names the listed evaluators charge, from the
 * listed objects under the quota's scopes. Hard names of evaluators left out of `listed` (their
 * resource is not served) are left out of the result.
 */
export function calculateUsage(
  hardNames: readonly string[],
  scopes: readonly ScopeRequirement[],
  listed: readonly ListedObjects[],
  now: Date,
): ResourceList {
  const matched = new Set<string>();
  const total: ResourceList = new Map();
  for (const { evaluator, objects } of listed) {
    const names = evaluator.matchingResources(hardNames);
    if (names.length === 0) continue;
    for (const n of names) matched.add(n);
    addInto(total, usageStats(evaluator, objects, scopes, names, now));
  }
  return maskList(total, matched);
}

/**
 * The quota's new `status.used`, as the controller's sync writes it: the recorded usage with
 * every newly computed entry replacing its own, kept to the names in `hardNames`.
 */
export function quotaStatusUsed(
  recorded: ResourceList,
  computed: ResourceList,
  hardNames: readonly string[],
): ResourceList {
  const merged: ResourceList = new Map(recorded);
  for (const [k, q] of computed) merged.set(k, q);
  return maskList(merged, hardNames);
}
