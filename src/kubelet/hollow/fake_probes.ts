/**
 * The hollow node's probe manager, a fake: the containers of the fake runtime have nothing to
 * probe, so every running container counts as started and ready and none must restart. Used by
 * hollow nodes and by tests.
 */
import type { KubeletProbes } from '../kubelet_deps.js';

/** A fake KubeletProbes: always ready and started, never a liveness failure. */
export class FakeProbes implements KubeletProbes {
  mustRestart(_containerId: string): string | undefined {
    return undefined;
  }
  sync(): void {}
  isReady(_podUid: string, _containerName: string): boolean {
    return true;
  }
  isStarted(_podUid: string, _containerName: string): boolean {
    return true;
  }
  removePod(_podUid: string): void {}
}
