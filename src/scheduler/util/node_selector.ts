/**
 * Matching nodes against `v1.NodeSelector` terms, as upstream's `nodeaffinity` helpers: terms
 * are ORed, the requirements of a term ANDed; `matchFields` supports `metadata.name`; `Gt`/`Lt`
 * compare integers. An empty term matches nothing, as does an empty list of terms.
 */
import type { Node } from '../../api/types/node.js';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../api/types/pod.js';

function parseIntStrict(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  return Number(s);
}

/** Whether one requirement holds for the label (or field) set `values`. */
export function requirementMatches(
  r: NodeSelectorRequirement,
  values: Readonly<Record<string, string>>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = has ? values[r.key] : undefined;
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v!);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || (r.values ?? []).length !== 1) return false;
      const a = parseIntStrict(v);
      const b = parseIntStrict(r.values![0]);
      if (a === undefined || b === undefined) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether a term matches the node (an empty term matches nothing). */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) if (!requirementMatches(r, labels)) return false;
  if (fields.length > 0) {
    const fv = { 'metadata.name': node.metadata.name ?? '' };
    for (const r of fields) {
      if (r.key !== 'metadata.name') return false;
      if (!requirementMatches(r, fv)) return false;
    }
  }
  return true;
}

/** Whether any term of the selector matches the node. */
export function nodeSelectorMatches(sel: NodeSelector, node: Node): boolean {
  for (const t of sel.nodeSelectorTerms ?? []) if (termMatches(t, node)) return true;
  return false;
}

/**
 * Whether the node satisfies the pod's `nodeSelector` and required node affinity (upstream's
 * `GetRequiredNodeAffinity(pod).Match(node)`).
 */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const ns = pod.spec?.nodeSelector;
  if (ns) {
    const labels = node.metadata.labels ?? {};
    for (const k of Object.keys(ns)) if (labels[k] !== ns[k]) return false;
  }
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && !nodeSelectorMatches(req, node)) return false;
  return true;
}
