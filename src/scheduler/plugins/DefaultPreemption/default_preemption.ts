/**
 * DefaultPreemption (PostFilter): when no node fits, find nodes where evicting lower-priority
 * pods makes room, pick the one that hurts least, delete its victims (marking them with the
 * DisruptionTarget condition first), clear lower-priority nominations there, and nominate the
 * node for the pod. Its message joins the FailedScheduling event after "preemption: ".
 */
import type { Pod } from '../../../api/types/pod.js';
import { nowTimestamp } from '../../../api/object.js';
import { referenceTo } from '../../../client/event_recorder.js';
import { Resources } from '../../../client/resource_type.js';
import type { NodeInfo } from '../../cache/node_info.js';
import type { CycleState } from '../../framework/cycle_state.js';
import type { Handle } from '../../framework/handle.js';
import type { NodeToStatusMap, PostFilterPlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { Code, newStatus } from '../../framework/status.js';
import { fitErrorMessage } from '../../framework/fit_error.js';
import type { Candidate } from './candidates.js';
import { budgetsFrom, pickOneCandidate, selectVictimsOnNode } from './candidates.js';

/** The plugin's name. */
export const NAME = 'DefaultPreemption';

/** Args (`DefaultPreemptionArgs`). */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

/** Why the pod may not preempt ('' when it may), as upstream's `PodEligibleToPreemptOthers`. */
export function preemptionIneligibility(pod: Pod, h: Handle): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = h.snapshot().get(nominated);
    const prio = h.podPriority(pod);
    if (ni?.pods.some((p) => p.pod.metadata.deletionTimestamp && h.podPriority(p.pod) < prio))
      return 'not eligible due to a terminating pod on the nominated node.';
  }
  return '';
}

/** How many candidates to look for among `n` potential nodes. */
export function numCandidates(n: number, pct: number, abs: number): number {
  let k = Math.trunc((n * pct) / 100);
  if (k < abs) k = abs;
  return Math.min(k, n);
}

/** Builds the plugin. */
export function newDefaultPreemption(args: Record<string, unknown> | undefined, h: Handle): PostFilterPlugin {
  const a = (args ?? {}) as DefaultPreemptionArgs;
  const pct = a.minCandidateNodesPercentage ?? 10;
  const abs = a.minCandidateNodesAbsolute ?? 100;
  if (pct < 0 || pct > 100)
    throw new Error('minCandidateNodesPercentage: Invalid value: not in valid range [0, 100]');
  if (abs < 0) throw new Error('minCandidateNodesAbsolute: Invalid value: not in valid range [0, inf)');

  const findCandidates = (state: CycleState, pod: Pod, m: NodeToStatusMap) => {
    const fwk = h.framework!;
    const all = h.snapshot().nodeInfoList;
    const statuses: NodeToStatusMap = new Map();
    const potential: NodeInfo[] = [];
    for (const ni of all) {
      if (m.get(ni.name)?.code === Code.UnschedulableAndUnresolvable)
        statuses.set(
          ni.name,
          newStatus(Code.UnschedulableAndUnresolvable, 'Preemption is not helpful for scheduling'),
        );
      else potential.push(ni);
    }
    const cands: Candidate[] = [];
    if (potential.length === 0) return { cands, statuses };
    const budgets = budgetsFrom(h.listers.podDisruptionBudgets.list());
    const want = numCandidates(potential.length, pct, abs);
    const offset = Math.floor(Math.random() * potential.length);
    let nonViolating = 0;
    for (let i = 0; i < potential.length && nonViolating < want; i++) {
      const ni = potential[(offset + i) % potential.length]!;
      const r = selectVictimsOnNode(fwk, state, pod, ni, budgets);
      if (r.status.isSuccess() && r.victims) {
        cands.push({ nodeName: ni.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
        if (r.numPDBViolations === 0) nonViolating++;
      } else statuses.set(ni.name, r.status);
    }
    return { cands, statuses };
  };

  const prepare = async (c: Candidate, pod: Pod): Promise<Status | undefined> => {
    const fwk = h.framework!;
    for (const v of c.victims) {
      const m = v.pod.metadata;
      try {
        await h.clients.pods.patch(
          m.namespace ?? '',
          m.name ?? '',
          'strategic',
          {
            status: {
              conditions: [
                {
                  type: 'DisruptionTarget',
                  status: 'True',
                  reason: 'PreemptionByScheduler',
                  message: `${fwk.profileName}: preempting to accommodate a higher priority pod`,
                  lastTransitionTime: nowTimestamp(new Date(h.clock.now())),
                },
              ],
            },
          },
          { subresource: 'status' },
        );
        await h.clients.pods.delete(m.namespace ?? '', m.name ?? '', { preconditions: { uid: m.uid } });
      } catch (err) {
        if ((err as { code?: number }).code !== 404) return newStatus(Code.Error, (err as Error).message);
      }
      h.recorder?.event(
        referenceTo(v.pod, Resources.pods),
        'Normal',
        'Preempted',
        `Preempted by pod ${pod.metadata.uid} on node ${c.nodeName}`,
      );
    }
    const prio = h.podPriority(pod);
    for (const pi of h.nominator.nominatedPodsForNode(c.nodeName)) {
      if (pi.pod.metadata.uid === pod.metadata.uid || h.podPriority(pi.pod) >= prio) continue;
      const m = pi.pod.metadata;
      await h.clients.pods
        .patch(
          m.namespace ?? '',
          m.name ?? '',
          'merge',
          { status: { nominatedNodeName: null } },
          { subresource: 'status' },
        )
        .catch(() => undefined);
    }
    return undefined;
  };

  return {
    name: NAME,
    async postFilter(state, pod, m) {
      const why = preemptionIneligibility(pod, h);
      if (why) return { status: newStatus(Code.Unschedulable, `preemption: ${why}`) };
      const { cands, statuses } = findCandidates(state, pod, m);
      if (cands.length === 0) {
        const msg = fitErrorMessage(statuses.size, statuses, '', '');
        return {
          result: { nominatedNodeName: '' },
          status: newStatus(Code.Unschedulable, `preemption: ${msg}`),
        };
      }
      const best = pickOneCandidate(cands, (p) => h.podPriority(p))!;
      const err = await prepare(best, pod);
      if (err) return { status: err };
      return { result: { nominatedNodeName: best.nodeName }, status: newStatus(Code.Success) };
    },
  };
}
