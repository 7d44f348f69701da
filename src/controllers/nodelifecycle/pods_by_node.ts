/**
 * The index of pods by the node they are bound to (`spec.nodeName`), shared by the node
 * controllers: added once to the shared pod informer, whichever controller asks first.
 */
import type { Pod } from '../../api/types/pod.js';
import type { Informer } from '../../client/informer.js';

/** The index name. */
export const PODS_BY_NODE = 'spec.nodeName';

/** Adds the index to `pods` unless it is there already; returns the informer. */
export function withPodsByNode(pods: Informer<Pod>): Informer<Pod> {
  try {
    pods.addIndex(PODS_BY_NODE, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
  } catch (err) {
    if (!(err instanceof Error && err.message.includes('already exists'))) throw err;
  }
  return pods;
}
