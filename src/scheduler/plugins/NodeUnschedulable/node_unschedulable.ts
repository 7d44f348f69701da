/** NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods tolerating its taint. */
import type { Node } from '../../../api/types/node.js';
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable } from '../../framework/status.js';
import { taintToleratedByTolerations } from '../../util/taints.js';

/** The plugin's name. */
export const NAME = 'NodeUnschedulable';
/** Upstream's reason. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

/** Whether the pod may go to the node as far as cordoning goes. */
export function nodeUnschedulableFilter(pod: Pod, node: Node): Status {
  if (!node.spec?.unschedulable) return SUCCESS;
  if (taintToleratedByTolerations(UNSCHEDULABLE_TAINT, pod.spec?.tolerations ?? [])) return SUCCESS;
  return unresolvable(ERR_REASON_UNSCHEDULABLE);
}

/** Builds the plugin. */
export function newNodeUnschedulable(_args: unknown, _h: Handle): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_s, pod, ni: NodeInfo) => (ni.unschedulable ? nodeUnschedulableFilter(pod, ni.node!) : SUCCESS),
    eventsToRegister: () => [
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateOther },
      { resource: 'UnscheduledPod', actions: ActionType.UpdatePodTolerations },
    ],
  };
}
