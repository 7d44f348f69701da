/**
 * Which endpoints a service port's traffic may use on this node, as upstream's
 * `CategorizeEndpoints` (without topology hints): the Cluster policy uses every ready endpoint —
 * or, when none is ready, those still serving while terminating; the Local policy likewise among
 * this node's endpoints. `hasAny` says whether the service has a usable endpoint anywhere.
 */
import type { ProxyEndpoint, ServicePortInfo } from './service_ports.js';

/** The endpoints of one service port, by policy. */
export interface EndpointCategories {
  cluster: ProxyEndpoint[];
  local: ProxyEndpoint[];
  /** Every endpoint some rule on this node leads to (cluster ∪ local), in order. */
  reachable: ProxyEndpoint[];
  hasAny: boolean;
}

/** Whether the port accepts traffic from outside: a node port, external IPs or load balancer IPs. */
export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0;
}

/** Upstream's `UsesClusterEndpoints`: internal policy Cluster, or any external traffic at all. */
export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalLocal || externallyAccessible(sp);
}

/** Upstream's `UsesLocalEndpoints`: internal policy Local, or external policy Local with external traffic. */
export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalLocal || (sp.externalLocal && externallyAccessible(sp));
}

const servingTerminating = (e: ProxyEndpoint) => e.serving && e.terminating;

/** Categorizes `sp`'s endpoints for the node named `nodeName`; see the file comment. */
export function categorizeEndpoints(sp: ServicePortInfo, nodeName: string): EndpointCategories {
  const isLocal = (e: ProxyEndpoint) => e.nodeName !== undefined && e.nodeName === nodeName;
  let cluster: ProxyEndpoint[] = [];
  let local: ProxyEndpoint[] = [];
  let hasAny = false;
  if (usesClusterEndpoints(sp)) {
    cluster = sp.endpoints.filter((e) => e.ready);
    if (cluster.length === 0) cluster = sp.endpoints.filter(servingTerminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocalEndpoints(sp)) return { cluster, local, reachable: cluster, hasAny };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of sp.endpoints) {
    if (e.ready) {
      hasAny = true;
      if (isLocal(e)) localReady = true;
    } else if (servingTerminating(e)) {
      hasAny = true;
      if (isLocal(e)) localServingTerminating = true;
    }
  }
  if (localReady) local = sp.endpoints.filter((e) => isLocal(e) && e.ready);
  else if (localServingTerminating) local = sp.endpoints.filter((e) => isLocal(e) && servingTerminating(e));
  if (!usesClusterEndpoints(sp)) return { cluster, local, reachable: local, hasAny };
  const inCluster = new Set(cluster);
  const reachable = [...cluster, ...local.filter((e) => !inCluster.has(e))];
  return { cluster, local, reachable, hasAny };
}
