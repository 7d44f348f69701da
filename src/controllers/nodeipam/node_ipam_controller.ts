/**
 * The nodeipam controller with upstream's range allocator: every node gets a podCIDR (and
 * podCIDRs, one per family of a dual-stack `clusterCIDR`) of `/nodeCIDRMaskSize` (/64 for IPv6)
 * from the cluster CIDR, never twice the same; allocations found on nodes are respected after a
 * restart and released when their node is deleted. An exhausted range gets the node a
 * CIDRNotAvailable event and retries with backoff.
 */
import { StatusError } from '../../api/status_error.js';
import type { Node } from '../../api/types/node.js';
import type { EventRecorder } from '../../client/event_recorder.js';
import { referenceTo } from '../../client/event_recorder.js';
import type { ObjectCache } from '../../client/object_cache.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import { Controller } from '../../controller/controller.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller/controller_context.js';
import type { Reconciler, Request } from '../../controller/reconciler.js';
import { CIDR_RANGE_EXHAUSTED, CidrSet } from './cidr_set.js';

/** Upstream's default `--node-cidr-mask-size-ipv6`. */
export const DEFAULT_IPV6_MASK_SIZE = 64;

/** The CIDR sets of a (possibly dual-stack, comma-separated) cluster CIDR. */
export function cidrSetsFor(clusterCIDR: string, ipv4MaskSize: number): CidrSet[] {
  return clusterCIDR
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map((c) => new CidrSet(c, c.includes(':') ? DEFAULT_IPV6_MASK_SIZE : ipv4MaskSize));
}

/** The podCIDRs a node carries. */
export function podCIDRsOf(node: Node): string[] {
  if (node.spec?.podCIDRs?.length) return node.spec.podCIDRs;
  return node.spec?.podCIDR ? [node.spec.podCIDR] : [];
}

/** Allocates node podCIDRs. */
export class NodeIpamReconciler implements Reconciler {
  /** What each node (by name) was given, with the uid of the node it was given to. */
  private readonly byNode = new Map<string, { uid?: string; cidrs: string[] }>();
  private loaded = false;

  constructor(
    private readonly sets: CidrSet[],
    private readonly nodes: Pick<ObjectCache<Node>, 'get' | 'list'>,
    private readonly client: Pick<ResourceClient<Node>, 'update'>,
    private readonly recorder?: EventRecorder,
  ) {}

  /** Marks the CIDRs of every known node as used (once, after the informer synced). */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const n of this.nodes.list()) this.occupy(n);
  }

  private occupy(node: Node): void {
    const cidrs = podCIDRsOf(node);
    for (const c of cidrs) this.sets.find((s) => s.matchesFamily(c))?.occupy(c);
    this.byNode.set(node.metadata.name!, { uid: node.metadata.uid, cidrs });
  }

  private release(name: string): void {
    for (const c of this.byNode.get(name)?.cidrs ?? []) this.sets.find((s) => s.matchesFamily(c))?.release(c);
    this.byNode.delete(name);
  }

  async reconcile(req: Request): Promise<void> {
    this.load();
    const node = this.nodes.get(req.name);
    if (!node) {
      this.release(req.name);
      return;
    }
    if (podCIDRsOf(node).length > 0) {
      const known = this.byNode.get(req.name);
      if (!known || known.uid !== node.metadata.uid || known.cidrs.join() !== podCIDRsOf(node).join()) {
        this.release(req.name);
        this.occupy(node);
      }
      return;
    }
    let rec = this.byNode.get(req.name);
    if (rec && rec.uid !== node.metadata.uid) {
      this.release(req.name); // a former node of that name
      rec = undefined;
    }
    if (!rec || rec.cidrs.length === 0) {
      const cidrs: string[] = [];
      for (const s of this.sets) {
        const c = s.allocateNext();
        if (c) cidrs.push(c);
        else {
          for (const got of cidrs) this.sets.find((x) => x.matchesFamily(got))?.release(got);
          this.recorder?.event(
            referenceTo(node, Resources.nodes),
            'Normal',
            'CIDRNotAvailable',
            `Node ${req.name} status is now: CIDRNotAvailable`,
          );
          throw new Error(
            `failed to allocate cidr from cluster cidr at idx:${this.sets.indexOf(s)}: ${CIDR_RANGE_EXHAUSTED}`,
          );
        }
      }
      rec = { uid: node.metadata.uid, cidrs };
      this.byNode.set(req.name, rec);
    }
    try {
      await this.client.update({
        ...node,
        spec: { ...node.spec, podCIDR: rec.cidrs[0], podCIDRs: rec.cidrs },
      });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) {
        this.release(req.name);
        return;
      }
      throw err; // a conflict retries with the same CIDRs reserved
    }
  }
}

/** The `nodeipam` controller of the manager. */
export const nodeIpamController: ControllerDescriptor = {
  name: 'nodeipam',
  serviceAccount: 'node-controller',
  async run(ctx: ControllerContext, signal: AbortSignal) {
    const nodes = ctx.informers.informer(Resources.nodes);
    const reconciler = new NodeIpamReconciler(
      cidrSetsFor(ctx.settings.clusterCIDR, ctx.settings.nodeCIDRMaskSize),
      nodes.cache,
      new ResourceClient(ctx.rest, Resources.nodes),
      ctx.recorder('cidrAllocator'),
    );
    const c = new Controller({
      name: 'nodeipam',
      reconciler,
      workers: 1,
      log: ctx.log,
      clock: ctx.clock,
      metrics: ctx.metrics,
    });
    c.watch(nodes);
    await c.run(signal);
  },
};
