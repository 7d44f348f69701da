/** InterPodAffinity: the plugin, wiring filtering.ts and scoring.ts to the extension points. */
import type { Pod } from '../../../api/types/pod.js';
import { podInfoOf } from '../../cache/pod_info.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import { SKIP, SUCCESS, asStatus } from '../../framework/status.js';
import type { InterPodAffinityState } from './filtering.js';
import { canSkipFilter, computeInterPodAffinityState, interPodAffinityFilter } from './filtering.js';
import type { TopologyScore } from './scoring.js';
import { computeTopologyScore, nodeTopologyScore, normalizeTopologyScores } from './scoring.js';
import type { NamespaceLabels } from './topology_counts.js';

/** The plugin's name. */
export const NAME = 'InterPodAffinity';
const FILTER_KEY = 'PreFilter' + NAME;
const SCORE_KEY = 'PreScore' + NAME;

/** Args (`InterPodAffinityArgs`). */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

/** Builds the plugin. */
export function newInterPodAffinity(
  args: Record<string, unknown> | undefined,
  h: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const a = (args ?? {}) as InterPodAffinityArgs;
  const hardWeight = a.hardPodAffinityWeight ?? 1;
  if (hardWeight < 0 || hardWeight > 100)
    throw new Error('hardPodAffinityWeight: Invalid value: not in valid range [0-100]');
  const nsLabels: NamespaceLabels = (ns) => h.listers.namespaces.get('', ns)?.metadata.labels ?? {};
  return {
    name: NAME,
    preFilter(state, pod: Pod) {
      const snap = h.snapshot();
      const s = computeInterPodAffinityState(
        podInfoOf(pod),
        snap.nodeInfoList,
        snap.havePodsWithRequiredAntiAffinityList,
        nsLabels,
      );
      if (canSkipFilter(s)) return { status: SKIP };
      state.write(FILTER_KEY, s);
      return { status: SUCCESS };
    },
    preFilterExtensions: () => ({
      addPod(state, _pod, added, ni) {
        const s = state.read<InterPodAffinityState>(FILTER_KEY);
        if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
        if (ni.node) s.updateWithPod(added, ni.node, 1);
        return SUCCESS;
      },
      removePod(state, _pod, removed, ni) {
        const s = state.read<InterPodAffinityState>(FILTER_KEY);
        if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
        if (ni.node) s.updateWithPod(removed, ni.node, -1);
        return SUCCESS;
      },
    }),
    filter(state, _pod, ni) {
      const s = state.read<InterPodAffinityState>(FILTER_KEY);
      if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
      return interPodAffinityFilter(s, ni.node!);
    },
    preScore(state, pod) {
      const pi = podInfoOf(pod);
      const hasConstraints = pi.preferredAffinityTerms.length > 0 || pi.preferredAntiAffinityTerms.length > 0;
      if (a.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
      const snap = h.snapshot();
      const nodes = hasConstraints ? snap.nodeInfoList : snap.havePodsWithAffinityList;
      if (nodes.length === 0) return SKIP;
      const scores: TopologyScore = computeTopologyScore(pi, nodes, hasConstraints, nsLabels, hardWeight);
      if (scores.size === 0) return SKIP;
      state.write(SCORE_KEY, scores);
      return SUCCESS;
    },
    score: (state, _pod, ni) =>
      nodeTopologyScore(state.read<TopologyScore>(SCORE_KEY) ?? new Map(), ni.node!),
    normalizeScore(_s, _p, scores) {
      normalizeTopologyScores(scores);
      return SUCCESS;
    },
    eventsToRegister: () => [
      { resource: 'AssignedPod', actions: ActionType.Add | ActionType.Delete | ActionType.UpdatePodLabel },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel },
    ],
  };
}
