/**
 * PodTopologySpread's constraints: the pod's own (with `matchLabelKeys` merged), or the cluster
 * defaults (System: hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with a selector built from
 * the Services, ReplicationControllers, ReplicaSets and StatefulSets that select the pod.
 */
import type { LabelSelector } from '../../../api/label_selector.js';
import {
  LabelSelector as Selector,
  labelSelectorAsSelector,
  newRequirement,
} from '../../../api/label_selector.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import type { Node } from '../../../api/types/node.js';
import type { Pod, TopologySpreadConstraint } from '../../../api/types/pod.js';
import type { Listers } from '../../framework/handle.js';
import { podMatchesNodeSelectorAndAffinity } from '../../util/node_selector.js';
import { findUntoleratedTaint } from '../../util/taints.js';

/** The hostname label, whose per-node counts are computed during Score. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
/** The zone label. */
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** A constraint ready for evaluation. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

/** The System default constraints (upstream's `systemDefaultConstraints`). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

function safeSelector(sel: MetaLabelSelector | undefined): LabelSelector {
  try {
    return labelSelectorAsSelector(sel ?? null);
  } catch {
    return Selector.nothing();
  }
}

/** The pod's constraints with `action` (DoNotSchedule or ScheduleAnyway), selectors merged with matchLabelKeys. */
export function podConstraints(
  pod: Pod,
  action: TopologySpreadConstraint['whenUnsatisfiable'],
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  const labels = pod.metadata.labels ?? {};
  for (const c of pod.spec?.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = safeSelector(c.labelSelector);
    try {
      for (const k of c.matchLabelKeys ?? [])
        if (labels[k] !== undefined) selector = selector.add(newRequirement(k, 'in', [labels[k]]));
    } catch {
      // A validated pod cannot carry invalid keys; keep the selector as written.
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    });
  }
  return out;
}

function mapSelector(sel: Record<string, string> | undefined): LabelSelector | undefined {
  if (!sel || Object.keys(sel).length === 0) return undefined;
  return labelSelectorAsSelector({ matchLabels: sel });
}

/**
 * Upstream's `DefaultSelector`: the requirements of every Service, ReplicationController,
 * ReplicaSet and StatefulSet in the pod's namespace selecting it, combined; `nothing()` when none.
 */
export function defaultSelector(
  pod: Pod,
  listers: Pick<Listers, 'services' | 'replicationControllers' | 'replicaSets' | 'statefulSets'>,
): LabelSelector {
  const ns = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels ?? {};
  let sel = Selector.everything();
  let found = false;
  const addMatching = (s: LabelSelector | undefined) => {
    if (!s || s.isNothing() || s.isEmpty() || !s.matches(labels)) return;
    sel = sel.add(...s.requirements());
    found = true;
  };
  const spec = (o: KubeObject) => (o.spec ?? {}) as { selector?: unknown };
  for (const svc of listers.services.list(ns))
    addMatching(mapSelector(spec(svc).selector as Record<string, string>));
  for (const rc of listers.replicationControllers.list(ns))
    addMatching(mapSelector(spec(rc).selector as Record<string, string>));
  for (const rs of listers.replicaSets.list(ns))
    addMatching(safeSelector(spec(rs).selector as MetaLabelSelector));
  for (const ss of listers.statefulSets.list(ns))
    addMatching(safeSelector(spec(ss).selector as MetaLabelSelector));
  return found ? sel : Selector.nothing();
}

/** Constraints from default constraints, with `selector` (empty when the selector matches nothing). */
export function defaultConstraints(
  defaults: readonly TopologySpreadConstraint[],
  action: TopologySpreadConstraint['whenUnsatisfiable'],
  selector: LabelSelector,
): SpreadConstraint[] {
  if (selector.isNothing()) return [];
  return defaults
    .filter((c) => c.whenUnsatisfiable === action)
    .map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: true,
      honorNodeTaints: false,
    }));
}

/** Whether the node has every constraint's topology key. */
export function nodeHasAllKeys(node: Node, cs: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata.labels ?? {};
  for (const c of cs) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** Whether the node counts for a constraint under its node inclusion policies. */
export function nodeIncluded(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  const constrained = pod.spec?.nodeSelector !== undefined || pod.spec?.affinity?.nodeAffinity !== undefined;
  if (c.honorNodeAffinity && constrained && !podMatchesNodeSelectorAndAffinity(pod, node)) return false;
  if (c.honorNodeTaints) {
    const t = findUntoleratedTaint(
      node.spec?.taints,
      pod.spec?.tolerations ?? [],
      (x) => x.effect === 'NoSchedule' || x.effect === 'NoExecute',
    );
    if (t) return false;
  }
  return true;
}

/** Number of pods (in `namespace`, not being deleted) matching `selector`. */
export function countMatching(
  pods: readonly { pod: Pod }[],
  selector: LabelSelector,
  namespace: string,
): number {
  if (selector.isNothing()) return 0;
  let n = 0;
  for (const p of pods) {
    const m = p.pod.metadata;
    if (m.deletionTimestamp || m.namespace !== namespace) continue;
    if (selector.matches(m.labels ?? {})) n++;
  }
  return n;
}
