/** NodeResourcesBalancedAllocation: favours nodes whose CPU and memory use would stay balanced. */
import { podInfoOf } from '../../cache/pod_info.js';
import type { Handle } from '../../framework/handle.js';
import type { ScorePlugin } from '../../framework/interfaces.js';
import type { ResourceSpec } from '../NodeResourcesFit/resource_allocation.js';
import { balancedResourceScorer, resourceAllocationScore } from '../NodeResourcesFit/resource_allocation.js';

/** The plugin's name. */
export const NAME = 'NodeResourcesBalancedAllocation';

/** Builds the plugin; args `resources` (default cpu and memory, weight 1). */
export function newBalancedAllocation(args: Record<string, unknown> | undefined, _h: Handle): ScorePlugin {
  const resources = ((args?.resources as ResourceSpec[] | undefined) ?? []).length
    ? (args!.resources as ResourceSpec[])
    : [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ];
  return {
    name: NAME,
    score: (_s, pod, ni) =>
      resourceAllocationScore(ni, podInfoOf(pod), resources, balancedResourceScorer, true),
  };
}
