/**
 * ImageLocality: nodes that already have the pod's images score higher, in proportion to the
 * images' sizes and scaled down by how few nodes have them (upstream's thresholds: 23 MiB to
 * 1000 MiB per container).
 */
import type { Pod } from '../../../api/types/pod.js';
import type { NodeInfo } from '../../cache/node_info.js';
import { normalizeImageName } from '../../cache/node_info.js';
import { MAX_NODE_SCORE } from '../../framework/framework.js';
import type { Handle } from '../../framework/handle.js';
import type { ScorePlugin } from '../../framework/interfaces.js';

/** The plugin's name. */
export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** The node's score for the pod, given how many of `totalNodes` have each image. */
export function imageLocalityScore(
  pod: Pod,
  ni: NodeInfo,
  imageNodeCounts: ReadonlyMap<string, number>,
  totalNodes: number,
): number {
  const cs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let sum = 0;
  if (ni.images.size > 0 && totalNodes > 0) {
    for (const c of cs) {
      if (!c.image) continue;
      const name = normalizeImageName(c.image);
      const size = ni.images.get(name);
      if (size === undefined) continue;
      sum += Math.trunc(size * ((imageNodeCounts.get(name) ?? 0) / totalNodes));
    }
  }
  const maxThreshold = MAX_CONTAINER_THRESHOLD * cs.length;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  if (maxThreshold <= MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** Builds the plugin. */
export function newImageLocality(_args: unknown, h: Handle): ScorePlugin {
  return {
    name: NAME,
    score(_s, pod, ni) {
      if (!ni.hasImages) return 0;
      const snap = h.snapshot();
      return imageLocalityScore(pod, ni, snap.imageNodeCounts, snap.numNodes);
    },
  };
}
