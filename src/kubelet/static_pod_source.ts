/**
 * The kubelet's file source of pods with their mirrors: the manifests in the static pod
 * directory, read again on every `scan`, become pods the kubelet runs; each one's state is
 * published through a mirror pod in the API, created when missing (again after someone deletes
 * it) and deleted when the manifest goes.
 */
import type { Logger } from 'pino';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import { StatusError } from '../api/status_error.js';
import type { ResourceClient } from '../client/resource_client.js';
import { CONFIG_MIRROR_ANNOTATION, mirrorPodFor, scanStaticPods } from './static_pods.js';

/** What the source needs and whom it tells. */
export interface StaticPodSourceOptions {
  dir: string;
  nodeName: string;
  pods: ResourceClient<Pod>;
  log: Logger;
  now: () => number;
  /** The node object mirror pods are owned by (undefined before registration). */
  node: () => Node | undefined;
  /** A manifest's pod appeared: the kubelet runs it. */
  added: (pod: Pod) => void;
  /** A manifest's pod went: the kubelet stops it. */
  removed: (uid: string) => void;
  /** The mirror of a running static pod changed: the pod with `uid` is synced again. */
  changed: (uid: string) => void;
}

/** Static pods read from a directory, and their mirrors in the API. */
export class StaticPodSource {
  private readonly pods = new Map<string, Pod>();
  private readonly mirrors = new Map<string, Pod>();
  private readonly reported = new Set<string>();

  constructor(private readonly opts: StaticPodSourceOptions) {}

  /** Reads the manifests: new pods are added, removed or changed ones removed (each refusal logged once). */
  scan(): void {
    const { opts } = this;
    const scan = scanStaticPods(opts.dir, opts.nodeName, new Date(opts.now()));
    for (const e of scan.errors) {
      const key = `${e.file}: ${e.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      opts.log.warn({ file: e.file, err: e.message }, 'static pod manifest refused');
    }
    const current = new Set<string>();
    for (const pod of scan.pods) {
      const uid = pod.metadata.uid!;
      current.add(uid);
      if (this.pods.has(uid)) continue;
      this.pods.set(uid, pod);
      opts.added(pod);
      opts.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, uid }, 'static pod added');
    }
    for (const [uid, pod] of this.pods) {
      if (current.has(uid)) continue;
      this.pods.delete(uid);
      opts.removed(uid);
      opts.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, uid }, 'static pod removed');
      const mirror = this.mirrors.get(uid);
      if (mirror)
        void opts.pods
          .delete(mirror.metadata.namespace ?? 'default', mirror.metadata.name ?? '', {
            gracePeriodSeconds: 0,
            preconditions: { uid: mirror.metadata.uid },
          })
          .catch((err: unknown) =>
            opts.log.warn({ err: (err as Error).message }, 'deleting a mirror pod failed'),
          );
    }
  }

  /** Records a mirror pod seen in the API (or its deletion). */
  observeMirror(p: Pod, deleted: boolean): void {
    const hash = p.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION] ?? '';
    if (deleted) {
      if (this.mirrors.get(hash)?.metadata.uid === p.metadata.uid) this.mirrors.delete(hash);
    } else this.mirrors.set(hash, p);
    if (this.pods.has(hash)) this.opts.changed(hash);
  }

  /**
   * The mirror pod of `pod`, created when the API has none; undefined while one is being deleted
   * (it is created again once gone) or when creating it failed.
   */
  async ensureMirror(pod: Pod): Promise<Pod | undefined> {
    const uid = pod.metadata.uid ?? '';
    const mirror = this.mirrors.get(uid);
    if (mirror && !mirror.metadata.deletionTimestamp) return mirror;
    if (mirror) return undefined;
    try {
      const created = await this.opts.pods.create(mirrorPodFor(pod, this.opts.node()));
      this.mirrors.set(uid, created);
      return created;
    } catch (err) {
      if (err instanceof StatusError && err.code === 409) return undefined;
      this.opts.log.warn(
        { err: (err as Error).message, pod: pod.metadata.name },
        'creating the mirror pod failed',
      );
      return undefined;
    }
  }
}
