/**
 * The dry run of preemption (upstream's `Evaluator` helpers): on each node where it may help,
 * remove every lower-priority pod, check the preemptor fits, then reprieve as many victims as
 * possible (PodDisruptionBudget-protected ones first); pick the candidate that hurts least.
 */
import type { LabelSelector, MetaLabelSelector } from '../../../api/label_selector.js';
import { labelSelectorAsSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { PodInfo } from '../../cache/pod_info.js';
import type { CycleState } from '../../framework/cycle_state.js';
import type { Framework } from '../../framework/framework.js';
import type { Status } from '../../framework/status.js';
import { Code, asStatus, newStatus } from '../../framework/status.js';

/** A node where preemption makes room, and what it costs. */
export interface Candidate {
  nodeName: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

/** A PodDisruptionBudget reduced to what preemption needs. */
export interface Budget {
  namespace: string;
  selector: LabelSelector;
  disruptionsAllowed: number;
}

/** Budgets from PodDisruptionBudget objects (selector parse failures match nothing). */
export function budgetsFrom(pdbs: readonly KubeObject[]): Budget[] {
  return pdbs.map((p) => {
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(
        ((p.spec ?? {}) as { selector?: MetaLabelSelector }).selector ?? null,
      );
    } catch {
      selector = labelSelectorAsSelector(null);
    }
    return {
      namespace: p.metadata.namespace ?? '',
      selector,
      disruptionsAllowed: ((p.status ?? {}) as { disruptionsAllowed?: number }).disruptionsAllowed ?? 0,
    };
  });
}

/** Splits pods into those whose eviction would violate a budget and the rest (upstream's order kept). */
export function splitByPDBViolation(
  pods: readonly PodInfo[],
  budgets: readonly Budget[],
): [PodInfo[], PodInfo[]] {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const ok: PodInfo[] = [];
  for (const p of pods) {
    let violates = false;
    const labels = p.pod.metadata.labels ?? {};
    budgets.forEach((b, i) => {
      if (b.namespace !== p.pod.metadata.namespace || b.selector.isEmpty() || !b.selector.matches(labels))
        return;
      allowed[i]!--;
      if (allowed[i]! < 0) violates = true;
    });
    (violates ? violating : ok).push(p);
  }
  return [violating, ok];
}

function startTime(p: Pod): number {
  const t = p.status?.startTime ?? p.metadata.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** Upstream's `MoreImportantPod`: higher priority, then earlier start. */
export function moreImportant(a: PodInfo, b: PodInfo, prio: (p: Pod) => number): number {
  const d = prio(b.pod) - prio(a.pod);
  return d !== 0 ? d : startTime(a.pod) - startTime(b.pod);
}

/**
 * Victims on `ni` for `pod`: undefined with a status when preemption cannot help there.
 * `state` and `ni` are copied, never changed.
 */
export function selectVictimsOnNode(
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  ni: NodeInfo,
  budgets: readonly Budget[],
): { victims?: PodInfo[]; numPDBViolations: number; status: Status } {
  const prio = (p: Pod) => fwk.handle.podPriority(p);
  const podPrio = prio(pod);
  const node = ni.clone();
  const st = state.clone();
  const potential: PodInfo[] = [];
  for (const pi of ni.pods) {
    if (prio(pi.pod) >= podPrio) continue;
    potential.push(pi);
    node.removePod(pi.key);
    const s = fwk.runPreFilterExtensionRemovePod(st, pod, pi, node);
    if (!s.isSuccess()) return { numPDBViolations: 0, status: s };
  }
  if (potential.length === 0)
    return {
      numPDBViolations: 0,
      status: newStatus(Code.UnschedulableAndUnresolvable, 'No preemption victims found for incoming pod'),
    };
  const fit = fwk.runFilterPluginsWithNominatedPods(st, pod, node);
  if (!fit.isSuccess()) return { numPDBViolations: 0, status: fit };
  potential.sort((a, b) => moreImportant(a, b, prio));
  const [violating, nonViolating] = splitByPDBViolation(potential, budgets);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (pi: PodInfo): boolean => {
    node.addPod(pi);
    fwk.runPreFilterExtensionAddPod(st, pod, pi, node);
    if (fwk.runFilterPluginsWithNominatedPods(st, pod, node).isSuccess()) return true;
    node.removePod(pi.key);
    fwk.runPreFilterExtensionRemovePod(st, pod, pi, node);
    victims.push(pi);
    return false;
  };
  for (const pi of violating) if (!reprieve(pi)) numPDBViolations++;
  for (const pi of nonViolating) reprieve(pi);
  if (victims.length === 0)
    return {
      numPDBViolations,
      status: asStatus(new Error(`expected at least one victim pod on node "${ni.name}"`)),
    };
  victims.sort((a, b) => moreImportant(a, b, prio));
  return { victims, numPDBViolations, status: newStatus(Code.Success) };
}

/**
 * Upstream's `pickOneNodeForPreemption`: fewest PDB violations, then the lowest highest victim
 * priority, the lowest sum of priorities, the fewest victims, the latest start of the highest
 * priority victims; the first of any remaining tie.
 */
export function pickOneCandidate(
  cands: readonly Candidate[],
  prio: (p: Pod) => number,
): Candidate | undefined {
  if (cands.length === 0) return undefined;
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -prio(c.victims[0]!.pod),
    (c) => -c.victims.reduce((s, v) => s + prio(v.pod) + 2147483648, 0),
    (c) => -c.victims.length,
    (c) => {
      const top = prio(c.victims[0]!.pod);
      let earliest = Number.MAX_SAFE_INTEGER;
      for (const v of c.victims) if (prio(v.pod) === top) earliest = Math.min(earliest, startTime(v.pod));
      return earliest;
    },
  ];
  let left = cands.slice();
  for (const f of criteria) {
    let best = -Infinity;
    let next: Candidate[] = [];
    for (const c of left) {
      const v = f(c);
      if (v > best) {
        best = v;
        next = [c];
      } else if (v === best) next.push(c);
    }
    left = next;
    if (left.length === 1) break;
  }
  return left[0];
}
