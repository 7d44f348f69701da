/**
 * TaintToleration: a node's NoSchedule/NoExecute taints must be tolerated (Filter); untolerated
 * PreferNoSchedule taints lower the score (Score, reversed when normalised).
 */
import type { Node } from '../../../api/types/node.js';
import type { Pod, Toleration } from '../../../api/types/pod.js';
import type { CycleState } from '../../framework/cycle_state.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable } from '../../framework/status.js';
import { findUntoleratedTaint, taintToleratedByTolerations } from '../../util/taints.js';

/** The plugin's name. */
export const NAME = 'TaintToleration';
const STATE_KEY = 'PreScore' + NAME;

/** Filter: UnschedulableAndUnresolvable naming the first untolerated NoSchedule/NoExecute taint. */
export function taintTolerationFilter(pod: Pod, node: Node): Status {
  const taints = node.spec?.taints;
  if (!taints || taints.length === 0) return SUCCESS;
  const t = findUntoleratedTaint(
    taints,
    pod.spec?.tolerations ?? [],
    (x) => x.effect === 'NoSchedule' || x.effect === 'NoExecute',
  );
  if (!t) return SUCCESS;
  return unresolvable(`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`);
}

/** The tolerations that count for PreferNoSchedule scoring (empty or PreferNoSchedule effect). */
export function preferNoScheduleTolerations(pod: Pod): Toleration[] {
  return (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** The raw score: the number of PreferNoSchedule taints the tolerations do not tolerate. */
export function countIntolerableTaints(node: Node, tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const t of node.spec?.taints ?? []) {
    if (t.effect !== 'PreferNoSchedule') continue;
    if (!taintToleratedByTolerations(t, tolerations)) n++;
  }
  return n;
}

/** Builds the plugin. */
export function newTaintToleration(
  _args: unknown,
  _h: Handle,
): FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_s, pod, ni) => (ni.taints ? taintTolerationFilter(pod, ni.node!) : SUCCESS),
    preScore(state: CycleState, pod: Pod) {
      state.write(STATE_KEY, preferNoScheduleTolerations(pod));
      return SUCCESS;
    },
    score(state, _pod, ni) {
      if (!ni.taints) return 0;
      return countIntolerableTaints(ni.node!, state.read<Toleration[]>(STATE_KEY) ?? []);
    },
    normalizeScore(_s, _p, scores) {
      defaultNormalizeScore(scores, true);
      return SUCCESS;
    },
    eventsToRegister: () => [
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeTaint },
      { resource: 'UnscheduledPod', actions: ActionType.UpdatePodTolerations },
    ],
  };
}
