/**
 * The hollow node's volume manager, a fake: pods get no volume directories and no mounts, since
 * their containers never run. Used by hollow nodes and by tests.
 */
import type { KubeletVolumes } from '../kubelet_deps.js';
import type { PodVolumeSetup } from '../pod_sync.js';

const NO_VOLUMES: PodVolumeSetup = { paths: new Map<string, string>(), mounts: () => [] };

/** A fake KubeletVolumes: `setUp` gives every pod no volumes; `tearDown` has nothing to remove. */
export class FakeVolumes implements KubeletVolumes {
  async setUp(): Promise<PodVolumeSetup> {
    return NO_VOLUMES;
  }
  async tearDown(_podUid: string): Promise<void> {}
}
