/** PrioritySort: the active queue pops higher priority first, then the longer-waiting pod. */
import type { Handle } from '../../framework/handle.js';
import type { QueueSortPlugin, QueuedPodInfo } from '../../framework/interfaces.js';

/** The plugin's name. */
export const NAME = 'PrioritySort';

/** Whether `a` is popped before `b`: higher priority, then earlier queue timestamp. */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.timestamp < b.timestamp;
}

/** Builds the plugin. */
export function newPrioritySort(_args: unknown, _h: Handle): QueueSortPlugin {
  return { name: NAME, less: prioritySortLess };
}
