/**
 * The kubelet's side of node health: it registers the Node (or takes over an existing one of
 * its name), posts the node status every 10 s when something changed and at least every 5 min,
 * and renews its Lease in kube-node-lease every 10 s — what the node lifecycle controller reads.
 */
import type { Logger } from 'pino';
import { nowMicroTimestamp } from '../api/object.js';
import { StatusError } from '../api/status_error.js';
import type { Lease } from '../api/types/cluster.js';
import type { Node, NodeStatus } from '../api/types/node.js';
import type { Clock } from '../client/clock.js';
import { sleep } from '../client/clock.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import type { NodeStatusInput } from './node_status.js';
import { nodeForRegistration, nodeStatus, nodeStatusChanged } from './node_status.js';

/** Upstream's defaults. */
export const NODE_STATUS_UPDATE_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
export const NODE_LEASE_DURATION_SECONDS = 40;
export const NODE_LEASE_RENEW_MS = 10_000;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Options of the reporter. */
export interface NodeReporterOptions {
  rest: RestClient;
  log: Logger;
  clock: Clock;
  labels: Record<string, string>;
  taints: NonNullable<Node['spec']>['taints'];
  /** The current status inputs (runtime state, images, time). */
  input(): Promise<NodeStatusInput>;
  statusUpdateMs?: number;
  leaseRenewMs?: number;
}

/** Registers the node and keeps its status and lease current. */
export class NodeReporter {
  private readonly nodes: ResourceClient<Node>;
  private readonly leases: ResourceClient<Lease>;
  private lastPosted: NodeStatus | undefined;
  private lastPostAt = 0;
  private node: Node | undefined;
  private kickWaiter: (() => void) | undefined;

  constructor(private readonly opts: NodeReporterOptions) {
    this.nodes = new ResourceClient(opts.rest, Resources.nodes);
    this.leases = new ResourceClient(opts.rest, Resources.leases);
  }

  /** The node as last written or read. */
  get current(): Node | undefined {
    return this.node;
  }

  /** Creates the Node, or adopts the existing one (its labels merged with ours, its status replaced). */
  async register(): Promise<Node> {
    const input = await this.opts.input();
    const want = nodeForRegistration(input, this.opts.labels, this.opts.taints);
    try {
      this.node = await this.nodes.create(want);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
      const existing = await this.nodes.get('', input.nodeName);
      const labels = { ...(existing.metadata.labels ?? {}), ...this.opts.labels };
      this.node = await this.nodes.patch('', input.nodeName, 'merge', { metadata: { labels } });
    }
    await this.postStatus(true);
    return this.node!;
  }

  /** Posts the status now if it changed (or when `force`). */
  async postStatus(force = false): Promise<void> {
    const input = await this.opts.input();
    const status = nodeStatus(input, this.lastPosted?.conditions ?? this.node?.status?.conditions);
    const due = input.nowMs - this.lastPostAt >= NODE_STATUS_REPORT_MS;
    if (!force && !due && !nodeStatusChanged(this.lastPosted, status)) return;
    this.node = await this.nodes.patch('', input.nodeName, 'merge', { status }, { subresource: 'status' });
    this.lastPosted = status;
    this.lastPostAt = input.nowMs;
  }

  /** Asks the status loop to check now (the runtime's state changed). */
  kick(): void {
    this.kickWaiter?.();
  }

  /** Runs the status and lease loops until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.statusLoop(signal), this.leaseLoop(signal)]);
  }

  private async statusLoop(signal: AbortSignal): Promise<void> {
    const every = this.opts.statusUpdateMs ?? NODE_STATUS_UPDATE_MS;
    while (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const t = this.opts.clock.setTimer(resolve, every, { unref: true });
        this.kickWaiter = () => {
          t.cancel();
          resolve();
        };
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      this.kickWaiter = undefined;
      if (signal.aborted) return;
      await this.postStatus().catch((err: unknown) =>
        this.opts.log.warn({ err: (err as Error).message }, 'node status update failed'),
      );
    }
  }

  private async leaseLoop(signal: AbortSignal): Promise<void> {
    const every = this.opts.leaseRenewMs ?? NODE_LEASE_RENEW_MS;
    while (!signal.aborted) {
      await this.renewLease().catch((err: unknown) =>
        this.opts.log.warn({ err: (err as Error).message }, 'node lease renewal failed'),
      );
      await sleep(every, signal, this.opts.clock).catch(() => undefined);
    }
  }

  /** Creates or renews the node's Lease. */
  async renewLease(): Promise<void> {
    const node = this.node;
    if (!node) return;
    const name = node.metadata.name ?? '';
    const renewTime = nowMicroTimestamp(new Date(this.opts.clock.now()));
    const spec = { holderIdentity: name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
    try {
      const cur = await this.leases.get(NODE_LEASE_NAMESPACE, name);
      await this.leases.update({ ...cur, spec: { ...cur.spec, ...spec } });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
      await this.leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name,
          namespace: NODE_LEASE_NAMESPACE,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
        },
        spec,
      });
    }
  }
}
