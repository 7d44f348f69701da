/**
 * Feeds the Node authorizer's graph from the API server's watch caches of pods,
 * PersistentVolumes and VolumeAttachments, as upstream's graph populator does from informers:
 * each added, changed or deleted object updates its edges at once, in the same turn as the
 * cache's other watchers hear of it (so a kubelet that sees its pod may read the pod's secrets
 * right after). A cache restart relists that resource.
 */
import type { KubeObject } from '../../api/object.js';
import type { Pod } from '../../api/types/pod.js';
import type { CacheEvent, CacheListener } from '../store/watch_cache.js';
import type { ResourceStore } from '../store/resource_store.js';
import { NodeGraph } from './node_graph.js';

/** The stores the graph follows (a resource the server does not serve is left out). */
export interface NodeGraphStores {
  pods?: ResourceStore;
  persistentVolumes?: ResourceStore;
  volumeAttachments?: ResourceStore;
}

interface Feed {
  type: 'pod' | 'pv' | 'volumeattachment';
  rs: ResourceStore;
  set(obj: KubeObject): void;
  remove(obj: KubeObject): void;
}

/** A graph kept up to date from watch caches; `start` once the caches may load, `stop` after. */
export class NodeGraphPopulator {
  readonly graph = new NodeGraph();
  private readonly feeds: Feed[] = [];
  private readonly unsubscribes = new Map<Feed, () => void>();
  private stopped = false;

  constructor(stores: NodeGraphStores) {
    const g = this.graph;
    if (stores.pods)
      this.feeds.push({
        type: 'pod',
        rs: stores.pods,
        set: (o) => g.setPod(o as Pod),
        remove: (o) => g.deletePod(o.metadata.namespace ?? '', o.metadata.name ?? ''),
      });
    if (stores.persistentVolumes)
      this.feeds.push({
        type: 'pv',
        rs: stores.persistentVolumes,
        set: (o) => g.setPersistentVolume(o),
        remove: (o) => g.deletePersistentVolume(o.metadata.name ?? ''),
      });
    if (stores.volumeAttachments)
      this.feeds.push({
        type: 'volumeattachment',
        rs: stores.volumeAttachments,
        set: (o) => g.setVolumeAttachment(o),
        remove: (o) => g.deleteVolumeAttachment(o.metadata.name ?? ''),
      });
  }

  /** Loads every followed resource and follows its changes; resolves once all are loaded. */
  async start(): Promise<void> {
    await Promise.all(this.feeds.map((f) => this.follow(f)));
  }

  /** Stops following. */
  stop(): void {
    this.stopped = true;
    for (const u of this.unsubscribes.values()) u();
    this.unsubscribes.clear();
  }

  private async follow(feed: Feed): Promise<void> {
    await feed.rs.cache.whenReady();
    if (this.stopped) return;
    const cache = feed.rs.cache;
    // List and subscribe in one turn: nothing happens in between.
    this.graph.clear(feed.type);
    for (const e of cache.list(feed.rs.keyPrefix(''))) feed.set(e.obj);
    const listener: CacheListener = {
      events: (events: readonly CacheEvent[]) => {
        for (const ev of events) {
          if (ev.type === 'DELETED') feed.remove(ev.entry.obj);
          else feed.set(ev.entry.obj);
        }
      },
      progress: () => undefined,
      reset: () => {
        this.unsubscribes.delete(feed);
        if (!this.stopped) void this.follow(feed);
      },
    };
    this.unsubscribes.set(feed, cache.watch(cache.revision, listener));
  }
}
