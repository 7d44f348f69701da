/**
 * The Container Runtime Interface (CRI v1, `runtime.v1`) as the kubelet sees it: the messages it
 * sends and receives, in the camelCase shape of the protobuf fields, and the two services. The
 * gRPC client (`cri_client.ts`) implements these against containerd or CRI-O; the hollow node's
 * fake runtime implements them in memory. The kubelet depends on nothing else of a runtime.
 *
 * Conventions: int64 fields are numbers (timestamps are nanoseconds since the epoch; a double
 * keeps them to a fraction of a microsecond); enums are the upstream constant names; absent
 * optional fields are `undefined`.
 */

/** `runtime.v1.KeyValue`. */
export interface KeyValue {
  key: string;
  value: string;
}

/** `runtime.v1.Protocol`. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** `runtime.v1.PortMapping`. */
export interface PortMapping {
  protocol?: Protocol;
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

/** `runtime.v1.MountPropagation`. */
export type MountPropagation =
  'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';

/** `runtime.v1.Mount`. */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: MountPropagation;
}

/** `runtime.v1.NamespaceMode`: POD shares with the sandbox, NODE with the host. */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

/** `runtime.v1.NamespaceOption`. */
export interface NamespaceOption {
  network?: NamespaceMode;
  pid?: NamespaceMode;
  ipc?: NamespaceMode;
  targetId?: string;
}

/** `runtime.v1.Int64Value`. */
export interface Int64Value {
  value: number;
}

/** `runtime.v1.LinuxSandboxSecurityContext` (the subset the kubelet sets). */
export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  privileged?: boolean;
}

/** `runtime.v1.LinuxPodSandboxConfig`. */
export interface LinuxPodSandboxConfig {
  cgroupParent?: string;
  securityContext?: LinuxSandboxSecurityContext;
  sysctls?: Record<string, string>;
}

/** `runtime.v1.PodSandboxMetadata`. */
export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

/** `runtime.v1.DNSConfig`. */
export interface DNSConfig {
  servers?: string[];
  searches?: string[];
  options?: string[];
}

/** `runtime.v1.PodSandboxConfig`. */
export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  logDirectory?: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: LinuxPodSandboxConfig;
}

/** `runtime.v1.PodSandboxState`. */
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

/** `runtime.v1.PodIP`. */
export interface PodIP {
  ip: string;
}

/** `runtime.v1.PodSandboxNetworkStatus`. */
export interface PodSandboxNetworkStatus {
  ip: string;
  additionalIps?: PodIP[];
}

/** `runtime.v1.PodSandboxStatus`. */
export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  network?: PodSandboxNetworkStatus;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  runtimeHandler?: string;
  /** The sandbox's network namespace path, from the runtime's verbose info (asked for) when it reports one. */
  netnsPath?: string;
  /** The sandbox's pid on the node, from the runtime's verbose info when it reports one. */
  pid?: number;
}

/** `runtime.v1.PodSandbox` (an entry of ListPodSandbox). */
export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  runtimeHandler?: string;
}

/** `runtime.v1.PodSandboxFilter`. */
export interface PodSandboxFilter {
  id?: string;
  state?: { state: PodSandboxState };
  labelSelector?: Record<string, string>;
}

/** `runtime.v1.ImageSpec`. */
export interface ImageSpec {
  image: string;
  annotations?: Record<string, string>;
}

/** `runtime.v1.ContainerMetadata`. */
export interface ContainerMetadata {
  name: string;
  attempt: number;
}

/** `runtime.v1.Capability`. */
export interface Capability {
  addCapabilities?: string[];
  dropCapabilities?: string[];
}

/** `runtime.v1.LinuxContainerResources`. */
export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

/** `runtime.v1.LinuxContainerSecurityContext` (the subset the kubelet sets). */
export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

/** `runtime.v1.LinuxContainerConfig`. */
export interface LinuxContainerConfig {
  resources?: LinuxContainerResources;
  securityContext?: LinuxContainerSecurityContext;
}

/** `runtime.v1.ContainerConfig`. */
export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: LinuxContainerConfig;
}

/** `runtime.v1.ContainerState`. */
export type ContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

/** `runtime.v1.Container` (an entry of ListContainers). */
export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `runtime.v1.ContainerFilter`. */
export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState };
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

