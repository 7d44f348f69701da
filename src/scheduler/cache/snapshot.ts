/**
 * A point-in-time view of the cluster for one scheduling cycle (upstream's `cache.Snapshot`):
 * NodeInfos by name and as a list in zone-interleaved order, the subsets with affinity pods, and
 * how many nodes hold each image. The cache refreshes it incrementally between cycles; nothing
 * in it changes during a cycle.
 */
import type { NodeInfo } from './node_info.js';

/** The snapshot a cycle reads. */
export class Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  /** Nodes (with a Node object) in the order filters walk them. */
  nodeInfoList: NodeInfo[] = [];
  /** Index of each node in `nodeInfoList`. */
  readonly listIndex = new Map<string, number>();
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  /** Image name → number of nodes that have it. */
  imageNodeCounts = new Map<string, number>();
  /** The cache generation this snapshot reflects. */
  generation = 0;

  /** The NodeInfo of `name`, if the node exists. */
  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  /** Number of nodes. */
  get numNodes(): number {
    return this.nodeInfoList.length;
  }

  /** Rebuilds the list in zone round-robin order (as upstream's node tree). */
  rebuildList(): void {
    const zones = new Map<string, NodeInfo[]>();
    const names = [...this.nodeInfoMap.keys()].sort();
    for (const name of names) {
      const ni = this.nodeInfoMap.get(name)!;
      if (!ni.node) continue;
      const l = ni.node.metadata.labels ?? {};
      const zone = `${l['topology.kubernetes.io/region'] ?? ''}:\x00:${l['topology.kubernetes.io/zone'] ?? ''}`;
      let z = zones.get(zone);
      if (!z) zones.set(zone, (z = []));
      z.push(ni);
    }
    const lists = [...zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < names.length; i++) {
      let any = false;
      for (const z of lists) {
        if (i < z.length) {
          out.push(z[i]!);
          any = true;
        }
      }
      if (!any) break;
    }
    this.nodeInfoList = out;
    this.listIndex.clear();
    out.forEach((ni, i) => this.listIndex.set(ni.name, i));
    this.rebuildAffinityLists();
  }

  /** Recomputes the lists of nodes with (anti-)affinity pods. */
  rebuildAffinityLists(): void {
    this.havePodsWithAffinityList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityList = this.nodeInfoList.filter(
      (n) => n.podsWithRequiredAntiAffinity.length > 0,
    );
  }
}
