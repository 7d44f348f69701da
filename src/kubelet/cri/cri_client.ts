/**
 * The CRI v1 gRPC client: `RuntimeService` and `ImageService` of `api.ts` over @grpc/grpc-js to
 * a runtime's unix socket (containerd, CRI-O: any CRI v1 runtime). Messages are the camelCase
 * shapes of runtime_v1.proto (int64 as numbers, enums as their names); every failure becomes a
 * `CriError` carrying the gRPC status code and the runtime's message.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { PackageDefinition } from '@grpc/proto-loader';
import type {
  AttachRequest,
  AuthConfig,
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatus,
  ExecRequest,
  ExecSyncResult,
  Image,
  ImageService,
  ImageSpec,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatus,
  PortForwardRequest,
  RuntimeService,
  RuntimeStatus,
  VersionInfo,
} from './api.js';
import { CriError, GrpcCode } from './api.js';

/** The CRI API version the kubelet speaks (sent in `Version`). */
export const CRI_API_VERSION = 'v1';

/** Deadlines of CRI calls: upstream's `--runtime-request-timeout` is 2 min; pulls take longer. */
const DEFAULT_TIMEOUT_MS = 120_000;
const PULL_TIMEOUT_MS = 30 * 60_000;

const LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

let packageDefinition: PackageDefinition | undefined;

/** The directory holding runtime_v1.proto: beside this module in src/, or back in src/ from dist/. */
function protoDirectory(): string {
  const candidates = [
    new URL('./', import.meta.url),
    new URL('../../../../src/kubelet/cri/', import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir + 'runtime_v1.proto')) return dir;
  }
  throw new Error(`runtime_v1.proto not found in ${candidates.map((u) => fileURLToPath(u)).join(' or ')}`);
}

function services(): { runtime: ServiceClientConstructor; image: ServiceClientConstructor } {
  packageDefinition ??= loadSync('runtime_v1.proto', { ...LOADER_OPTIONS, includeDirs: [protoDirectory()] });
  const pkg = loadPackageDefinition(packageDefinition) as unknown as {
    runtime: { v1: { RuntimeService: ServiceClientConstructor; ImageService: ServiceClientConstructor } };
  };
  return { runtime: pkg.runtime.v1.RuntimeService, image: pkg.runtime.v1.ImageService };
}

/** Options of a CRI client. */
export interface CriClientOptions {
  /** The runtime's endpoint: `unix:///run/containerd/containerd.sock` or a plain socket path. */
  endpoint: string;
  /** Deadline of ordinary calls in milliseconds (default 2 min). */
  timeoutMs?: number;
}

type Unary = (
  req: object,
  options: { deadline: Date },
  cb: (err: ServiceError | null, res: unknown) => void,
) => void;

/** Turns `undefined`/`null` message fields the loader filled in into absent ones where api.ts says optional. */
function orUndefined<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

/** A sandbox's netns path and pid from containerd's (or CRI-O's) verbose `info`. */
export function sandboxInfo(info: Record<string, string> | undefined): { netnsPath?: string; pid?: number } {
  const raw = info?.info;
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as {
      pid?: number;
      runtimeSpec?: { linux?: { namespaces?: { type?: string; path?: string }[] } };
    };
    const net = parsed.runtimeSpec?.linux?.namespaces?.find((n) => n.type === 'network')?.path;
    return {
      netnsPath: net || undefined,
      pid: typeof parsed.pid === 'number' && parsed.pid > 0 ? parsed.pid : undefined,
    };
  } catch {
    return {};
  }
}

/** A CRI runtime over gRPC (see the file comment). */
export class CriClient implements RuntimeService, ImageService {
  private readonly runtime: Client;
  private readonly images: Client;
  private readonly timeoutMs: number;

