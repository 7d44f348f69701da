/**
 * The downward API's values (upstream's `podFieldSelectorRuntimeValue` and
 * `ExtractContainerResourceValue`): a pod field by its path, and a container's resource request
 * or limit scaled by a divisor — the same for env vars and downwardAPI volumes.
 */
import { parseQuantity } from '../api/quantity.js';
import type { Node } from '../api/types/node.js';
import type { Container, Pod } from '../api/types/pod.js';

/** An unsupported field path or resource. */
export class FieldRefError extends Error {
  override readonly name = 'FieldRefError';
}

function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** The value of `fieldPath` of `pod` (hostIPs are the node's addresses). */
export function podFieldValue(pod: Pod, fieldPath: string, hostIPs: string[]): string {
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const m = sub[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return m?.[sub[2]!] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
      return formatMap(pod.metadata.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return hostIPs[0] ?? '';
    case 'status.hostIPs':
      return hostIPs.join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
  }
  throw new FieldRefError(`unsupported fieldPath: ${fieldPath}`);
}

/**
 * A container's resource value for `resource` (`limits.cpu`, `requests.memory`, …) divided by
 * `divisor` and rounded up, as upstream; unset limits are the node's allocatable.
 */
export function resourceFieldValue(
  container: Container,
  ref: { resource: string; divisor?: string },
  node: Node | undefined,
): string {
  const [kind, name] = ref.resource.split('.', 2) as [string, string | undefined];
  if (
    (kind !== 'limits' && kind !== 'requests') ||
    !name ||
    !['cpu', 'memory', 'ephemeral-storage'].includes(name)
  )
    throw new FieldRefError(`unsupported container resource : ${ref.resource}`);
  const res = container.resources ?? {};
  let q = kind === 'limits' ? res.limits?.[name] : res.requests?.[name];
  if (q === undefined && kind === 'limits') q = node?.status?.allocatable?.[name];
  if (q === undefined) q = '0';
  const divisor = parseQuantity(ref.divisor ?? (name === 'cpu' ? '1' : '1'));
  if (name === 'cpu') {
    const m = parseQuantity(q).milliValue();
    const d = divisor.milliValue() || 1;
    return String(Math.ceil(m / d));
  }
  const v = parseQuantity(q).value();
  const d = divisor.value() || 1;
  return String(Math.ceil(v / d));
}
