/**
 * Cluster events that can make unschedulable pods schedulable (upstream's `framework.ClusterEvent`):
 * a resource and an action. Plugins register the events that may help the pods they reject; the
 * queue moves a pod back only on an event one of its rejecting plugins registered.
 */

/** Resources whose changes the scheduler watches. */
export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | '*';

/** Action bits. */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdatePodLabel: 64,
  UpdatePodScaleDown: 128,
  UpdatePodTolerations: 256,
  UpdatePodSchedulingGatesEliminated: 512,
  UpdateOther: 1024,
} as const;

/** Every update bit. */
export const UPDATE_ALL =
  ActionType.UpdateNodeAllocatable |
  ActionType.UpdateNodeLabel |
  ActionType.UpdateNodeTaint |
  ActionType.UpdateNodeCondition |
  ActionType.UpdatePodLabel |
  ActionType.UpdatePodScaleDown |
  ActionType.UpdatePodTolerations |
  ActionType.UpdatePodSchedulingGatesEliminated |
  ActionType.UpdateOther;

/** Every action. */
export const ALL_ACTIONS = ActionType.Add | ActionType.Delete | UPDATE_ALL;

/** A resource and the actions on it; `label` names it in logs and metrics. */
export interface ClusterEvent {
  resource: EventResource;
  actions: number;
  label?: string;
}

/** Whether a registered event `reg` covers the event `ev` that happened. */
export function eventMatches(reg: ClusterEvent, ev: ClusterEvent): boolean {
  if (reg.resource === '*' && reg.actions === ALL_ACTIONS) return true;
  if (reg.resource !== '*' && reg.resource !== ev.resource) {
    // A plugin registered for Pod hears assigned and unscheduled pods alike.
    if (!(reg.resource === 'Pod' && (ev.resource === 'AssignedPod' || ev.resource === 'UnscheduledPod')))
      return false;
  }
  return (reg.actions & ev.actions) !== 0;
}

/** The event of "something changed we cannot classify": matches every pod's plugins. */
export const WILDCARD_EVENT: ClusterEvent = { resource: '*', actions: ALL_ACTIONS, label: 'WildCardEvent' };

/** Unschedulable pods moved periodically after too long in the pool. */
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = {
  resource: '*',
  actions: ALL_ACTIONS,
  label: 'UnschedulableTimeout',
};
