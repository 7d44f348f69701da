/**
 * The scheduling loop (upstream's `scheduleOne`): pop a pod, run the synchronous cycle on a
 * fresh snapshot, assume the pod on the chosen node, Reserve and Permit, then bind
 * asynchronously (PreBind, Bind, PostBind) while the next pod is scheduled. Failures record a
 * FailedScheduling event and the PodScheduled=False condition, and requeue the pod.
 */
import type { Logger } from 'pino';
import { nowTimestamp } from '../api/object.js';
import type { Pod, PodCondition } from '../api/types/pod.js';
import type { Clock } from '../client/clock.js';
import type { EventRecorder } from '../client/event_recorder.js';
import { referenceTo } from '../client/event_recorder.js';
import type { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { SchedulerCache } from './cache/scheduler_cache.js';
import { Snapshot } from './cache/snapshot.js';
import type { CycleState } from './framework/cycle_state.js';
import type { ClusterEvent } from './framework/events.js';
import { ActionType } from './framework/events.js';
import type { Framework } from './framework/framework.js';
import type { QueuedPodInfo } from './framework/interfaces.js';
import { Code } from './framework/status.js';
import type { SchedulerMetrics } from './metrics.js';
import type { Nominator } from './queue/nominator.js';
import type { SchedulingQueue } from './queue/scheduling_queue.js';
import { ScheduleAlgorithm } from './schedule_algorithm.js';

/** The event of a pod deleted from a node (its room is free again). */
export const ASSIGNED_POD_DELETE: ClusterEvent = {
  resource: 'AssignedPod',
  actions: ActionType.Delete,
  label: 'AssignedPodDelete',
};

/** What the loop works with. */
export interface SchedulerCoreDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  nominator: Nominator;
  frameworks: Map<string, Framework>;
  pods: ResourceClient<Pod>;
  recorder: EventRecorder;
  metrics: SchedulerMetrics;
  clock: Clock;
  log: Logger;
  percentageOfNodesToScore: number;
  /** Bindings in flight at most (the rest wait). */
  maxBindingsInFlight?: number;
}

/** One scheduling failure's description. */
interface Failure {
  reason: 'Unschedulable' | 'SchedulerError';
  message: string;
  unschedulablePlugins: Set<string>;
  /** undefined: leave the nomination; '': clear it; a name: nominate. */
  nominatedNode?: string;
}

