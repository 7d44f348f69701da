/**
 * The pod table, as upstream's `printPod`: READY counts, the STATUS reason derived from the
 * container states (`ContainerCreating`, `CrashLoopBackOff`, `Init:0/1`, `Completed`,
 * `Terminating`, …) and RESTARTS with the time of the last restart (`3 (25s ago)`).
 */
import type { KubeObject } from '../../../api/object.js';
import type { PrinterColumn } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge, since } from './cells.js';
import { num, rec, recs, str } from '../../../api/json_fields.js';

/** The pod columns; the last four only with `-o wide`. */
export const POD_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'The aggregate status of the containers in this pod.'),
  col(
    'Restarts',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE_COLUMN,
  col('IP', undefined, true),
  col('Node', undefined, true),
  col('Nominated Node', undefined, true),
  col('Readiness Gates', undefined, true),
];

/** `node.NodeUnreachablePodReason`: the reason the node lifecycle controller sets. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** `podutil.IsRestartableInitContainer`: an init container with `restartPolicy: Always` (a sidecar). */
export function isRestartableInitContainer(c: Record<string, unknown> | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function conditionTrue(status: Record<string, unknown>, type: string): boolean {
  return recs(status.conditions).some((c) => c.type === type && c.status === 'True');
}

/** The later of a running maximum and a container's last termination time. */
function laterTermination(current: string, container: Record<string, unknown>): string {
  const finished = str(rec(rec(container.lastState).terminated).finishedAt);
  if (finished && (current === '' || Date.parse(finished) > Date.parse(current))) return finished;
  return current;
}

/** The READY, STATUS and RESTARTS cells of a pod. */
export function podStatusCells(
  pod: KubeObject,
  now: Date,
): { ready: string; reason: string; restarts: string } {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const initSpecs = recs(spec.initContainers);
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = recs(spec.containers).length;
  let ready = 0;
  let lastRestart = '';
  let lastSidecarRestart = '';
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;

  for (const c of recs(status.conditions)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, Record<string, unknown>>();
  for (const c of initSpecs) {
    initByName.set(str(c.name), c);
    if (isRestartableInitContainer(c)) total++;
  }

  let initializing = false;
  const initStatuses = recs(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += num(c.restartCount);
    lastRestart = laterTermination(lastRestart, c);
    const sidecar = isRestartableInitContainer(initByName.get(str(c.name)));
    if (sidecar) {
      sidecarRestarts += num(c.restartCount);
      lastSidecarRestart = laterTermination(lastSidecarRestart, c);
    }
    const state = rec(c.state);
    const terminated =
      state.terminated === undefined || state.terminated === null ? undefined : rec(state.terminated);
    const waiting = state.waiting === undefined || state.waiting === null ? undefined : rec(state.waiting);
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    if (terminated) {
      const r = str(terminated.reason);
      if (r === '') {
        reason =
          num(terminated.signal) !== 0
            ? `Init:Signal:${num(terminated.signal)}`
            : `Init:ExitCode:${num(terminated.exitCode)}`;
      } else {
        reason = `Init:${r}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = recs(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += num(c.restartCount);
      lastRestart = laterTermination(lastRestart, c);
      const state = rec(c.state);
      const waiting = rec(state.waiting);
      const terminated =
        state.terminated === undefined || state.terminated === null ? undefined : rec(state.terminated);
      if (str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== '') {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason =
          num(terminated.signal) !== 0
            ? `Signal:${num(terminated.signal)}`
            : `ExitCode:${num(terminated.exitCode)}`;
      } else if (c.ready === true && state.running !== undefined && state.running !== null) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  const restartsText =
    restarts !== 0 && lastRestart !== '' ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, reason, restarts: restartsText };
}

/** One row of the pod table (all columns; kubectl hides the wide ones). */
export function printPod(pod: KubeObject, now: Date): unknown[] {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const { ready, reason, restarts } = podStatusCells(pod, now);
  const podIP = str(recs(status.podIPs)[0]?.ip) || str(status.podIP) || '<none>';
  const nodeName = str(spec.nodeName) || '<none>';
  const nominated = str(status.nominatedNodeName) || '<none>';
  let gates = '<none>';
  const readinessGates = recs(spec.readinessGates);
  if (readinessGates.length > 0) {
    let trueConditions = 0;
    for (const gate of readinessGates) {
      const cond = recs(status.conditions).find((c) => c.type === gate.conditionType);
      if (cond?.status === 'True') trueConditions++;
    }
    gates = `${trueConditions}/${readinessGates.length}`;
  }
  return [
    pod.metadata.name ?? '',
    ready,
    reason,
    restarts,
    objectAge(pod, now),
    podIP,
    nodeName,
    nominated,
    gates,
  ];
}
