/**
 * One scheduling profile's plugins and the code that runs them at each extension point
 * (upstream's `frameworkImpl`). Plugin order is the configured order; the first rejecting Filter
 * decides a node's status; scores are normalised and weighted per plugin, then summed.
 */
import type { Pod } from '../../api/types/pod.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { NodeInfo } from '../cache/node_info.js';
import type { PodInfo } from '../cache/pod_info.js';
import { podInfoOf } from '../cache/pod_info.js';
import { CycleState } from './cycle_state.js';
import type { ClusterEvent } from './events.js';
import type { Handle } from './handle.js';
import type {
  BindPlugin,
  FilterPlugin,
  NodeScore,
  NodeToStatusMap,
  PermitPlugin,
  PostBindPlugin,
  PostFilterPlugin,
  PostFilterResult,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreFilterResult,
  PreScorePlugin,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from './interfaces.js';
import { Code, SUCCESS, Status, asStatus, newStatus } from './status.js';

/** A Score plugin with its weight. */
export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** The plugins of one profile, per extension point. */
export interface FrameworkPlugins {
  preEnqueue: PreEnqueuePlugin[];
  queueSort: QueueSortPlugin;
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: WeightedScorePlugin[];
  reserve: ReservePlugin[];
  permit: PermitPlugin[];
  preBind: PreBindPlugin[];
  bind: BindPlugin[];
  postBind: PostBindPlugin[];
  /** Events each plugin registered. */
  events: Map<string, ClusterEvent[]>;
}

/** The maximum score a plugin gives a node. */
export const MAX_NODE_SCORE = 100;

interface WaitingPod {
  pending: Set<string>;
  resolve(s: Status): void;
  timers: (() => void)[];
}

/** A profile's framework. */
export class Framework {
  private readonly waiting = new Map<string, WaitingPod>();
  private readonly clock: Clock;

  constructor(
    readonly profileName: string,
    readonly plugins: FrameworkPlugins,
    readonly handle: Handle,
    /** The profile's percentageOfNodesToScore (undefined: the global one). */
    readonly percentageOfNodesToScore?: number,
  ) {
    handle.framework ??= this;
    this.clock = handle.clock ?? realClock;
  }

  /** Whether any Score plugin is configured. */
  hasScorePlugins(): boolean {
    return this.plugins.score.length > 0;
  }

  /** Runs PreEnqueue plugins; the first non-success holds the pod back. */
  runPreEnqueuePlugins(pod: Pod): Status {
    for (const p of this.plugins.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (!s.isSuccess()) return new Status(s.code === Code.Error ? Code.Error : s.code, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Runs PreFilter plugins, intersecting their node results. */
  runPreFilterPlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status: Status } {
    let result: PreFilterResult | undefined;
    for (const p of this.plugins.preFilter) {
      let r: { result?: PreFilterResult; status: Status };
      try {
        r = p.preFilter(state, pod, nodes);
      } catch (err) {
        return { status: asStatus(err).withPlugin(p.name) };
      }
      if (r.status.isSkip()) {
        state.skipFilterPlugins.add(p.name);
        state.activeFilters = undefined;
        continue;
      }
      if (!r.status.isSuccess()) {
        const code = r.status.isRejected() ? r.status.code : Code.Error;
        return { status: new Status(code, r.status.reasons, p.name) };
      }
      if (r.result?.nodeNames) {
        if (!result?.nodeNames) result = { nodeNames: new Set(r.result.nodeNames) };
        else for (const n of result.nodeNames) if (!r.result.nodeNames.has(n)) result.nodeNames.delete(n);
        if (result.nodeNames!.size === 0) {
          return {
            result,
            status: new Status(
              Code.UnschedulableAndUnresolvable,
              ["node(s) didn't satisfy plugin(s) [" + p.name + '] simultaneously'],
              p.name,
            ),
          };
        }
      }
    }
    return { result, status: SUCCESS };
  }

  /** Tells PreFilter extensions that `added` joins `nodeInfo` (a what-if copy). */
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, added: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.plugins.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, pod, added, nodeInfo);
      if (!s.isSuccess()) return new Status(Code.Error, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Tells PreFilter extensions that `removed` leaves `nodeInfo` (a what-if copy). */
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, removed: PodInfo, nodeInfo: NodeInfo): Status {
    for (const p of this.plugins.preFilter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, pod, removed, nodeInfo);
      if (!s.isSuccess()) return new Status(Code.Error, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Runs Filter plugins on one node; the first rejection is the node's status. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    let active = state.activeFilters as FilterPlugin[] | undefined;
    if (!active) {
      active = this.plugins.filter.filter((p) => !state.skipFilterPlugins.has(p.name));
      state.activeFilters = active;
    }
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      let s: Status;
      try {
        s = p.filter(state, pod, nodeInfo);
      } catch (err) {
        return asStatus(err).withPlugin(p.name);
      }
      if (s.code === Code.Success) continue;
      if (!s.isRejected()) return new Status(Code.Error, s.reasons, p.name);
      return s.plugin === p.name ? s : new Status(s.code, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /**
   * Runs Filter plugins as if the pods nominated to the node with at least the pod's priority
   * were there; a node passes only if it passes both with and without them (upstream's
   * `RunFilterPluginsWithNominatedPods`).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const nominated = this.handle.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const prio = this.handle.podPriority(pod);
    const uid = pod.metadata.uid;
    let added = false;
    let nodeCopy = nodeInfo;
    let stateCopy = state;
    for (const pi of nominated) {
      if (pi.pod.metadata.uid === uid || this.handle.podPriority(pi.pod) < prio) continue;
      if (!added) {
        nodeCopy = nodeInfo.clone();
        stateCopy = state.clone();
        added = true;
      }
      nodeCopy.addPod(pi);
      const s = this.runPreFilterExtensionAddPod(stateCopy, pod, pi, nodeCopy);
      if (!s.isSuccess()) return s;
    }
    const s = this.runFilterPlugins(stateCopy, pod, nodeCopy);
    if (!added || !s.isSuccess()) return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /** Runs PostFilter plugins until one makes the pod schedulable (a nomination). */
  async runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    statuses: NodeToStatusMap,
  ): Promise<{ result?: PostFilterResult; status: Status }> {
    const reasons: string[] = [];
    let result: PostFilterResult | undefined;
    for (const p of this.plugins.postFilter) {
      let r: { result?: PostFilterResult; status: Status };
      try {
        r = await p.postFilter(state, pod, statuses);
      } catch (err) {
        return { status: asStatus(err).withPlugin(p.name) };
      }
      if (r.status.isSuccess()) return { result: r.result, status: r.status.withPlugin(p.name) };
      if (!r.status.isRejected()) return { status: new Status(Code.Error, r.status.reasons, p.name) };
      reasons.push(...r.status.reasons);
      if (r.result?.nominatedNodeName !== undefined) result = r.result;
    }
    return { result, status: new Status(Code.Unschedulable, reasons) };
  }

  /** Runs PreScore plugins; Skip disables the plugin's Score. */
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const p of this.plugins.preScore) {
      let s: Status;
      try {
        s = p.preScore(state, pod, nodes);
      } catch (err) {
        return asStatus(err).withPlugin(p.name);
      }
      if (s.isSkip()) state.skipScorePlugins.add(p.name);
      else if (!s.isSuccess()) return new Status(Code.Error, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Scores every node with every Score plugin; returns the weighted totals in node order. */
  runScorePlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { totals: NodeScore[]; status: Status } {
    const totals: NodeScore[] = nodes.map((n) => ({ name: n.name, score: 0 }));
    // One buffer serves every plugin: each plugin's scores are summed before the next runs.
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: 0 }));
    for (const { plugin, weight } of this.plugins.score) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      try {
        for (let i = 0; i < nodes.length; i++) {
          const sc = scores[i]!;
          sc.name = totals[i]!.name;
          sc.score = plugin.score(state, pod, nodes[i]!);
        }
      } catch (err) {
        return { totals, status: asStatus(err).withPlugin(plugin.name) };
      }
      if (plugin.normalizeScore) {
        const s = plugin.normalizeScore(state, pod, scores);
        if (!s.isSuccess()) return { totals, status: new Status(Code.Error, s.reasons, plugin.name) };
      }
      for (let i = 0; i < scores.length; i++) {
        const sc = scores[i]!.score;
        if (sc > MAX_NODE_SCORE || sc < 0)
          return {
            totals,
            status: newStatus(
              Code.Error,
              `plugin "${plugin.name}" returns an invalid score ${sc}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`,
            ),
          };
        totals[i]!.score += sc * weight;
      }
    }
    return { totals, status: SUCCESS };
  }

  /** Runs Reserve plugins; on failure the caller runs `runReservePluginsUnreserve`. */
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const p of this.plugins.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (!s.isSuccess()) return new Status(s.isRejected() ? s.code : Code.Error, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Runs Unreserve of every Reserve plugin, in reverse order. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.plugins.reserve.length - 1; i >= 0; i--) {
      try {
        this.plugins.reserve[i]!.unreserve(state, pod, nodeName);
      } catch (err) {
        this.handle.log.error({ err, plugin: this.plugins.reserve[i]!.name }, 'unreserve failed');
      }
    }
  }

  /** Runs Permit plugins; a Wait registers the pod as waiting (see `waitOnPermit`). */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status {
    const waits = new Map<string, number>();
    for (const p of this.plugins.permit) {
      const { status, timeoutMs } = p.permit(state, pod, nodeName);
      if (status.code === Code.Wait) {
        waits.set(p.name, Math.min(timeoutMs, 15 * 60_000));
        continue;
      }
      if (!status.isSuccess())
        return new Status(status.isRejected() ? status.code : Code.Error, status.reasons, p.name);
    }
    if (waits.size === 0) return SUCCESS;
    const uid = pod.metadata.uid ?? '';
    const wp: WaitingPod = { pending: new Set(waits.keys()), resolve: () => undefined, timers: [] };
    const done = new Promise<Status>((resolve) => (wp.resolve = resolve));
    for (const [plugin, ms] of waits) {
      const t = this.clock.setTimer(
        () =>
          this.rejectWaitingPod(
            uid,
            plugin,
            `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`,
          ),
        ms,
      );
      wp.timers.push(() => t.cancel());
    }
    this.waiting.set(uid, wp);
    (wp as WaitingPod & { done: Promise<Status> }).done = done;
    return new Status(Code.Wait);
  }

  /** Resolves when a waiting pod is allowed by every waiting plugin, or rejected. */
  async waitOnPermit(pod: Pod): Promise<Status> {
    const wp = this.waiting.get(pod.metadata.uid ?? '') as
      (WaitingPod & { done: Promise<Status> }) | undefined;
    if (!wp) return SUCCESS;
    return wp.done;
  }

  /** A plugin allows a waiting pod. */
  allowWaitingPod(uid: string, plugin: string): void {
    const wp = this.waiting.get(uid);
    if (!wp) return;
    wp.pending.delete(plugin);
    if (wp.pending.size > 0) return;
    this.finishWaiting(uid, wp, SUCCESS);
  }

  /** A plugin rejects a waiting pod. */
  rejectWaitingPod(uid: string, plugin: string, msg: string): void {
    const wp = this.waiting.get(uid);
    if (wp) this.finishWaiting(uid, wp, new Status(Code.Unschedulable, [msg], plugin));
  }

  private finishWaiting(uid: string, wp: WaitingPod, s: Status): void {
    this.waiting.delete(uid);
    for (const c of wp.timers) c();
    wp.resolve(s);
  }

  /** Runs PreBind plugins in order. */
  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    for (const p of this.plugins.preBind) {
      let s: Status;
      try {
        s = await p.preBind(state, pod, nodeName);
      } catch (err) {
        return asStatus(err).withPlugin(p.name);
      }
      if (!s.isSuccess()) return new Status(s.isRejected() ? s.code : Code.Error, s.reasons, p.name);
    }
    return SUCCESS;
  }

  /** Runs Bind plugins until one does not Skip. */
  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    for (const p of this.plugins.bind) {
      let s: Status;
      try {
        s = await p.bind(state, pod, nodeName);
      } catch (err) {
        return asStatus(err).withPlugin(p.name);
      }
      if (s.isSkip()) continue;
      return s.isSuccess() ? s : new Status(s.isRejected() ? s.code : Code.Error, s.reasons, p.name);
    }
    return newStatus(Code.Skip);
  }

  /** Runs PostBind plugins. */
  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const p of this.plugins.postBind) {
      try {
        p.postBind(state, pod, nodeName);
      } catch (err) {
        this.handle.log.error({ err, plugin: p.name }, 'postbind failed');
      }
    }
  }

  /** The PodInfo of a pod (memoised). */
  podInfo(pod: Pod): PodInfo {
    return podInfoOf(pod);
  }

  /** A fresh cycle state. */
  newCycleState(): CycleState {
    return new CycleState();
  }
}
