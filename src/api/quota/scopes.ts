/**
 * Quota scopes: the `spec.scopes` and `spec.scopeSelector` of a ResourceQuota as one list of
 * requirements (`getScopeSelectorsFromQuota`), and how a requirement on the PriorityClass scope
 * is matched (`ScopedResourceSelectorRequirementsAsSelector`).
 */
import { isPlainObject } from '../object.js';

/** `corev1.ScopedResourceSelectorRequirement`. */
export interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values: string[];
}

const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The quota's scopes (each as `Exists`) followed by its scope selector's expressions. */
export function quotaScopeRequirements(quota: { spec?: unknown }): ScopeRequirement[] {
  const spec = isPlainObject(quota.spec) ? quota.spec : {};
  const out: ScopeRequirement[] = strs(spec.scopes).map((scopeName) => ({
    scopeName,
    operator: 'Exists',
    values: [],
  }));
  const selector = isPlainObject(spec.scopeSelector) ? spec.scopeSelector : {};
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!isPlainObject(e)) continue;
    out.push({
      scopeName: typeof e.scopeName === 'string' ? e.scopeName : '',
      operator: typeof e.operator === 'string' ? e.operator : '',
      values: strs(e.values),
    });
  }
  return out;
}

/**
 * Whether the label set `{<scopeName>: value}` (empty when `value` is empty) satisfies the
 * requirement's operator (`In`, `NotIn`, `Exists`, `DoesNotExist`); unknown operators match
 * nothing.
 */
export function scopeValueMatches(req: ScopeRequirement, value: string): boolean {
  const has = value !== '';
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(value);
    case 'NotIn':
      return !has || !req.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