  constructor(opts: CriClientOptions) {
    const target = opts.endpoint.startsWith('unix:') ? opts.endpoint : `unix://${opts.endpoint}`;
    const { runtime, image } = services();
    const channel = {
      'grpc.max_receive_message_length': 16 * 1024 * 1024 + 1024,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2000,
    };
    this.runtime = new runtime(target, credentials.createInsecure(), channel);
    this.images = new image(target, credentials.createInsecure(), channel);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Closes the connections; calls in flight fail. */
  close(): void {
    this.runtime.close();
    this.images.close();
  }

  private call<T>(client: Client, method: string, req: object, timeoutMs = this.timeoutMs): Promise<T> {
    const fn = (client as unknown as Record<string, Unary>)[method];
    if (!fn) return Promise.reject(new CriError(GrpcCode.UNIMPLEMENTED, `CRI method ${method} is not known`));
    return new Promise<T>((resolve, reject) => {
      fn.call(client, req, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err) reject(new CriError(err.code ?? GrpcCode.UNKNOWN, err.details || err.message));
        else resolve(res as T);
      });
    });
  }

  private rt<T>(method: string, req: object, timeoutMs?: number): Promise<T> {
    return this.call<T>(this.runtime, method, req, timeoutMs);
  }

  // --- RuntimeService ---

  async version(): Promise<VersionInfo> {
    return this.rt<VersionInfo>('Version', { version: CRI_API_VERSION });
  }

  async status(): Promise<RuntimeStatus> {
    const res = await this.rt<{ status: RuntimeStatus | null }>('Status', {});
    return { conditions: res.status?.conditions ?? [] };
  }

  async updateRuntimeConfig(podCidr: string): Promise<void> {
    await this.rt('UpdateRuntimeConfig', { runtimeConfig: { networkConfig: { podCidr } } });
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    const res = await this.rt<{ podSandboxId: string }>('RunPodSandbox', { config, runtimeHandler });
    return res.podSandboxId;
  }

  async stopPodSandbox(podSandboxId: string): Promise<void> {
    await this.rt('StopPodSandbox', { podSandboxId });
  }

  async removePodSandbox(podSandboxId: string): Promise<void> {
    await this.rt('RemovePodSandbox', { podSandboxId });
  }

  async podSandboxStatus(podSandboxId: string, verbose = false): Promise<PodSandboxStatus> {
    const res = await this.rt<{ status: PodSandboxStatus | null; info: Record<string, string> }>(
      'PodSandboxStatus',
      { podSandboxId, verbose },
    );
    if (!res.status) throw new CriError(GrpcCode.NOT_FOUND, `sandbox ${podSandboxId} has no status`);
    return { ...res.status, network: orUndefined(res.status.network), ...sandboxInfo(res.info) };
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const res = await this.rt<{ items: PodSandbox[] }>('ListPodSandbox', { filter: filter ?? null });
    return res.items;
  }

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<string> {
    const res = await this.rt<{ containerId: string }>('CreateContainer', {
      podSandboxId,
      config,
      sandboxConfig,
    });
    return res.containerId;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.rt('StartContainer', { containerId });
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    // The call lasts up to the grace period: give the deadline that much more.
    await this.rt(
      'StopContainer',
      { containerId, timeout: timeoutSeconds },
      this.timeoutMs + timeoutSeconds * 1000,
    );
  }

  async removeContainer(containerId: string): Promise<void> {
    await this.rt('RemoveContainer', { containerId });
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const res = await this.rt<{ containers: Container[] }>('ListContainers', { filter: filter ?? null });
    return res.containers;
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    const res = await this.rt<{ status: ContainerStatus | null }>('ContainerStatus', { containerId });
    if (!res.status) throw new CriError(GrpcCode.NOT_FOUND, `container ${containerId} has no status`);
    const s = res.status;
    return {
      ...s,
      reason: s.reason || undefined,
      message: s.message || undefined,
      logPath: s.logPath || undefined,
    };
  }

  async reopenContainerLog(containerId: string): Promise<void> {
    await this.rt('ReopenContainerLog', { containerId });
  }

  async execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult> {
    const deadline = timeoutSeconds > 0 ? timeoutSeconds * 1000 + 5000 : 24 * 3600_000;
    return this.rt<ExecSyncResult>('ExecSync', { containerId, cmd, timeout: timeoutSeconds }, deadline);
  }

  async exec(req: ExecRequest): Promise<string> {
    return (await this.rt<{ url: string }>('Exec', req)).url;
  }

  async attach(req: AttachRequest): Promise<string> {
    return (await this.rt<{ url: string }>('Attach', req)).url;
  }

  async portForward(req: PortForwardRequest): Promise<string> {
    return (await this.rt<{ url: string }>('PortForward', req)).url;
  }

  async listContainerStats(): Promise<ContainerStats[]> {
    type Raw = {
      attributes: { id: string; metadata: { name: string } | null; labels: Record<string, string> } | null;
      cpu: { timestamp: number; usageCoreNanoSeconds: { value: number } | null } | null;
      memory: { timestamp: number; workingSetBytes: { value: number } | null } | null;
      writableLayer: { usedBytes: { value: number } | null } | null;
    };
    const res = await this.rt<{ stats: Raw[] }>('ListContainerStats', { filter: null });
    return res.stats.map((s) => ({
      id: s.attributes?.id ?? '',
      name: s.attributes?.metadata?.name ?? '',
      timestamp: s.cpu?.timestamp || s.memory?.timestamp || Date.now() * 1e6,
      cpuUsageCoreNanoSeconds: s.cpu?.usageCoreNanoSeconds?.value,
      memoryWorkingSetBytes: s.memory?.workingSetBytes?.value,
      writableLayerUsedBytes: s.writableLayer?.usedBytes?.value,
    }));
  }

  // --- ImageService ---

  async listImages(): Promise<Image[]> {
    const res = await this.call<{ images: Image[] }>(this.images, 'ListImages', { filter: null });
    return res.images;
  }

  async imageStatus(image: ImageSpec): Promise<Image | null> {
    const res = await this.call<{ image: Image | null }>(this.images, 'ImageStatus', { image });
    return res.image && res.image.id ? res.image : null;
  }

  async pullImage(image: ImageSpec, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig): Promise<string> {
    const res = await this.call<{ imageRef: string }>(
      this.images,
      'PullImage',
      { image, auth: auth ?? null, sandboxConfig: sandboxConfig ?? null },
      PULL_TIMEOUT_MS,
    );
    return res.imageRef;
  }

  async removeImage(image: ImageSpec): Promise<void> {
    await this.call(this.images, 'RemoveImage', { image });
  }
}
