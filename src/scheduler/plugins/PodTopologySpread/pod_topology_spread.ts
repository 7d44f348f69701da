/** PodTopologySpread: the plugin, wiring constraints, filtering and scoring to the extension points. */
import type { Pod, TopologySpreadConstraint } from '../../../api/types/pod.js';
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
import type { SpreadConstraint } from './constraints.js';
import {
  SYSTEM_DEFAULT_CONSTRAINTS,
  defaultConstraints,
  defaultSelector,
  podConstraints,
} from './constraints.js';
import type { SpreadFilterState } from './filtering.js';
import { computeSpreadFilterState, spreadFilter } from './filtering.js';
import type { SpreadScoreState } from './scoring.js';
import { computeSpreadScoreState, normalizeSpreadScores, spreadScore } from './scoring.js';

/** The plugin's name. */
export const NAME = 'PodTopologySpread';
const FILTER_KEY = 'PreFilter' + NAME;
const SCORE_KEY = 'PreScore' + NAME;

/** Args (`PodTopologySpreadArgs`). */
export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

/** Builds the plugin. */
export function newPodTopologySpread(
  args: Record<string, unknown> | undefined,
  h: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const a = (args ?? {}) as PodTopologySpreadArgs;
  const defaultingType = a.defaultingType ?? 'System';
  if (defaultingType !== 'System' && defaultingType !== 'List')
    throw new Error(`defaultingType: Unsupported value: "${String(defaultingType)}"`);
  if (defaultingType === 'System' && (a.defaultConstraints ?? []).length > 0)
    throw new Error(
      'defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty',
    );
  const defaults = defaultingType === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : (a.defaultConstraints ?? []);
  const systemDefaulted = defaultingType === 'System';

  const constraintsFor = (
    pod: Pod,
    action: TopologySpreadConstraint['whenUnsatisfiable'],
  ): SpreadConstraint[] => {
    if ((pod.spec?.topologySpreadConstraints ?? []).length > 0) return podConstraints(pod, action);
    if (defaults.length === 0) return [];
    if (!defaults.some((c) => c.whenUnsatisfiable === action)) return [];
    return defaultConstraints(defaults, action, defaultSelector(pod, h.listers));
  };

  return {
    name: NAME,
    preFilter(state, pod) {
      const cs = constraintsFor(pod, 'DoNotSchedule');
      if (cs.length === 0) return { status: SKIP };
      state.write(FILTER_KEY, computeSpreadFilterState(pod, cs, h.snapshot().nodeInfoList));
      return { status: SUCCESS };
    },
    preFilterExtensions: () => ({
      addPod(state, pod, added, ni) {
        const s = state.read<SpreadFilterState>(FILTER_KEY);
        if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
        if (ni.node) s.updateWithPod(added, pod, ni.node, 1);
        return SUCCESS;
      },
      removePod(state, pod, removed, ni) {
        const s = state.read<SpreadFilterState>(FILTER_KEY);
        if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
        if (ni.node) s.updateWithPod(removed, pod, ni.node, -1);
        return SUCCESS;
      },
    }),
    filter(state, pod, ni) {
      const s = state.read<SpreadFilterState>(FILTER_KEY);
      if (!s) return asStatus(new Error(`reading "${FILTER_KEY}" from cycleState: not found`));
      return spreadFilter(s, pod, ni.node!);
    },
    preScore(state, pod, nodes) {
      const cs = constraintsFor(pod, 'ScheduleAnyway');
      if (cs.length === 0 || nodes.length === 0) return SKIP;
      const requireAll = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted;
      state.write(SCORE_KEY, computeSpreadScoreState(pod, cs, nodes, h.snapshot().nodeInfoList, requireAll));
      return SUCCESS;
    },
    score(state, pod, ni) {
      const s = state.read<SpreadScoreState>(SCORE_KEY);
      return s ? spreadScore(s, pod, ni) : 0;
    },
    normalizeScore(state, _pod, scores) {
      const s = state.read<SpreadScoreState>(SCORE_KEY);
      if (s) normalizeSpreadScores(s, scores);
      return SUCCESS;
    },
    eventsToRegister: () => [
      { resource: 'AssignedPod', actions: ActionType.Add | ActionType.Delete | ActionType.UpdatePodLabel },
      {
        resource: 'Node',
        actions: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
      },
    ],
  };
}
