/**
 * The endpoints a service's EndpointSlices should hold, as upstream's endpointslice controller
 * computes them: one endpoint per selected pod with an address of the slice's family (terminating
 * pods included), conditions ready (ready and not terminating, or always with
 * `publishNotReadyAddresses`), serving (ready) and terminating, hostname, nodeName, zone and
 * targetRef, grouped by the ports the pod resolves the service ports to.
 */
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { EndpointSlice, Service, SliceEndpoint } from '../../api/types/service.js';
import {
  endpointHostname,
  endpointLabels,
  findPort,
  isPodReady,
  podIPOfFamily,
  podReference,
  serviceIPFamilies,
  shouldPodBeInEndpoints,
} from '../endpoint/pod_endpoint_util.js';
import type { EndpointGroup, SlicePort } from './slice_plan.js';
import { endpointKey, groupKey } from './slice_plan.js';

/** The label naming a slice's service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** The label naming the controller managing a slice. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** This controller's managed-by value. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** The zone label of nodes. */
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** The endpoint of `pod` in a slice of `addressType`, or undefined when it has no such address. */
export function podEndpoint(
  svc: Service,
  pod: Pod,
  addressType: string,
  node: Node | undefined,
): SliceEndpoint | undefined {
  const ip = podIPOfFamily(pod, addressType);
  if (!ip) return undefined;
  const terminating = pod.metadata.deletionTimestamp != null;
  const serving = isPodReady(pod);
  const ep: SliceEndpoint = {
    addresses: [ip],
    conditions: {
      ready: svc.spec.publishNotReadyAddresses === true || (serving && !terminating),
      serving,
      terminating,
    },
  };
  const hostname = endpointHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  ep.targetRef = podReference(pod);
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  return ep;
}

/** The slice ports of `pod` for the service's ports (those whose target resolves). */
export function podSlicePorts(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** The desired endpoint groups of `svc` from the pods it selects. */
export function desiredGroups(
  svc: Service,
  pods: readonly Pod[],
  nodeOf: (name: string) => Node | undefined,
): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  for (const addressType of serviceIPFamilies(svc) as EndpointSlice['addressType'][]) {
    // An empty group per family keeps the placeholder's address type right.
    groups.set(groupKey(addressType, []), { addressType, ports: [], endpoints: new Map() });
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ep = podEndpoint(
        svc,
        pod,
        addressType,
        pod.spec.nodeName ? nodeOf(pod.spec.nodeName) : undefined,
      );
      if (!ep) continue;
      const ports = podSlicePorts(svc, pod);
      const k = groupKey(addressType, ports);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { addressType, ports, endpoints: new Map() }));
      g.endpoints.set(endpointKey(ep), ep);
    }
  }
  return [...groups.values()];
}

/** The labels every slice of `svc` carries. */
export function sliceLabels(svc: Service): Record<string, string> {
  return {
    ...endpointLabels(svc),
    [LABEL_SERVICE_NAME]: svc.metadata.name!,
    [LABEL_MANAGED_BY]: CONTROLLER_NAME,
  };
}
