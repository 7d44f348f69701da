/**
 * NodeAffinity: `nodeSelector` and required node affinity must match (Filter); matching preferred
 * terms add their weights (Score). Args `addedAffinity` apply to every pod of the profile. A
 * required affinity that names nodes by `metadata.name` narrows PreFilter to those nodes.
 */
import type { Node } from '../../../api/types/node.js';
import type { Affinity, NodeSelector, NodeSelectorTerm, Pod } from '../../../api/types/pod.js';
import type { CycleState } from '../../framework/cycle_state.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { Status } from '../../framework/status.js';
import { SKIP, SUCCESS, unresolvable } from '../../framework/status.js';
import {
  nodeSelectorMatches,
  podMatchesNodeSelectorAndAffinity,
  termMatches,
} from '../../util/node_selector.js';

/** The plugin's name. */
export const NAME = 'NodeAffinity';
/** Upstream's reason for the pod's own selector/affinity. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** Upstream's reason for the profile's added affinity. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

/** Args of NodeAffinity. */
export interface NodeAffinityArgs {
  addedAffinity?: Affinity['nodeAffinity'];
}

type Preferred = { weight: number; preference: NodeSelectorTerm }[];

/** Filter: the added affinity first, then the pod's selector and required affinity. */
export function nodeAffinityFilter(pod: Pod, node: Node, added?: NodeSelector): Status {
  if (added && !nodeSelectorMatches(added, node)) return unresolvable(ERR_REASON_ENFORCED);
  if (!podMatchesNodeSelectorAndAffinity(pod, node)) return unresolvable(ERR_REASON_POD);
  return SUCCESS;
}

/**
 * The node names a required affinity restricts the pod to: defined only when every term has a
 * `metadata.name In` field requirement (upstream's `getSingleNodeNames` idea, per term union).
 */
export function requiredNodeNames(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const out = new Set<string>();
  for (const t of terms) {
    const names = (t.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In');
    if (!names) return undefined;
    for (const n of names.values ?? []) out.add(n);
  }
  return out;
}

/** The raw score: the summed weights of the preferred terms the node matches. */
export function preferredScore(node: Node, preferred: Preferred): number {
  let s = 0;
  for (const p of preferred) if (p.weight !== 0 && termMatches(p.preference, node)) s += p.weight;
  return s;
}

/** Builds the plugin. */
export function newNodeAffinity(
  args: Record<string, unknown> | undefined,
  _h: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const added = (args as NodeAffinityArgs | undefined)?.addedAffinity;
  const addedRequired = added?.requiredDuringSchedulingIgnoredDuringExecution;
  const addedPreferred = added?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const stateKey = 'PreScore' + NAME;
  return {
    name: NAME,
    preFilter(_state, pod) {
      const hasSelector = Object.keys(pod.spec?.nodeSelector ?? {}).length > 0;
      const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!hasSelector && !req && !addedRequired) return { status: SKIP };
      const names = requiredNodeNames(pod);
      return { status: SUCCESS, result: names ? { nodeNames: names } : undefined };
    },
    filter: (_s, pod, ni) => nodeAffinityFilter(pod, ni.node!, addedRequired),
    preScore(state: CycleState, pod: Pod) {
      const pref = [
        ...addedPreferred,
        ...(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      ];
      if (pref.length === 0) return SKIP;
      state.write(stateKey, pref);
      return SUCCESS;
    },
    score: (state, _pod, ni) => preferredScore(ni.node!, state.read<Preferred>(stateKey) ?? []),
    normalizeScore(_s, _p, scores) {
      defaultNormalizeScore(scores, false);
      return SUCCESS;
    },
    eventsToRegister: () => [
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeLabel },
      { resource: 'UnscheduledPod', actions: ActionType.UpdateOther },
    ],
  };
}
