/**
 * Test fakes for the streaming chain: a fake runtime streaming server (HTTP/1.1 upgrades: SPDY is
 * accepted and echoed; WebSocket protocols containerd 1.6 does not speak are refused 403 and the
 * connection left open, as containerd does), a fake RuntimeService that hands out its URLs, and a
 * fake kubelet view with one pod.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Pod } from '../../src/api/types/pod.js';
import type {
  AttachRequest,
  Container,
  ContainerStats,
  ContainerStatus,
  ExecRequest,
  PodSandbox,
  PortForwardRequest,
  RuntimeService,
} from '../../src/kubelet/cri/api.js';
import { CriError, GrpcCode } from '../../src/kubelet/cri/api.js';
import type { RuntimeContainer, RuntimePodStatus } from '../../src/kubelet/runtime_pod_status.js';
import type { KubeletView } from '../../src/kubelet/server_host.js';

/** The old WebSocket protocols containerd 1.6's streaming server speaks. */
const SPOKEN_WS = new Set([
  'channel.k8s.io',
  'base64.channel.k8s.io',
  'v4.channel.k8s.io',
  'portforward.k8s.io',
]);

/** One upgrade the fake streaming server saw. */
export interface SeenUpgrade {
  method: string;
  path: string;
  upgrade: string;
  protocols: string;
}

/** A fake runtime streaming server on loopback. */
export class FakeStreamingServer {
  readonly seen: SeenUpgrade[] = [];
  private server = http.createServer((_req, res) => res.writeHead(404).end());
  private readonly sockets = new Set<Duplex>();
  port = 0;

  async start(): Promise<void> {
    this.server.on('upgrade', (req, socket, head) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const upgrade = String(req.headers.upgrade ?? '');
      const protocols = String(
        req.headers['sec-websocket-protocol'] ?? req.headers['x-stream-protocol-version'] ?? '',
      );
      this.seen.push({ method: req.method ?? '', path: req.url ?? '', upgrade, protocols });
      if (upgrade.toLowerCase() === 'websocket') {
        const offered = protocols.split(',').map((p) => p.trim());
        if (!offered.some((p) => SPOKEN_WS.has(p))) {
          socket.write('HTTP/1.1 403 Forbidden\r\n\r\n'); // and, like containerd, no close
          return;
        }
      }
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\n\r\n`);
      if (head.length) socket.write(head);
      socket.pipe(socket);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(kind: string, token: string): string {
    return `http://127.0.0.1:${this.port}/${kind}/${token}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A fake RuntimeService: one pod's sandbox and containers, streaming sessions on the fake server. */
export class FakeStreamingRuntime implements RuntimeService {
  readonly execs: ExecRequest[] = [];
  readonly attaches: AttachRequest[] = [];
  readonly portForwards: PortForwardRequest[] = [];
  readonly containers = new Map<string, ContainerStatus & { sandbox: string }>();
  readonly sandboxes: PodSandbox[] = [];
  private n = 0;

  constructor(private readonly streaming: FakeStreamingServer) {}

  async exec(req: ExecRequest): Promise<string> {
    this.execs.push(req);
    return this.streaming.url('exec', `tok${++this.n}`);
  }
  async attach(req: AttachRequest): Promise<string> {
    this.attaches.push(req);
    return this.streaming.url('attach', `tok${++this.n}`);
  }
  async portForward(req: PortForwardRequest): Promise<string> {
    this.portForwards.push(req);
    return this.streaming.url('portforward', `tok${++this.n}`);
  }
  async containerStatus(id: string): Promise<ContainerStatus> {
    const c = this.containers.get(id);
    if (!c)
      throw new CriError(
        GrpcCode.NOT_FOUND,
        `an error occurred when try to find container "${id}": not found`,
      );
    return c;
  }
  async listPodSandbox(): Promise<PodSandbox[]> {
    return this.sandboxes;
  }
  async listContainers(): Promise<Container[]> {
    return [...this.containers.values()].map((c) => ({
      id: c.id,
      podSandboxId: c.sandbox,
      metadata: c.metadata,
      image: c.image,
      imageRef: c.imageRef,
      state: c.state,
      createdAt: c.createdAt,
    }));
  }
  async listContainerStats(): Promise<ContainerStats[]> {
    return [...this.containers.values()].map((c, i) => ({
      id: c.id,
      name: c.metadata.name,
      podSandboxId: c.sandbox,
      timestamp: Date.now() * 1e6,
      cpuUsageCoreNanoSeconds: 1_000_000 * (i + 1),
      memoryWorkingSetBytes: 4096 * (i + 1),
    }));
  }
  private unused(): never {
    throw new CriError(GrpcCode.UNIMPLEMENTED, 'not used by this fake');
  }
  version = async () => ({
    version: '0.1.0',
    runtimeName: 'fake',
    runtimeVersion: '1',
    runtimeApiVersion: 'v1',
  });
  status = async () => ({ conditions: [] });
  updateRuntimeConfig = async () => this.unused();
  runPodSandbox = async () => this.unused();
  stopPodSandbox = async () => this.unused();
  removePodSandbox = async () => this.unused();
  podSandboxStatus = async () => this.unused();
  createContainer = async () => this.unused();
  startContainer = async () => this.unused();
  stopContainer = async () => this.unused();
  removeContainer = async () => this.unused();
  reopenContainerLog = async () => this.unused();
  execSync = async () => this.unused();
}

/** A fake kubelet view over the fake runtime: the pods given, their state read from the runtime. */
export class FakeKubeletView implements KubeletView {
  readonly podList: Pod[] = [];
  constructor(
    readonly nodeName: string,
    private readonly runtime: FakeStreamingRuntime,
  ) {}
  pods(): Pod[] {
    return this.podList;
  }
  async runtimeStatus(pod: Pod): Promise<RuntimePodStatus> {
    const uid = pod.metadata.uid ?? '';
    const sandboxes = this.runtime.sandboxes.filter((s) => s.metadata.uid === uid);
    const containers: RuntimeContainer[] = [];
    for (const c of this.runtime.containers.values()) {
      if (!sandboxes.some((s) => s.id === c.sandbox)) continue;
      containers.push({
        ...c,
        name: c.metadata.name,
        restartCount: c.metadata.attempt,
        hash: '',
        podSandboxId: c.sandbox,
      });
    }
    containers.sort((a, b) => b.createdAt - a.createdAt);
    return {
      uid,
      name: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? '',
      sandboxes: sandboxes.map((s) => ({ ...s })),
      containers,
    };
  }

  /** Adds a pod with a ready sandbox and one running container per spec container, logging to `logDir`. */
  addRunningPod(pod: Pod, logDir: string): void {
    this.podList.push(pod);
    const uid = pod.metadata.uid ?? '';
    const sb = `sb-${uid}`;
    this.runtime.sandboxes.push({
      id: sb,
      metadata: { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', uid, attempt: 0 },
      state: 'SANDBOX_READY',
      createdAt: Date.now() * 1e6,
    });
    for (const c of pod.spec.containers) {
      const id = `ctr-${uid}-${c.name}`;
      const logPath = path.join(logDir, `${uid}-${c.name}.log`);
      fs.writeFileSync(logPath, '');
      this.runtime.containers.set(id, {
        id,
        sandbox: sb,
        metadata: { name: c.name, attempt: 0 },
        state: 'CONTAINER_RUNNING',
        createdAt: Date.now() * 1e6,
        startedAt: Date.now() * 1e6,
        finishedAt: 0,
        exitCode: 0,
        image: { image: c.image ?? '' },
        imageRef: c.image ?? '',
        logPath,
      });
    }
  }
}
