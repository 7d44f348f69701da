/**
 * FakeRuntime: an in-memory stand-in for a container runtime, for hollow nodes and tests. It
 * implements the same CRI services the kubelet drives containerd through; sandboxes get an
 * address from the pod CIDR at once, containers start instantly and run until stopped (exiting
 * 0) or until a test makes them exit. Nothing runs: it is a fake, named as one.
 */
import { randomBytes } from 'node:crypto';
import type {
  AttachRequest,
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
} from '../cri/api.js';
import { CriError, GrpcCode } from '../cri/api.js';

interface FakeSandbox {
  id: string;
  config: PodSandboxConfig;
  state: 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
  createdAt: number;
  ip: string;
}

interface FakeContainer {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  state: 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  imageRef: string;
}

/** How a test shapes the fake's answers. */
export interface FakeRuntimeOptions {
  /** Images that "exist" in a registry (default: every image). */
  imageExists?: (image: string) => boolean;
  /** The answer of ExecSync (default: exit 0, no output). */
  execSync?: (containerId: string, cmd: string[]) => ExecSyncResult;
  /** What a container does when started: exit at once with this code, or run (undefined). */
  onStart?: (config: ContainerConfig) => { exitCode: number; reason?: string } | undefined;
  /** Nanoseconds since the epoch (default: the real clock). */
  nowNs?: () => number;
}

function nid(): string {
  return randomBytes(32).toString('hex');
}

function matches(
  labels: Record<string, string> | undefined,
  sel: Record<string, string> | undefined,
): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel)) if (labels?.[k] !== v) return false;
  return true;
}

/** An in-memory runtime (see the file comment). */
export class FakeRuntime implements RuntimeService, ImageService {
  readonly sandboxes = new Map<string, FakeSandbox>();
  readonly containers = new Map<string, FakeContainer>();
  private readonly images = new Map<string, Image>();
  private cidrBase = [10, 88, 0, 0];
  private nextHost = 2;
  private readonly nowNs: () => number;
  /** Every call made, by method name (tests count them). */
  readonly calls: string[] = [];

  constructor(private readonly opts: FakeRuntimeOptions = {}) {
    this.nowNs = opts.nowNs ?? (() => Date.now() * 1e6);
  }

  // --- tests' controls ---

  /** Makes a running container exit now with `exitCode` (and a reason such as OOMKilled). */
  exitContainer(id: string, exitCode: number, reason?: string): void {
    const c = this.containers.get(id);
    if (!c || c.state !== 'CONTAINER_RUNNING') return;
    c.state = 'CONTAINER_EXITED';
    c.exitCode = exitCode;
    c.finishedAt = this.nowNs();
    c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
  }

  /** Makes a sandbox die (as if its network namespace vanished). */
  killSandbox(id: string): void {
    const s = this.sandboxes.get(id);
    if (s) s.state = 'SANDBOX_NOTREADY';
  }

  /** The running containers named `name` (tests find what the kubelet started). */
  running(name?: string): FakeContainer[] {
    return [...this.containers.values()].filter(
      (c) => c.state === 'CONTAINER_RUNNING' && (name === undefined || c.config.metadata.name === name),
    );
  }

  // --- RuntimeService ---

  async version(): Promise<VersionInfo> {
    return { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '1.0.0', runtimeApiVersion: 'v1' };
  }

  async status(): Promise<RuntimeStatus> {
    return {
      conditions: [
        { type: 'RuntimeReady', status: true },
        { type: 'NetworkReady', status: true },
      ],
    };
  }

  async updateRuntimeConfig(podCidr: string): Promise<void> {
    const [ip] = podCidr.split('/');
    const parts = (ip ?? '').split('.').map(Number);
    if (parts.length === 4 && parts.every((n) => Number.isInteger(n))) {
      this.cidrBase = parts;
      this.nextHost = 2;
    }
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    this.calls.push('runPodSandbox');
    const id = nid();
    const host = this.nextHost++;
    const [a, b, c] = this.cidrBase;
    const ip = `${a}.${b}.${(c! + Math.floor(host / 254)) % 256}.${(host % 254) + 1}`;
    this.sandboxes.set(id, { id, config, state: 'SANDBOX_READY', createdAt: this.nowNs(), ip });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    this.calls.push('stopPodSandbox');
    const s = this.sandboxes.get(id);
    if (!s) return;
    s.state = 'SANDBOX_NOTREADY';
    for (const c of this.containers.values()) {
      if (c.sandboxId === id && c.state === 'CONTAINER_RUNNING') {
        c.state = 'CONTAINER_EXITED';
        c.exitCode = 137;
        c.reason = 'Error';
        c.finishedAt = this.nowNs();
      }
    }
  }

