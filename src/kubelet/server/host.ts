/**
 * What the kubelet's HTTPS server needs of the kubelet: the pods it runs and where their
 * containers are in the runtime. The kubelet implements it (`../server_host.ts`); tests pass fakes.
 */
import type { Pod } from '../../api/types/pod.js';
import type { RuntimeService } from '../cri/api.js';

/** A container's log file, as `/containerLogs` reads it. */
export interface ContainerLogSource {
  containerId: string;
  /** Absolute path of the CRI log file on the node. */
  logPath: string;
  /** Whether the container still runs (`follow` stops once it does not). */
  running: boolean;
}

/** A refusal the server answers with `code` and `message` as plain text (upstream's WriteError). */
export class HostError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** The kubelet, as its server sees it. */
export interface KubeletServerHost {
  nodeName: string;
  runtime: RuntimeService;
  /** The pods this kubelet runs. */
  listPods(): Pod[];
  /** The pod `namespace/name` this kubelet runs (and with `uid`, only if it has that uid). */
  findPod(namespace: string, name: string, uid?: string): Pod | undefined;
  /** The id of the pod's ready sandbox (for port-forward), if it has one. */
  sandboxId(pod: Pod): Promise<string | undefined>;
  /** The id of the running instance of container `name` (for exec and attach), if any. */
  runningContainerId(pod: Pod, name: string): Promise<string | undefined>;
  /**
   * The log of container `name` (its previous instance with `previous`); rejects with a
   * `HostError` carrying upstream's message (`previous terminated container "c" in pod "p" not
   * found`, `container "c" in pod "p" is waiting to start: ContainerCreating`, …).
   */
  containerLog(pod: Pod, name: string, previous: boolean): Promise<ContainerLogSource>;
}