/** `runtime.v1.ContainerStatus`. */
export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec;
  imageRef: string;
  /** Brief CamelCase reason of the state, e.g. `OOMKilled`, `Completed`, `Error`. */
  reason?: string;
  /** The termination message, when the runtime read one. */
  message?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  mounts?: Mount[];
  /** Absolute path of the container's log file on the node. */
  logPath?: string;
}

/** `runtime.v1.ExecSyncResponse`. */
export interface ExecSyncResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

/** `runtime.v1.ExecRequest`. */
export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

/** `runtime.v1.AttachRequest`. */
export interface AttachRequest {
  containerId: string;
  stdin?: boolean;
  tty?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

/** `runtime.v1.PortForwardRequest`. */
export interface PortForwardRequest {
  podSandboxId: string;
  port?: number[];
}

/** `runtime.v1.RuntimeCondition`. */
export interface RuntimeCondition {
  type: string;
  status: boolean;
  reason?: string;
  message?: string;
}

/** `runtime.v1.StatusResponse`. */
export interface RuntimeStatus {
  conditions: RuntimeCondition[];
}

/** `runtime.v1.VersionResponse`. */
export interface VersionInfo {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** `runtime.v1.ContainerStats` reduced to what /stats/summary reports. */
export interface ContainerStats {
  id: string;
  name: string;
  podSandboxId?: string;
  timestamp: number;
  /** Cumulative CPU usage in nanocore-seconds (nanoseconds of CPU time). */
  cpuUsageCoreNanoSeconds?: number;
  memoryWorkingSetBytes?: number;
  writableLayerUsedBytes?: number;
}

/** `runtime.v1.Image`. */
export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  pinned?: boolean;
}

/** `runtime.v1.AuthConfig`: credentials of an imagePullSecret. */
export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  serverAddress?: string;
  identityToken?: string;
  registryToken?: string;
}

/**
 * `runtime.v1.RuntimeService`. Every method rejects with a `CriError` whose `code` is the gRPC
 * status code (5 NOT_FOUND for an unknown sandbox or container, 14 UNAVAILABLE when the runtime
 * is down, …) and whose message is the runtime's.
 */
export interface RuntimeService {
  version(): Promise<VersionInfo>;
  status(): Promise<RuntimeStatus>;
  /** Sets the pod CIDR the runtime's network plugin allocates from. */
  updateRuntimeConfig(podCidr: string): Promise<void>;

  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(podSandboxId: string): Promise<void>;
  removePodSandbox(podSandboxId: string): Promise<void>;
  /**
   * The sandbox's status; with `verbose` also its netns path and pid from the runtime's verbose
   * info (costly: containerd asks the sandbox's shim and encodes its whole OCI spec).
   */
  podSandboxStatus(podSandboxId: string, verbose?: boolean): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  /** Stops with SIGTERM (or the image's stop signal), SIGKILL after `timeoutSeconds`. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  /** Asks the runtime to reopen the container's log file (after rotation). */
  reopenContainerLog(containerId: string): Promise<void>;

  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult>;
  /** Returns the URL of the runtime's streaming server that serves this exec session. */
  exec(req: ExecRequest): Promise<string>;
  /** Returns the URL of the runtime's streaming server that serves this attach session. */
  attach(req: AttachRequest): Promise<string>;
  /** Returns the URL of the runtime's streaming server that serves this port-forward session. */
  portForward(req: PortForwardRequest): Promise<string>;

  listContainerStats(): Promise<ContainerStats[]>;
}

/** `runtime.v1.ImageService`; errors as `RuntimeService`'s. */
export interface ImageService {
  listImages(): Promise<Image[]>;
  /** The image, or null when the runtime does not have it. */
  imageStatus(image: ImageSpec): Promise<Image | null>;
  /** Pulls and returns the image reference (its id). */
  pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string>;
  removeImage(image: ImageSpec): Promise<void>;
}

/** A failed CRI call: `code` is the gRPC status code. */
export class CriError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CriError';
  }
}

/** gRPC status codes the kubelet tells apart. */
export const GrpcCode = {
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  DEADLINE_EXCEEDED: 4,
  UNAVAILABLE: 14,
  UNIMPLEMENTED: 12,
  UNKNOWN: 2,
} as const;
