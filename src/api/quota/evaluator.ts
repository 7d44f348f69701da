/**
 * The quota evaluator contract (upstream's `quota.Evaluator`) and the evaluators of objects that
 * are only counted: `count/<resource>.<group>` for any resource, with the legacy names
 * (`configmaps`, `secrets`, `replicationcontrollers`, `resourcequotas`) for the core ones.
 */
import type { KubeObject } from '../object.js';
import { Quantity } from '../quantity.js';
import type { ResourceList } from './resource_list.js';
import type { ScopeRequirement } from './scopes.js';

/** A write that may change usage. */
export type QuotaOperation = 'create' | 'update';

/** How quota measures one resource. */
export interface QuotaEvaluator {
  readonly group: string;
  readonly resource: string;
  /** Whether writes of this kind with this operation change usage. */
  handles(op: QuotaOperation): boolean;
  /** The names among `names` (a quota's hard resources) that this evaluator charges. */
  matchingResources(names: readonly string[]): string[];
  /** What one object consumes. */
  usage(obj: KubeObject, now: Date): ResourceList;
  /** Upstream's text of why the object cannot be admitted under these required names, or null. */
  constraints(required: readonly string[], obj: KubeObject): string | null;
  /** Whether the object is in the scope a quota restricts itself to. */
  matchesScope(req: ScopeRequirement, obj: KubeObject): boolean;
}

/** `ObjectCountQuotaResourceNameFor`: `count/<resource>` or `count/<resource>.<group>`. */
export function objectCountName(group: string, resource: string): string {
  return group ? `count/${resource}.${group}` : `count/${resource}`;
}

/** The legacy names of core object counts, as upstream's `legacyObjectCountAliases`. */
export const LEGACY_OBJECT_COUNT_ALIASES: Readonly<Record<string, string>> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
};

/**
 * `generic.NewObjectCountEvaluator`: every object counts 1 under `count/…` (and its alias);
 * charged on create only; scoped quotas never match.
 */
export function objectCountEvaluator(group: string, resource: string, alias?: string): QuotaEvaluator {
  const names = [objectCountName(group, resource), ...(alias ? [alias] : [])];
  return {
    group,
    resource,
    handles: (op) => op === 'create',
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    usage: () => new Map(names.map((n) => [n, Quantity.fromValue(1)])),
    constraints: () => null,
    matchesScope: () => false,
  };
}