/** The scheduling loop and binding cycles. */
export class SchedulerCore {
  readonly snapshot = new Snapshot();
  private readonly algorithm: ScheduleAlgorithm;
  private bindingsInFlight = 0;
  private readonly bindWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly d: SchedulerCoreDeps) {
    this.algorithm = new ScheduleAlgorithm(d.percentageOfNodesToScore);
  }

  /** Runs until `signal` aborts (or the queue closes). */
  async run(signal: AbortSignal): Promise<void> {
    let lastYield = Date.now();
    const onAbort = () => this.d.queue.interrupt();
    signal.addEventListener('abort', onAbort, { once: true });
    while (!signal.aborted) {
      const q = await this.d.queue.pop();
      if (!q) break;
      if (signal.aborted) {
        // Stopped between pop and cycle: hand the pod back for whoever schedules next.
        q.unschedulablePlugins.clear();
        this.d.queue.addUnschedulableIfNotPresent(q, this.d.queue.cycle);
        break;
      }
      try {
        await this.scheduleOne(q);
      } catch (err) {
        this.d.log.error({ err, pod: q.key }, 'scheduling cycle failed');
        this.d.queue.done(q.key);
      }
      // Let informer events and binding answers in between cycles.
      if (Date.now() - lastYield > 5) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
    signal.removeEventListener('abort', onAbort);
  }

  /** Resolves once no binding is in flight. */
  whenIdle(): Promise<void> {
    if (this.bindingsInFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** One pod's scheduling cycle. */
  async scheduleOne(q: QueuedPodInfo): Promise<void> {
    const pod = this.d.queue.latest(q.key) ?? q.pod;
    q.pod = pod;
    const fwk = this.d.frameworks.get(pod.spec?.schedulerName ?? 'default-scheduler');
    if (!fwk || pod.metadata.deletionTimestamp || pod.spec?.nodeName || this.d.cache.isAssumed(pod)) {
      this.d.queue.done(q.key);
      return;
    }
    const start = this.d.clock.now();
    const state = fwk.newCycleState();
    const cycle = this.d.queue.cycle;
    this.d.cache.updateSnapshot(this.snapshot);
    const r = this.algorithm.schedule(fwk, state, pod, this.snapshot);
    if ('error' in r) {
      this.fail(fwk, q, cycle, start, {
        reason: 'SchedulerError',
        message: r.error.message(),
        unschedulablePlugins: new Set(),
      });
      return;
    }
    if ('fitError' in r) {
      const fe = r.fitError;
      let nominatedNode: string | undefined;
      if (fwk.plugins.postFilter.length > 0 && fe.numAllNodes > 0) {
        this.d.metrics.preemptionAttempts.inc();
        const pf = await fwk.runPostFilterPlugins(state, pod, fe.diagnosis.nodeToStatus);
        if (pf.status.code === Code.Error)
          this.d.log.warn({ pod: q.key, err: pf.status.message() }, 'post filter failed');
        else fe.diagnosis.postFilterMsg = pf.status.message();
        nominatedNode = pf.result?.nominatedNodeName;
      }
      this.fail(fwk, q, cycle, start, {
        reason: 'Unschedulable',
        message: fe.message,
        unschedulablePlugins: fe.diagnosis.unschedulablePlugins,
        nominatedNode,
      });
      return;
    }
    const host = r.host;
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
    this.d.cache.assumePod(assumed);
    this.d.nominator.delete(pod);
    const rs = fwk.runReservePluginsReserve(state, assumed, host);
    if (!rs.isSuccess()) {
      this.undo(fwk, state, assumed, host);
      this.fail(fwk, q, cycle, start, this.statusFailure(rs.code, rs.message(), rs.plugin));
      return;
    }
    const ps = fwk.runPermitPlugins(state, assumed, host);
    if (!ps.isSuccess() && ps.code !== Code.Wait) {
      this.undo(fwk, state, assumed, host);
      this.fail(fwk, q, cycle, start, this.statusFailure(ps.code, ps.message(), ps.plugin));
      return;
    }
    void this.bindingCycle(fwk, state, q, assumed, host, cycle, start);
  }

  private statusFailure(code: Code, message: string, plugin: string): Failure {
    const rejected = code === Code.Unschedulable || code === Code.UnschedulableAndUnresolvable;
    return {
      reason: rejected ? 'Unschedulable' : 'SchedulerError',
      message,
      unschedulablePlugins: rejected && plugin ? new Set([plugin]) : new Set(),
    };
  }

  private undo(fwk: Framework, state: CycleState, assumed: Pod, host: string): void {
    fwk.runReservePluginsUnreserve(state, assumed, host);
    this.d.cache.forgetPod(assumed);
  }

  private async acquireBindSlot(): Promise<void> {
    const max = this.d.maxBindingsInFlight ?? 256;
    while (this.bindingsInFlight >= max) await new Promise<void>((r) => this.bindWaiters.push(r));
    this.bindingsInFlight++;
  }

  private releaseBindSlot(): void {
    this.bindingsInFlight--;
    this.bindWaiters.shift()?.();
    if (this.bindingsInFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async bindingCycle(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: Pod,
    host: string,
    cycle: number,
    start: number,
  ): Promise<void> {
    await this.acquireBindSlot();
    try {
      let s = await fwk.waitOnPermit(assumed);
      if (s.isSuccess()) s = await fwk.runPreBindPlugins(state, assumed, host);
      if (s.isSuccess()) s = await fwk.runBindPlugins(state, assumed, host);
      if (!s.isSuccess()) {
        this.undo(fwk, state, assumed, host);
        // The room the pod held is free again.
        this.d.queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE);
        const f = this.statusFailure(s.code, s.message(), s.plugin);
        if (s.code === Code.Skip) f.message = 'no bind plugin bound the pod';
        this.fail(fwk, q, cycle, start, f);
        return;
      }
      const now = this.d.clock.now();
      this.d.metrics.observeAttempt(
        'scheduled',
        fwk.profileName,
        (now - start) / 1000,
        (now - q.initialAttemptTimestamp) / 1000,
      );
      this.d.recorder.event(
        referenceTo(assumed, Resources.pods),
        'Normal',
        'Scheduled',
        `Successfully assigned ${assumed.metadata.namespace}/${assumed.metadata.name} to ${host}`,
      );
      fwk.runPostBindPlugins(state, assumed, host);
      this.d.queue.done(q.key);
    } catch (err) {
      this.d.log.error({ err, pod: q.key }, 'binding cycle failed');
      this.d.queue.done(q.key);
    } finally {
      this.releaseBindSlot();
    }
  }

  /** Records a failed attempt: metrics, requeue, nomination, event and the pod's condition. */
  private fail(fwk: Framework, q: QueuedPodInfo, cycle: number, start: number, f: Failure): void {
    const now = this.d.clock.now();
    const result = f.reason === 'Unschedulable' ? 'unschedulable' : 'error';
    this.d.metrics.observeAttempt(
      result,
      fwk.profileName,
      (now - start) / 1000,
      (now - q.initialAttemptTimestamp) / 1000,
    );
    const latest = this.d.queue.latest(q.key);
    q.unschedulablePlugins = f.unschedulablePlugins;
    this.d.queue.addUnschedulableIfNotPresent(q, cycle);
    if (!latest) return; // deleted meanwhile
    const pod = latest;
    if (f.nominatedNode !== undefined) {
      if (f.nominatedNode) this.d.nominator.add(pod, f.nominatedNode);
      else this.d.nominator.delete(pod);
    }
    if (f.reason === 'Unschedulable')
      this.d.log.debug({ pod: q.key, msg: f.message }, 'unable to schedule pod');
    else this.d.log.warn({ pod: q.key, err: f.message }, 'error scheduling pod; retrying');
    this.d.recorder.event(referenceTo(pod, Resources.pods), 'Warning', 'FailedScheduling', f.message);
    void this.updatePodStatus(pod, f).catch((err: unknown) =>
      this.d.log.debug({ err, pod: q.key }, 'failed to update the PodScheduled condition'),
    );
  }

  private async updatePodStatus(pod: Pod, f: Failure): Promise<void> {
    const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nnn = f.nominatedNode;
    const condUnchanged = old?.status === 'False' && old.reason === f.reason && old.message === f.message;
    const nominationUnchanged = nnn === undefined || (pod.status?.nominatedNodeName ?? '') === nnn;
    if (condUnchanged && nominationUnchanged) return;
    const stamp = nowTimestamp(new Date(this.d.clock.now()));
    const cond: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: old?.status === 'False' ? (old.lastTransitionTime ?? stamp) : stamp,
      reason: f.reason,
      message: f.message,
    };
    const status: Record<string, unknown> = { conditions: [cond] };
    if (nnn !== undefined) status.nominatedNodeName = nnn || null;
    await this.d.pods.patch(
      pod.metadata.namespace ?? '',
      pod.metadata.name ?? '',
      'strategic',
      { status },
      { subresource: 'status' },
    );
  }
}
