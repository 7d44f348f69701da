/** The in-tree plugin registry: upstream plugin names → factories (a plain map, as upstream). */
import { newDefaultBinder } from '../plugins/DefaultBinder/default_binder.js';
import { newDefaultPreemption } from '../plugins/DefaultPreemption/default_preemption.js';
import { newImageLocality } from '../plugins/ImageLocality/image_locality.js';
import { newInterPodAffinity } from '../plugins/InterPodAffinity/inter_pod_affinity.js';
import { newNodeAffinity } from '../plugins/NodeAffinity/node_affinity.js';
import { newNodeName } from '../plugins/NodeName/node_name.js';
import { newNodePorts } from '../plugins/NodePorts/node_ports.js';
import { newBalancedAllocation } from '../plugins/NodeResourcesBalancedAllocation/balanced_allocation.js';
import { newNodeResourcesFit } from '../plugins/NodeResourcesFit/node_resources_fit.js';
import { newNodeUnschedulable } from '../plugins/NodeUnschedulable/node_unschedulable.js';
import { newPodTopologySpread } from '../plugins/PodTopologySpread/pod_topology_spread.js';
import { newPrioritySort } from '../plugins/PrioritySort/priority_sort.js';
import { newSchedulingGates } from '../plugins/SchedulingGates/scheduling_gates.js';
import { newTaintToleration } from '../plugins/TaintToleration/taint_toleration.js';
import { newVolumeBinding } from '../plugins/VolumeBinding/volume_binding.js';
import type { PluginFactory } from './plugin_factory.js';

/** Factories by plugin name. */
export type Registry = Map<string, PluginFactory>;

/** The in-tree plugins. */
export function inTreeRegistry(): Registry {
  return new Map<string, PluginFactory>([
    ['PrioritySort', newPrioritySort],
    ['SchedulingGates', newSchedulingGates],
    ['NodeUnschedulable', newNodeUnschedulable],
    ['NodeName', newNodeName],
    ['TaintToleration', newTaintToleration],
    ['NodeAffinity', newNodeAffinity],
    ['NodePorts', newNodePorts],
    ['NodeResourcesFit', newNodeResourcesFit],
    ['NodeResourcesBalancedAllocation', newBalancedAllocation],
    ['InterPodAffinity', newInterPodAffinity],
    ['PodTopologySpread', newPodTopologySpread],
    ['ImageLocality', newImageLocality],
    ['VolumeBinding', newVolumeBinding],
    ['DefaultPreemption', newDefaultPreemption],
    ['DefaultBinder', newDefaultBinder],
  ]);
}

/** Upstream's default multiPoint plugins and score weights (of those kubets implements), in order. */
export const DEFAULT_MULTIPOINT: readonly { name: string; weight?: number }[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeBinding' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];
