/** NodePorts: the pod's host ports must be free on the node (same protocol, overlapping address). */
import type { HostPort } from '../../cache/pod_info.js';
import { podInfoOf } from '../../cache/pod_info.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SKIP, SUCCESS, unschedulable } from '../../framework/status.js';

/** The plugin's name. */
export const NAME = 'NodePorts';
/** Upstream's reason. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

/** Whether `a` and `b` cannot both be bound (0.0.0.0 overlaps every address). */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

/** Whether every wanted port is free among `used`. */
export function portsFit(wanted: readonly HostPort[], used: readonly HostPort[]): Status {
  for (const w of wanted) for (const u of used) if (portsConflict(w, u)) return unschedulable(ERR_REASON);
  return SUCCESS;
}

/** Builds the plugin. */
export function newNodePorts(_args: unknown, _h: Handle): PreFilterPlugin & FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    preFilter: (_s, pod) => ({ status: podInfoOf(pod).hostPorts.length === 0 ? SKIP : SUCCESS }),
    filter: (_s, pod, ni) => portsFit(podInfoOf(pod).hostPorts, ni.usedPorts),
    eventsToRegister: () => [
      { resource: 'AssignedPod', actions: ActionType.Delete },
      { resource: 'Node', actions: ActionType.Add | ActionType.UpdateOther },
    ],
  };
}
