/**
 * What the endpoints and endpointslice controllers share about pods behind services, as
 * upstream's `endpointsliceutil` and `podutil`: which pods belong in endpoints, readiness,
 * a service port's target resolved in one pod, the pod's address of a family, its hostname.
 */
import { isIPv4Bytes, parseIPSloppy } from '../../api/ip_address.js';
import { selectorFromSet } from '../../api/label_selector.js';
import type { Pod } from '../../api/types/pod.js';
import type { ObjectReference, Service, ServicePort } from '../../api/types/service.js';

/** The label marking a headless service's endpoints (`v1.IsHeadlessService`). */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** The annotation with the time of the last change that triggered an endpoints update. */
export const ANNOTATION_LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** Whether the pod's Ready condition is True (`podutil.IsPodReady`). */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * Whether the pod has a place in the service's endpoints (`ShouldPodBeInEndpoints`): it has an
 * address, is not terminating (unless `includeTerminating`), and is not finished for good.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length ?? 0)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (pod.spec.restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (pod.spec.restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/**
 * The port a service port targets in `pod` (`podutil.FindPort`): a named targetPort resolves to
 * the container port of that name and protocol; a number is itself; absent means the service
 * port. Undefined when a name is not found.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers)
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** The IP family of an address (`IPv4` or `IPv6`), undefined when not an IP. */
export function ipFamilyOf(ip: string): 'IPv4' | 'IPv6' | undefined {
  const b = parseIPSloppy(ip);
  if (!b) return undefined;
  return isIPv4Bytes(b) ? 'IPv4' : 'IPv6';
}

/** The pod's address of `family`, or undefined. */
export function podIPOfFamily(pod: Pod, family: string): string | undefined {
  const ips = pod.status?.podIPs?.map((p) => p.ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
  return ips.find((ip) => ipFamilyOf(ip) === family);
}

/** The IP families of a service's endpoints (its `ipFamilies`, IPv4 by default). */
export function serviceIPFamilies(svc: Service): string[] {
  return svc.spec.ipFamilies?.length ? svc.spec.ipFamilies : ['IPv4'];
}

/** The pod's hostname in the service's DNS when `spec.subdomain` names the service. */
export function endpointHostname(pod: Pod, svc: Service): string | undefined {
  if (
    pod.spec.hostname &&
    pod.spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  )
    return pod.spec.hostname;
  return undefined;
}

/** The reference to a pod an endpoint carries. */
export function podReference(pod: Pod): ObjectReference {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

/** Whether a service is headless (`clusterIP: None`). */
export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None';
}

/** Whether the controllers compute endpoints for `svc`: it has a selector and is not ExternalName. */
export function hasSelectorEndpoints(svc: Service): boolean {
  return (
    svc.spec.type !== 'ExternalName' && svc.spec.selector != null && Object.keys(svc.spec.selector).length > 0
  );
}

/** The pods in `pods` the service selects. */
export function selectedPods(svc: Service, pods: readonly Pod[]): Pod[] {
  const sel = selectorFromSet(svc.spec.selector);
  return pods.filter((p) => sel.matches(p.metadata.labels ?? {}));
}

/**
 * The time of the latest change behind the endpoints: the service's creation, and each pod's
 * creation and last Ready transition. Undefined when none is known.
 */
export function lastChangeTriggerTime(svc: Service, pods: readonly Pod[]): string | undefined {
  let latest = svc.metadata.creationTimestamp;
  const consider = (t: string | null | undefined) => {
    if (t && (!latest || Date.parse(t) > Date.parse(latest))) latest = t;
  };
  for (const p of pods) {
    consider(p.metadata.creationTimestamp);
    consider(p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
  }
  return latest ?? undefined;
}

/** The labels of the service's endpoints: the service's, with the headless label when headless. */
export function endpointLabels(svc: Service): Record<string, string> {
  const labels = { ...svc.metadata.labels };
  if (isHeadless(svc)) labels[LABEL_HEADLESS] = '';
  else delete labels[LABEL_HEADLESS];
  return labels;
}
