/**
 * The hash of a container's spec the kubelet records on the container it creates (upstream's
 * `io.kubernetes.container.hash`): when a pod's container spec changes (an image update, say),
 * the running container's hash no longer matches and it is replaced. Resources are left out, as
 * upstream does, so in-place resource changes do not restart containers.
 */
import { createHash } from 'node:crypto';
import type { Container } from '../api/types/pod.js';

/** A stable hex hash of `c` without its resources; equal specs hash equally whatever the key order. */
export function containerHash(c: Container): string {
  const { resources: _resources, ...rest } = c;
  return createHash('sha256').update(stableJson(rest)).digest('hex').slice(0, 8);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
