/**
 * How the kubelet tells the API about its pods: status written through `pods/status` only when
 * it changed, and a deleted pod whose containers all stopped removed for good (grace period 0,
 * with the pod's uid as precondition so that a new pod of the same name is never touched).
 */
import type { Pod } from '../api/types/pod.js';
import { StatusError } from '../api/status_error.js';
import type { ResourceClient } from '../client/resource_client.js';

/** Writes pod status and final deletions, remembering what it already wrote. */
export class PodStatusWriter {
  private readonly lastStatus = new Map<string, string>();
  private readonly finalDeletes = new Set<string>();

  constructor(
    private readonly pods: ResourceClient<Pod>,
    /** Told how long each status PATCH took (milliseconds). */
    private readonly onWrite: (ms: number) => void = () => undefined,
  ) {}

  /**
   * Writes `status` to `target` (the pod itself, or a static pod's mirror) unless it already has
   * it. A pod gone (404) or replaced (409) is skipped; other errors reject.
   */
  async writeStatus(target: Pod, status: NonNullable<Pod['status']>, podUid: string): Promise<void> {
    const uid = target.metadata.uid ?? '';
    const text = JSON.stringify(status);
    const last = `${uid} ${text}`;
    if (this.lastStatus.get(podUid) === last) return;
    if (JSON.stringify(target.status ?? {}) === text) {
      this.lastStatus.set(podUid, last);
      return;
    }
    try {
      const t0 = Date.now();
      await this.pods.patch(
        target.metadata.namespace ?? 'default',
        target.metadata.name ?? '',
        'merge',
        { metadata: { uid }, status },
        { subresource: 'status' },
      );
      this.onWrite(Date.now() - t0);
      this.lastStatus.set(podUid, last);
    } catch (err) {
      if (err instanceof StatusError && (err.code === 404 || err.code === 409)) return;
      throw err;
    }
  }

  /** Removes a deleted pod from the API once (again only if that failed). */
  async finishDeletion(pod: Pod): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    if (this.finalDeletes.has(uid)) return;
    this.finalDeletes.add(uid);
    try {
      await this.pods.delete(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
    } catch (err) {
      this.finalDeletes.delete(uid);
      if (err instanceof StatusError && (err.code === 404 || err.code === 409)) return;
      throw err;
    }
  }

  /** Forgets what was written for the pod with `uid` (it is gone). */
  forget(uid: string): void {
    this.lastStatus.delete(uid);
    this.finalDeletes.delete(uid);
  }
}
