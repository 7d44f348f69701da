/** NodeName: a pod that names a node (`spec.nodeName` set before scheduling) fits only that node. */
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable } from '../../framework/status.js';

/** The plugin's name. */
export const NAME = 'NodeName';
/** Upstream's reason. */
export const ERR_REASON = "node(s) didn't match the requested node name";

/** Whether the pod's requested node name (if any) is `nodeName`. */
export function nodeNameFits(pod: Pod, nodeName: string): Status {
  const want = pod.spec?.nodeName;
  return !want || want === nodeName ? SUCCESS : unresolvable(ERR_REASON);
}

/** Builds the plugin. */
export function newNodeName(_args: unknown, _h: Handle): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_s, pod, ni: NodeInfo) => nodeNameFits(pod, ni.name),
    eventsToRegister: () => [{ resource: 'Node', actions: ActionType.Add }],
  };
}
