/**
 * Informer events into the scheduler (upstream's `eventhandlers.go`): pending pods of a known
 * profile go to the queue, bound pods to the cache; node, pod and volume changes move the
 * unschedulable pods that the change may help.
 */
import type { KubeObject } from '../api/object.js';
import { deepEqual } from '../api/object.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import type { InformerHandler } from '../client/informer.js';
import type { SchedulerCache } from './cache/scheduler_cache.js';
import type { ClusterEvent, EventResource } from './framework/events.js';
import { ActionType } from './framework/events.js';
import type { Nominator } from './queue/nominator.js';
import type { SchedulingQueue } from './queue/scheduling_queue.js';
import { ASSIGNED_POD_DELETE } from './scheduler_core.js';

/** Whether a pod has finished (its resources are free). */
export function isTerminal(pod: Pod): boolean {
  const p = pod.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

const ASSIGNED_POD_ADD: ClusterEvent = {
  resource: 'AssignedPod',
  actions: ActionType.Add,
  label: 'AssignedPodAdd',
};

/** The pod handler: `responsible` tells whether a profile of this scheduler serves the pod. */
export function podHandler(
  cache: SchedulerCache,
  queue: SchedulingQueue,
  nominator: Nominator,
  responsible: (pod: Pod) => boolean,
): InformerHandler<Pod> {
  const assigned = (p: Pod) => !!p.spec?.nodeName;
  const pending = (p: Pod) => !assigned(p) && !isTerminal(p) && responsible(p);
  return {
    onAdd(pod) {
      if (assigned(pod)) {
        if (isTerminal(pod)) return;
        cache.addPod(pod);
        queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_ADD);
      } else if (pending(pod)) {
        queue.add(pod);
        if (pod.status?.nominatedNodeName) nominator.add(pod);
      }
    },
    onUpdate(oldPod, newPod) {
      if (assigned(newPod)) {
        if (!assigned(oldPod)) {
          queue.delete(newPod);
          nominator.delete(newPod);
        }
        if (isTerminal(newPod)) {
          if (!isTerminal(oldPod) || cache.nodeOf(newPod) !== undefined) {
            cache.removePod(newPod);
            queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE);
          }
          return;
        }
        cache.updatePod(newPod);
        if (!assigned(oldPod)) queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_ADD);
        else if (!deepEqual(oldPod.metadata.labels ?? {}, newPod.metadata.labels ?? {}))
          queue.moveAllToActiveOrBackoffQueue({
            resource: 'AssignedPod',
            actions: ActionType.UpdatePodLabel,
          });
        return;
      }
      // A pod this scheduler has assumed is being bound: its update is not a new attempt (upstream
      // skips it too), or the pod would be scheduled twice before the binding is seen.
      if (cache.isAssumed(newPod)) return;
      if (pending(newPod)) {
        queue.update(oldPod, newPod);
        nominator.update(oldPod, newPod);
      } else {
        queue.delete(newPod);
        nominator.delete(newPod);
      }
    },
    onDelete(pod) {
      if (assigned(pod) || cache.nodeOf(pod) !== undefined) {
        cache.removePod(pod);
        queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE);
      }
      queue.delete(pod);
      nominator.delete(pod);
    },
  };
}

/** The update actions a node change amounts to (0 when nothing scheduling-relevant changed). */
export function nodeUpdateActions(a: Node, b: Node): number {
  let actions = 0;
  if (!deepEqual(a.status?.allocatable ?? {}, b.status?.allocatable ?? {}))
    actions |= ActionType.UpdateNodeAllocatable;
  if (!deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {})) actions |= ActionType.UpdateNodeLabel;
  if (
    !deepEqual(a.spec?.taints ?? [], b.spec?.taints ?? []) ||
    !!a.spec?.unschedulable !== !!b.spec?.unschedulable
  )
    actions |= ActionType.UpdateNodeTaint;
  const conds = (n: Node) => (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  if (conds(a) !== conds(b)) actions |= ActionType.UpdateNodeCondition;
  if (!deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {}))
    actions |= ActionType.UpdateOther;
  if (!deepEqual(a.status?.images ?? [], b.status?.images ?? [])) actions |= ActionType.UpdateOther;
  return actions;
}

/** The node handler. */
export function nodeHandler(cache: SchedulerCache, queue: SchedulingQueue): InformerHandler<Node> {
  return {
    onAdd(node) {
      cache.setNode(node);
      queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions: ActionType.Add, label: 'NodeAdd' });
    },
    onUpdate(oldNode, newNode) {
      cache.setNode(newNode);
      const actions = nodeUpdateActions(oldNode, newNode);
      if (actions) queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actions });
    },
    onDelete(node) {
      cache.removeNode(node);
      queue.moveAllToActiveOrBackoffQueue({
        resource: 'Node',
        actions: ActionType.Delete,
        label: 'NodeDelete',
      });
    },
  };
}

/** A handler that moves pods on any add or change of a `resource` object. */
export function moveOnChange<T extends KubeObject>(
  queue: SchedulingQueue,
  resource: EventResource,
): InformerHandler<T> {
  return {
    onAdd: () => queue.moveAllToActiveOrBackoffQueue({ resource, actions: ActionType.Add }),
    onUpdate: () => queue.moveAllToActiveOrBackoffQueue({ resource, actions: ActionType.UpdateOther }),
    onDelete: () => queue.moveAllToActiveOrBackoffQueue({ resource, actions: ActionType.Delete }),
  };
}
