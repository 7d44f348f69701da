/**
 * The files of configMap, secret and downwardAPI volumes (upstream's `MakePayload` and
 * `CollectData`): pure functions from the object (or the pod) and the volume source to a
 * `Payload`, with upstream's error texts.
 */
import type { ConfigMap, Secret } from '../../api/types/cluster.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { podFieldValue, resourceFieldValue } from '../field_ref.js';
import type { FileProjection, Payload } from './atomic_writer.js';
import type { DownwardAPIVolumeFile, KeyToPath } from './volume_sources.js';

function keyedPayload(
  what: 'configmap' | 'secret',
  values: Map<string, Buffer>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Payload {
  const payload: Payload = new Map();
  if (!items || items.length === 0) {
    for (const [k, data] of values) payload.set(k, { data, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const data = values.get(item.key);
    if (data === undefined) {
      if (optional) continue;
      throw new Error(
        what === 'configmap'
          ? `configmap references non-existent config key: ${item.key}`
          : `references non-existent secret key: ${item.key}`,
      );
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** The files of a configMap volume or projection; `cm` undefined is an optional, missing object. */
export function configMapPayload(
  cm: ConfigMap | undefined,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Payload {
  const values = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm?.data ?? {})) values.set(k, Buffer.from(v));
  for (const [k, v] of Object.entries(cm?.binaryData ?? {})) values.set(k, Buffer.from(v, 'base64'));
  return keyedPayload('configmap', values, items, defaultMode, optional);
}

/** The files of a secret volume or projection (the secret's data is base64). */
export function secretPayload(
  secret: Secret | undefined,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
): Payload {
  const values = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(secret?.data ?? {})) values.set(k, Buffer.from(v, 'base64'));
  return keyedPayload('secret', values, items, defaultMode, optional);
}

/**
 * The files of a downwardAPI volume or projection: pod fields by `fieldRef` and container
 * resources by `resourceFieldRef` (unset limits are `node`'s allocatable).
 */
export function downwardAPIPayload(
  pod: Pod,
  items: DownwardAPIVolumeFile[] | undefined,
  defaultMode: number,
  node: Node | undefined,
): Payload {
  const payload: Payload = new Map();
  for (const item of items ?? []) {
    const file: FileProjection = { data: Buffer.alloc(0), mode: item.mode ?? defaultMode };
    if (item.fieldRef) {
      file.data = Buffer.from(podFieldValue(pod, item.fieldRef.fieldPath, []));
    } else if (item.resourceFieldRef) {
      const name = item.resourceFieldRef.containerName ?? '';
      const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
      const container = all.find((c) => c.name === name);
      if (!container) throw new Error(`container ${JSON.stringify(name)} not found`);
      file.data = Buffer.from(resourceFieldValue(container, item.resourceFieldRef, node));
    }
    payload.set(cleanPath(item.path), file);
  }
  return payload;
}

function cleanPath(p: string): string {
  return p
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/** Whether any item of `items` reads a limit (which may need the node's allocatable). */
export function needsNode(items: DownwardAPIVolumeFile[] | undefined): boolean {
  return (items ?? []).some((i) => i.resourceFieldRef?.resource.startsWith('limits.'));
}
