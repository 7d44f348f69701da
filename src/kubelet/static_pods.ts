/**
 * Static pods, as upstream's file source: pod manifests (YAML or JSON, one pod per file) in a
 * directory the kubelet runs whether or not the API server answers. Each pod is named
 * `<name>-<nodeName>`, bound to this node, given a UID hashed from its manifest and the node
 * (so an unchanged file keeps its pod) and the `kubernetes.io/config.*` annotations; its state is
 * published through a mirror pod in the API, owned by the Node.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultPod } from '../api/pod_defaults.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';

/** `kubetypes.ConfigHashAnnotationKey`: the static pod's UID (its manifest hash). */
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
/** `kubetypes.ConfigMirrorAnnotationKey`: marks a mirror pod, with its static pod's hash. */
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
/** `kubetypes.ConfigSourceAnnotationKey`: where the pod came from (`file` here, `api` otherwise). */
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
/** `kubetypes.ConfigFirstSeenAnnotationKey`. */
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';

/** What reading the manifest directory gave: the pods, and a message per file that was refused. */
export interface StaticPodScan {
  pods: Pod[];
  errors: { file: string; message: string }[];
}

/** True for a pod the kubelet runs from a manifest file. */
export function isStaticPod(pod: Pod): boolean {
  return pod.metadata.annotations?.[CONFIG_SOURCE_ANNOTATION] === 'file';
}

/** True for the API's mirror of a static pod. */
export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;
}

function refuse(message: string): never {
  throw new Error(message);
}

/**
 * The static pod of one manifest object: checks it is a v1 Pod with a name and containers,
 * applies the API's pod defaults, then upstream's static-pod naming, UID and annotations.
 */
export function staticPodFromManifest(obj: unknown, nodeName: string, seenAt: string): Pod {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) refuse('the manifest is not an object');
  const m = structuredClone(obj) as Record<string, unknown>;
  if (m.kind !== 'Pod' || (m.apiVersion !== 'v1' && m.apiVersion !== undefined))
    refuse(`want a v1 Pod, got ${String(m.apiVersion)} ${String(m.kind)}`);
  const meta = (m.metadata ?? {}) as Record<string, unknown>;
  const name = meta.name;
  if (typeof name !== 'string' || name === '') refuse('metadata.name: Required value');
  const spec = m.spec as Record<string, unknown> | undefined;
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0)
    refuse('spec.containers: Required value');
  defaultPod(spec);
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  const podName = `${name}-${nodeName.toLowerCase()}`;
  spec.nodeName = nodeName;
  // Static pods tolerate every NoExecute taint (upstream's file source adds this).
  const tolerations = (spec.tolerations ?? []) as Record<string, unknown>[];
  if (!tolerations.some((t) => t.operator === 'Exists' && t.effect === 'NoExecute' && !t.key))
    spec.tolerations = [...tolerations, { operator: 'Exists', effect: 'NoExecute' }];
  const identity = { ...m, metadata: { ...meta, name: podName, namespace }, spec };
  const uid = crypto.createHash('md5').update(nodeName).update(JSON.stringify(identity)).digest('hex');
  const annotations = {
    ...((meta.annotations ?? {}) as Record<string, string>),
    [CONFIG_HASH_ANNOTATION]: uid,
    [CONFIG_SOURCE_ANNOTATION]: 'file',
    [CONFIG_SEEN_ANNOTATION]: seenAt,
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(meta as Pod['metadata']), name: podName, namespace, uid, annotations },
    spec: spec as unknown as Pod['spec'],
    status: { phase: 'Pending' },
  };
}

/** Reads every `*.yaml`, `*.yml` and `*.json` file of `dir` (hidden files skipped, as upstream). */
export function scanStaticPods(dir: string, nodeName: string, now: Date): StaticPodScan {
  const out: StaticPodScan = { pods: [], errors: [] };
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  const seen = new Set<string>();
  for (const base of names) {
    if (base.startsWith('.') || !/\.(ya?ml|json)$/.test(base)) continue;
    const file = path.join(dir, base);
    try {
      if (!fs.statSync(file).isFile()) continue;
      const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).filter((d) => d.contents !== null);
      if (docs.length !== 1) refuse(`want one pod per file, found ${docs.length} documents`);
      const doc = docs[0]!;
      if (doc.errors.length > 0) refuse(doc.errors[0]!.message);
      const pod = staticPodFromManifest(doc.toJS(), nodeName, now.toISOString());
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (seen.has(key)) refuse(`pod ${key} is already defined by another manifest`);
      seen.add(key);
      out.pods.push(pod);
    } catch (err) {
      out.errors.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/** The mirror pod of `staticPod` to create in the API: its spec, the mirror annotation, owned by the node. */
export function mirrorPodFor(staticPod: Pod, node: Node | undefined): Pod {
  const { uid: _uid, resourceVersion: _rv, ...meta } = staticPod.metadata;
  const hash = staticPod.metadata.annotations?.[CONFIG_HASH_ANNOTATION] ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta,
      annotations: { ...meta.annotations, [CONFIG_MIRROR_ANNOTATION]: hash },
      ownerReferences: node?.metadata.uid
        ? [
            {
              apiVersion: 'v1',
              kind: 'Node',
              name: node.metadata.name ?? '',
              uid: node.metadata.uid,
              controller: true,
            },
          ]
        : undefined,
    },
    spec: staticPod.spec,
  };
}
