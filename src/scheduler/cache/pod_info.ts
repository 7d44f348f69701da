/**
 * What the scheduler derives from a pod once and reads on every node (upstream's
 * `framework.PodInfo`): effective requests, host ports, and the parsed pod (anti-)affinity terms.
 * Pods from informers are immutable, so the derivation is memoised per pod object.
 */
import type { LabelSelector } from '../../api/label_selector.js';
import { labelSelectorAsSelector, newRequirement } from '../../api/label_selector.js';
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../../api/types/pod.js';
import type { Resource } from './resource.js';
import { podRequests } from './resource.js';

/** A parsed pod (anti-)affinity term. */
export interface AffinityTerm {
  /** Namespaces named explicitly (or the pod's own when neither names nor a selector are given). */
  namespaces: ReadonlySet<string>;
  /** Selects further namespaces by label; `nothing()` when absent. */
  namespaceSelector: LabelSelector;
  selector: LabelSelector;
  topologyKey: string;
  /** The weight of a preferred term (0 for required ones). */
  weight: number;
}

/** A host port a pod uses. */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The scheduler's view of one pod. */
export interface PodInfo {
  pod: Pod;
  /** `namespace/name`. */
  key: string;
  requests: Resource;
  /** Requests with the scoring defaults for containers that request no CPU or memory. */
  nonZeroRequests: Resource;
  hostPorts: HostPort[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: AffinityTerm[];
  preferredAntiAffinityTerms: AffinityTerm[];
}

/** Whether `term` selects `pod` (whose namespace has labels `nsLabels`). */
export function termMatches(
  term: AffinityTerm,
  pod: Pod,
  nsLabels: Readonly<Record<string, string>> | undefined,
): boolean {
  const ns = pod.metadata.namespace ?? '';
  if (!term.namespaces.has(ns) && !(nsLabels && term.namespaceSelector.matches(nsLabels))) return false;
  return term.selector.matches(pod.metadata.labels ?? {});
}

function safeSelector(sel: Parameters<typeof labelSelectorAsSelector>[0]): LabelSelector {
  try {
    return labelSelectorAsSelector(sel);
  } catch {
    return labelSelectorAsSelector(null);
  }
}

/** Parses one term of `pod` (merging matchLabelKeys/mismatchLabelKeys with the pod's labels). */
export function parseAffinityTerm(pod: Pod, t: PodAffinityTerm, weight = 0): AffinityTerm {
  const namespaces = new Set<string>(t.namespaces ?? []);
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(pod.metadata.namespace ?? '');
  let selector = safeSelector(t.labelSelector);
  const labels = pod.metadata.labels ?? {};
  try {
    for (const k of t.matchLabelKeys ?? [])
      if (labels[k] !== undefined) selector = selector.add(newRequirement(k, 'in', [labels[k]]));
    for (const k of t.mismatchLabelKeys ?? [])
      if (labels[k] !== undefined) selector = selector.add(newRequirement(k, 'notin', [labels[k]]));
  } catch {
    // An invalid key or value cannot come from a validated pod; the term stays as written.
  }
  return {
    namespaces,
    namespaceSelector: safeSelector(t.namespaceSelector),
    selector,
    topologyKey: t.topologyKey,
    weight,
  };
}

function weighted(pod: Pod, ts: WeightedPodAffinityTerm[] | undefined): AffinityTerm[] {
  return (ts ?? []).map((w) => parseAffinityTerm(pod, w.podAffinityTerm, w.weight));
}

function hostPortsOf(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const cs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of cs) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

const memo = new WeakMap<Pod, PodInfo>();
let lastPod: Pod | undefined;
let lastInfo: PodInfo | undefined;

/** The (memoised) PodInfo of `pod`. */
export function podInfoOf(pod: Pod): PodInfo {
  if (pod === lastPod) return lastInfo!;
  let info = memo.get(pod);
  if (info) {
    lastPod = pod;
    lastInfo = info;
    return info;
  }
  const aff = pod.spec?.affinity;
  info = {
    pod,
    key: `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`,
    requests: podRequests(pod),
    nonZeroRequests: podRequests(pod, true),
    hostPorts: hostPortsOf(pod),
    requiredAffinityTerms: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      parseAffinityTerm(pod, t),
    ),
    requiredAntiAffinityTerms: (
      aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
    ).map((t) => parseAffinityTerm(pod, t)),
    preferredAffinityTerms: weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: weighted(
      pod,
      aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
  memo.set(pod, info);
  lastPod = pod;
  lastInfo = info;
  return info;
}

/** Whether the pod has any pod affinity or anti-affinity. */
export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.requiredAntiAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}

/** The pod's priority: `spec.priority`, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
