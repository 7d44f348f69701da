/**
 * The EndpointSlices mirroring a user's Endpoints, as upstream's endpointslicemirroring
 * controller computes them: only Endpoints of an existing service without a selector, not
 * labelled `endpointslice.kubernetes.io/skip-mirror: "true"` and not a leader-election lock;
 * each subset's addresses (ready) and notReadyAddresses (not ready) become endpoints of their
 * address family with the subset's ports, at most 1000 per subset.
 */
import type { Endpoints, Service, SliceEndpoint } from '../../api/types/service.js';
import { ipFamilyOf } from '../endpoint/pod_endpoint_util.js';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from '../endpointslice/desired_slices.js';
import type { EndpointGroup, SlicePort } from '../endpointslice/slice_plan.js';
import { endpointKey, groupKey } from '../endpointslice/slice_plan.js';

/** This controller's managed-by value. */
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** The label that opts Endpoints out of mirroring. */
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Addresses mirrored per subset at most (`maxEndpointsPerSubset`). */
export const MAX_MIRRORED_PER_SUBSET = 1000;

/** Whether `endpoints` of `svc` are mirrored. */
export function shouldMirror(endpoints: Endpoints | undefined, svc: Service | undefined): boolean {
  if (!endpoints || !svc) return false;
  if (svc.spec.selector != null && Object.keys(svc.spec.selector).length > 0) return false;
  if (endpoints.metadata.labels?.[LABEL_SKIP_MIRROR] === 'true') return false;
  return endpoints.metadata.annotations?.[LEADER_ANNOTATION] === undefined;
}

/** The endpoint groups mirroring `endpoints`. */
export function mirroredGroups(endpoints: Endpoints): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup>();
  for (const subset of endpoints.subsets ?? []) {
    const ports: SlicePort[] = (subset.ports ?? []).map((p) => {
      const out: SlicePort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
      if (p.appProtocol) out.appProtocol = p.appProtocol;
      return out;
    });
    let n = 0;
    const add = (addrs: typeof subset.addresses, ready: boolean) => {
      for (const a of addrs ?? []) {
        if (n >= MAX_MIRRORED_PER_SUBSET) return;
        const family = ipFamilyOf(a.ip);
        if (!family) continue;
        const ep: SliceEndpoint = { addresses: [a.ip], conditions: { ready } };
        if (a.hostname) ep.hostname = a.hostname;
        if (a.targetRef) ep.targetRef = a.targetRef;
        if (a.nodeName) ep.nodeName = a.nodeName;
        const k = groupKey(family, ports);
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { addressType: family, ports, endpoints: new Map() }));
        g.endpoints.set(endpointKey(ep), ep);
        n++;
      }
    };
    add(subset.addresses, true);
    add(subset.notReadyAddresses, false);
  }
  return [...groups.values()];
}

/** The labels of the slices mirroring `endpoints`. */
export function mirroredLabels(endpoints: Endpoints): Record<string, string> {
  return {
    ...endpoints.metadata.labels,
    [LABEL_SERVICE_NAME]: endpoints.metadata.name!,
    [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME,
  };
}

/** The annotations copied from `endpoints` onto its slices. */
export function mirroredAnnotations(endpoints: Endpoints): Record<string, string> {
  const out = { ...endpoints.metadata.annotations };
  delete out[LAST_APPLIED];
  return out;
}
