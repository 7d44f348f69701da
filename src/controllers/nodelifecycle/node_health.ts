/**
 * Node health as upstream's node lifecycle controller judges it: a node is heard from when its
 * Ready condition's heartbeat or its Lease's renewTime changes (times observed on the
 * controller's own clock, so clock skew does not matter); silent longer than the grace period,
 * its conditions become Unknown. The taints follow the conditions: NoExecute not-ready and
 * unreachable for eviction, and the NoSchedule taints of conditions and unschedulable nodes.
 */
import { nowTimestamp } from '../../api/object.js';
import type { Lease } from '../../api/types/cluster.js';
import type { Node, NodeCondition, Taint } from '../../api/types/node.js';

/** The taint of a node whose Ready condition is False. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** The taint of a node whose Ready condition is Unknown. */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The taint of a node marked unschedulable. */
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Conditions set to Unknown when the kubelet goes silent (`nodeConditionTypes`). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** NoSchedule taints by condition and status (`nodeConditionToTaintKeyStatusMap`). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const NO_SCHEDULE_KEYS = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
  TAINT_UNSCHEDULABLE,
]);
const NO_EXECUTE_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

/** What the controller last heard from a node. */
export interface HealthRecord {
  heartbeat?: string | null;
  leaseRenew?: string | null;
  /** When (controller clock, ms) the node was last heard from. */
  probeAt: number;
  /** The Ready status last seen, to record transitions. */
  readyStatus?: string;
}

/** The node's condition of `type`. */
export function condition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/** The record after observing `node` and its `lease` at `now`. */
export function observe(
  prev: HealthRecord | undefined,
  node: Node,
  lease: Lease | undefined,
  now: number,
): HealthRecord {
  const heartbeat = condition(node, 'Ready')?.lastHeartbeatTime;
  const leaseRenew = lease?.spec?.renewTime;
  if (!prev) return { heartbeat, leaseRenew, probeAt: now };
  if (prev.heartbeat !== heartbeat || prev.leaseRenew !== leaseRenew)
    return { ...prev, heartbeat, leaseRenew, probeAt: now };
  return prev;
}

/**
 * The node's conditions once it has been silent past the grace period: the monitored ones
 * Unknown (`NodeStatusUnknown`, or `NodeStatusNeverUpdated` when the kubelet never posted
 * them), heartbeats kept, transition times moved. Undefined when nothing changes.
 */
export function unknownConditions(node: Node, now: number): NodeCondition[] | undefined {
  const ts = nowTimestamp(new Date(now));
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of MONITORED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp ?? ts,
        lastTransitionTime: ts,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = ts;
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

/**
 * The node's taints as they should be: the managed taints its conditions and unschedulable
 * flag warrant (NoExecute ones stamped with `timeAdded`, kept when already there), the
 * others left as they are. Undefined when nothing changes.
 */
export function desiredTaints(node: Node, now: number): Taint[] | undefined {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = condition(node, 'Ready')?.status;
  if (ready === 'False') want.push({ key: TAINT_NOT_READY, effect: 'NoExecute' });
  if (ready === 'Unknown') want.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });

  const current = node.spec?.taints ?? [];
  const managed = (t: Taint) =>
    (t.effect === 'NoSchedule' && NO_SCHEDULE_KEYS.has(t.key)) ||
    (t.effect === 'NoExecute' && NO_EXECUTE_KEYS.has(t.key));
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const next = current.filter((t) => !managed(t) || want.some((w) => same(w, t)));
  for (const w of want) {
    if (next.some((t) => same(t, w))) continue;
    next.push(w.effect === 'NoExecute' ? { ...w, timeAdded: nowTimestamp(new Date(now)) } : w);
  }
  const changed = next.length !== current.length || next.some((t, i) => t !== current[i]);
  return changed ? next : undefined;
}
