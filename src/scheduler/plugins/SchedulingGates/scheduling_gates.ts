/** SchedulingGates: a pod with `spec.schedulingGates` waits outside the active queue until they are removed. */
import type { Pod } from '../../../api/types/pod.js';
import { ActionType } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';
import { SUCCESS, unresolvable } from '../../framework/status.js';

/** The plugin's name. */
export const NAME = 'SchedulingGates';

/** Success when the pod has no gates, else UnschedulableAndUnresolvable naming them as upstream. */
export function checkSchedulingGates(pod: Pod): Status {
  const gates = pod.spec?.schedulingGates ?? [];
  if (gates.length === 0) return SUCCESS;
  return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
}

/** Builds the plugin. */
export function newSchedulingGates(_args: unknown, _h: Handle): PreEnqueuePlugin & EnqueueExtensions {
  return {
    name: NAME,
    preEnqueue: checkSchedulingGates,
    eventsToRegister: () => [
      { resource: 'UnscheduledPod', actions: ActionType.UpdatePodSchedulingGatesEliminated },
    ],
  };
}