  async removePodSandbox(id: string): Promise<void> {
    this.calls.push('removePodSandbox');
    this.sandboxes.delete(id);
    for (const [cid, c] of this.containers) if (c.sandboxId === id) this.containers.delete(cid);
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const s = this.sandboxes.get(id);
    if (!s) throw new CriError(GrpcCode.NOT_FOUND, `an error occurred when try to find sandbox: not found`);
    const hostNet = s.config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
    return {
      id,
      metadata: s.config.metadata,
      state: s.state,
      createdAt: s.createdAt,
      network: hostNet ? undefined : { ip: s.ip },
      labels: s.config.labels,
      annotations: s.config.annotations,
    };
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    return [...this.sandboxes.values()]
      .filter((s) => (!filter?.id || s.id === filter.id) && matches(s.config.labels, filter?.labelSelector))
      .filter((s) => !filter?.state || s.state === filter.state.state)
      .map((s) => ({
        id: s.id,
        metadata: s.config.metadata,
        state: s.state,
        createdAt: s.createdAt,
        labels: s.config.labels,
        annotations: s.config.annotations,
      }));
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    this.calls.push('createContainer');
    const sb = this.sandboxes.get(sandboxId);
    if (!sb || sb.state !== 'SANDBOX_READY')
      throw new CriError(GrpcCode.NOT_FOUND, `failed to get sandbox ${sandboxId}: not found`);
    const image =
      this.images.get(config.image.image) ??
      [...this.images.values()].find((i) => i.id === config.image.image);
    const id = nid();
    this.containers.set(id, {
      id,
      sandboxId,
      config,
      state: 'CONTAINER_CREATED',
      createdAt: this.nowNs(),
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      reason: '',
      imageRef: image?.id ?? config.image.image,
    });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push('startContainer');
    const c = this.containers.get(id);
    if (!c) throw new CriError(GrpcCode.NOT_FOUND, `container ${id} not found`);
    c.state = 'CONTAINER_RUNNING';
    c.startedAt = this.nowNs();
    const exit = this.opts.onStart?.(c.config);
    if (exit) this.exitContainer(id, exit.exitCode, exit.reason);
  }

  async stopContainer(id: string): Promise<void> {
    this.calls.push('stopContainer');
    const c = this.containers.get(id);
    if (!c) throw new CriError(GrpcCode.NOT_FOUND, `container ${id} not found`);
    if (c.state === 'CONTAINER_RUNNING') this.exitContainer(id, 0, 'Completed');
    else if (c.state === 'CONTAINER_CREATED') {
      c.state = 'CONTAINER_EXITED';
      c.finishedAt = this.nowNs();
    }
  }

  async removeContainer(id: string): Promise<void> {
    this.calls.push('removeContainer');
    this.containers.delete(id);
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    return [...this.containers.values()]
      .filter(
        (c) =>
          (!filter?.id || c.id === filter.id) &&
          (!filter?.podSandboxId || c.sandboxId === filter.podSandboxId),
      )
      .filter((c) => matches(c.config.labels, filter?.labelSelector))
      .filter((c) => !filter?.state || c.state === filter.state.state)
      .map((c) => ({
        id: c.id,
        podSandboxId: c.sandboxId,
        metadata: c.config.metadata,
        image: c.config.image,
        imageRef: c.imageRef,
        state: c.state,
        createdAt: c.createdAt,
        labels: c.config.labels,
        annotations: c.config.annotations,
      }));
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const c = this.containers.get(id);
    if (!c)
      throw new CriError(
        GrpcCode.NOT_FOUND,
        `an error occurred when try to find container "${id}": not found`,
      );
    return {
      id,
      metadata: c.config.metadata,
      state: c.state,
      createdAt: c.createdAt,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      exitCode: c.exitCode,
      image: c.config.image,
      imageRef: c.imageRef,
      reason: c.reason,
      labels: c.config.labels,
      annotations: c.config.annotations,
      mounts: c.config.mounts,
    };
  }

  async reopenContainerLog(): Promise<void> {}

  async execSync(id: string, cmd: string[]): Promise<ExecSyncResult> {
    const c = this.containers.get(id);
    if (!c || c.state !== 'CONTAINER_RUNNING')
      throw new CriError(GrpcCode.UNKNOWN, `container ${id} is not running`);
    return this.opts.execSync?.(id, cmd) ?? { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 };
  }

  async exec(_req: ExecRequest): Promise<string> {
    throw new CriError(GrpcCode.UNIMPLEMENTED, 'the fake runtime runs no processes to exec into');
  }

  async attach(_req: AttachRequest): Promise<string> {
    throw new CriError(GrpcCode.UNIMPLEMENTED, 'the fake runtime runs no processes to attach to');
  }

  async portForward(_req: PortForwardRequest): Promise<string> {
    throw new CriError(GrpcCode.UNIMPLEMENTED, 'the fake runtime listens on no ports');
  }

  async listContainerStats(): Promise<ContainerStats[]> {
    const now = this.nowNs();
    return [...this.containers.values()]
      .filter((c) => c.state === 'CONTAINER_RUNNING')
      .map((c) => ({ id: c.id, name: c.config.metadata.name, podSandboxId: c.sandboxId, timestamp: now }));
  }

  // --- ImageService ---

  async listImages(): Promise<Image[]> {
    return [...new Set(this.images.values())];
  }

  async imageStatus(spec: ImageSpec): Promise<Image | null> {
    return this.images.get(spec.image) ?? null;
  }

  async pullImage(spec: ImageSpec): Promise<string> {
    this.calls.push('pullImage');
    const exists = this.opts.imageExists?.(spec.image) ?? true;
    if (!exists)
      throw new CriError(
        GrpcCode.NOT_FOUND,
        `failed to pull and unpack image "${spec.image}": failed to resolve reference "${spec.image}": not found`,
      );
    const id = `sha256:${randomBytes(32).toString('hex')}`;
    const img: Image = { id, repoTags: [spec.image], repoDigests: [], size: 1_000_000 };
    this.images.set(spec.image, img);
    return id;
  }

  async removeImage(spec: ImageSpec): Promise<void> {
    this.images.delete(spec.image);
  }
}
