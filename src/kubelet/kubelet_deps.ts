/**
 * The parts of the kubelet that sit behind interfaces: pod volumes and probes, and what the
 * kubelet gives them (its object sources, its probe hooks). The kubelet
 * creates the real ones (`src/kubelet/volume/`, `src/kubelet/prober/`); tests may pass fakes.
 * The real volume manager is `createVolumeManager` in `src/kubelet/volume/volume_manager.ts`.
 */
import type { Logger } from 'pino';
import type { ConfigMap, Secret } from '../api/types/cluster.js';
import type { Pod } from '../api/types/pod.js';
import type { Clock } from '../client/clock.js';
import type { RestClient } from '../client/rest_client.js';
import type { RuntimeService } from './cri/api.js';
import type { ProbeView } from './pod_actions.js';
import type { PodVolumeSetup } from './pod_sync.js';
import type { RuntimePodStatus } from './runtime_pod_status.js';

/** A pod's volumes on the node. */
export interface KubeletVolumes {
  /** Sets up (idempotently) every volume of `pod`; rejects with upstream's FailedMount message. */
  setUp(pod: Pod): Promise<PodVolumeSetup>;
  /** Removes everything of a pod that is gone. */
  tearDown(podUid: string): Promise<void>;
}

/** The probes of the pods' containers. */
export interface KubeletProbes extends ProbeView {
  /** Starts probing the running containers of `pod` in `rt` and stops probing the others. */
  sync(pod: Pod, rt: RuntimePodStatus): void;
  isReady(podUid: string, containerName: string): boolean;
  isStarted(podUid: string, containerName: string): boolean;
  removePod(podUid: string): void;
}

/** The API objects the kubelet's parts read (from its watches of what its pods refer to). */
export interface KubeletObjectSources {
  rest: RestClient;
  getConfigMap(namespace: string, name: string): ConfigMap | undefined;
  getSecret(namespace: string, name: string): Secret | undefined;
  rootDir: string;
  log: Logger;
}

/** What the probe manager calls back into. */
export interface ProbeHooks {
  runtime: RuntimeService;
  changed(podUid: string): void;
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
  clock: Clock;
  log: Logger;
}
