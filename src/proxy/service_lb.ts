/**
 * A built-in service load balancer, as k3s's servicelb: a LoadBalancer Service without
 * `spec.loadBalancerClass` gets the nodes' InternalIPs as `status.loadBalancer.ingress`, written
 * through the services/status subresource, and the proxy's "loadbalancer IP" rules make those
 * addresses answer on the service's ports. Every node computes the same list (all nodes'
 * addresses, sorted), so several nodes never fight over it. A Service that stops being a
 * LoadBalancer has the ingress it got here removed.
 */
import type { Logger } from 'pino';
import type { Node } from '../api/types/node.js';
import type { Service } from '../api/types/service.js';
import type { Informer } from '../client/informer.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import { isIPv4 } from './ipv4.js';

type Ingress = NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress'];

/** The InternalIPs of `nodes` (IPv4), sorted and deduplicated. */
export function nodeInternalIPs(nodes: Iterable<Node>): string[] {
  const ips = new Set<string>();
  for (const n of nodes)
    for (const a of n?.status?.addresses ?? [])
      if (a?.type === 'InternalIP' && isIPv4(a.address)) ips.add(a.address);
  return [...ips].sort();
}

/**
 * The ingress `svc` should have, or undefined when this load balancer leaves it alone (it has a
 * loadBalancerClass, or is not a LoadBalancer and has no ingress to remove).
 */
export function desiredIngress(svc: Service, nodeIPs: readonly string[]): Ingress | undefined {
  if ((svc.spec as { loadBalancerClass?: string } | undefined)?.loadBalancerClass) return undefined;
  if (svc.spec?.type !== 'LoadBalancer') return svc.status?.loadBalancer?.ingress?.length ? [] : undefined;
  return nodeIPs.map((ip) => ({ ip }));
}

function sameIngress(a: Ingress, b: Ingress): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** Options of the service load balancer. */
export interface ServiceLBOptions {
  rest: RestClient;
  log: Logger;
  services: Informer<Service>;
  nodes: Informer<Node>;
  signal: AbortSignal;
}

/** Keeps LoadBalancer Services' ingress; see the file comment. */
export class ServiceLB {
  private readonly client: ResourceClient<Service>;
  private readonly inFlight = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly opts: ServiceLBOptions) {
    this.client = new ResourceClient(opts.rest, Resources.services);
    opts.services.addHandler({ onAdd: (s) => this.check(s), onUpdate: (_, s) => this.check(s) });
    opts.nodes.addHandler({
      onAdd: () => this.checkAll(),
      onUpdate: () => this.checkAll(),
      onDelete: () => this.checkAll(),
    });
  }

  private checkAll(): void {
    for (const s of this.opts.services.cache.list()) this.check(s);
  }

  private check(svc: Service): void {
    if (this.opts.signal.aborted) return;
    const want = desiredIngress(svc, nodeInternalIPs(this.opts.nodes.cache.list()));
    if (want === undefined || sameIngress(svc.status?.loadBalancer?.ingress, want)) return;
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    if (this.inFlight.has(key)) {
      this.again.add(key);
      return;
    }
    this.inFlight.add(key);
    void this.write(svc, want)
      .catch((err: unknown) =>
        this.opts.log.warn({ err, service: key }, 'could not update the load balancer status'),
      )
      .finally(() => {
        this.inFlight.delete(key);
        if (this.again.delete(key)) {
          const latest = this.opts.services.cache
            .list()
            .find((s) => `${s.metadata.namespace}/${s.metadata.name}` === key);
          if (latest) this.check(latest);
        }
      });
  }

  private async write(svc: Service, ingress: Ingress): Promise<void> {
    const next: Service = {
      ...svc,
      status: { ...svc.status, loadBalancer: ingress?.length ? { ingress } : {} },
    };
    await this.client.updateStatus(next, { signal: this.opts.signal });
    this.opts.log.info(
      { service: `${svc.metadata.namespace}/${svc.metadata.name}`, ingress: ingress?.map((i) => i.ip) },
      'load balancer status updated',
    );
  }
}
