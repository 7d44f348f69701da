/**
 * The kubelet: it registers its Node and keeps it healthy, watches the pods bound to it, and
 * runs each through a pod worker that syncs the runtime to the pod's spec (`pod_sync.ts`) and
 * reports the pod's status (`pod_status.ts`) back through the API. A relist of the runtime every
 * second (upstream's PLEG) notices containers that exit — against the state each pod's last sync
 * ended with, so the kubelet's own starts are not synced twice; a pod's status is written as
 * soon as the sync that started it has computed it, never waiting for a relist. Pods gone from
 * the API are stopped and cleaned up; pods found in the runtime after a restart are adopted, not
 * duplicated. The secrets and config maps pods refer to are watched one object at a time
 * (`object_watches.ts`), all a kubelet's identity may read under the Node authorizer. Every CRI
 * call and each pod's first start are timed into the kubelet's /metrics.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Logger } from 'pino';
import type { ConfigMap, Secret } from '../api/types/cluster.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import type { Service } from '../api/types/service.js';
import type { Clock } from '../client/clock.js';
import { realClock, sleep } from '../client/clock.js';
import { EventRecorder, referenceTo } from '../client/event_recorder.js';
import type { Informer } from '../client/informer.js';
import type { InformerHandler } from '../client/informer.js';
import { InformerFactory } from '../client/informer_factory.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import { podConfigMapNames, podSecretNames } from '../api/pod_refs.js';
import { instrumentCri } from './cri/instrumented_runtime.js';
import { CrashBackoff } from './crash_backoff.js';
import { podFieldValue, resourceFieldValue } from './field_ref.js';
import type { EnvSources } from './container_env.js';
import { ImagePuller } from './image_puller.js';
import type { KubeletObjectSources, KubeletProbes, KubeletVolumes } from './kubelet_deps.js';
import type { KubeletOptions } from './kubelet_options.js';
import { KubeletMetrics } from './kubelet_metrics.js';
import { NodeReporter } from './node_reporter.js';
import { DEFAULT_RESERVATIONS, machineFacts, nodeLabels } from './node_status.js';
import { parseResolvConf } from './pod_dns.js';
import { generatePodStatus } from './pod_status.js';
import type { PodSyncDeps, PodVolumeSetup } from './pod_sync.js';
import { garbageCollectPod, killPod, syncPod } from './pod_sync.js';
import { actsOnRuntime, computePodActions } from './pod_actions.js';
import { PodStartTracker } from './pod_start_tracker.js';
import { podNeedsSync } from './pod_update.js';
import { PodWorkers } from './pod_workers.js';
import { HandlersByKey } from './handlers_by_key.js';
import { identityFromLabels } from './labels.js';
import { podRuntimeSignature, readRuntimePodStatus, runtimeSignature } from './runtime_pod_status.js';
import { PodStatusWriter } from './pod_status_writer.js';
import type { PodObjectSource } from './object_watches.js';
import { informerSource, namedObjectWatches } from './object_watches.js';
import { StaticPodSource } from './static_pod_source.js';
import { isMirrorPod, isStaticPod } from './static_pods.js';
import type { RuntimePodStatus } from './runtime_pod_status.js';
import type { KubeletServer } from './server/kubelet_server.js';
import { startKubeletServer } from './server/kubelet_server.js';
import { kubeletServerHost } from './server_host.js';

/** How long a pod's sync waits for the first list of the objects it refers to. */
const OBJECT_SYNC_WAIT_MS = 5000;

/** The version the kubelet reports (the API server's Kubernetes version). */
export const KUBELET_VERSION = 'v1.31.0+kubets';

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A running kubelet. */
export class Kubelet {
  readonly nodeName: string;
  /** The kubelet's Prometheus metrics (served at its `/metrics`). */
  readonly metrics: KubeletMetrics;
  private readonly starts: PodStartTracker;
  private readonly opts: KubeletOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly informers: InformerFactory;
  private readonly ownInformers: boolean;
  private readonly podInformer: Informer<Pod>;
  /** The config maps and secrets the pods need (watched one by one, or shared by hollow nodes). */
  private readonly configMaps: PodObjectSource<ConfigMap>;
  private readonly secrets: PodObjectSource<Secret>;
  private readonly services: Informer<Service>;
  private readonly nodeInformer: Informer<Node>;
  private readonly podsByUid = new Map<string, Pod>();
  /** Static pods by UID (their manifest hash) and their mirror pods in the API by that hash. */
  private readonly staticPods: StaticPodSource | undefined;
  private readonly workers: PodWorkers;
  private readonly recorder: EventRecorder;
  private readonly reporter: NodeReporter;
  private readonly puller: ImagePuller;
  private readonly backoff: CrashBackoff;
  private readonly volumes: KubeletVolumes;
  private readonly probes: KubeletProbes;
  private readonly podsClient: ResourceClient<Pod>;
  private readonly statusWriter: PodStatusWriter;
  private readonly runtimeState = new Map<string, string>();
  /** Pods synced at least once (their next sync is not a `create`). */
  private readonly synced = new Set<string>();
  private readonly deps: PodSyncDeps;
  private runtimeName = 'containerd';
  private runtimeVersion = '';
  private runtimeNotReady: string | undefined;
  private podCidr: string | undefined;
  private readonly ac = new AbortController();
  private loops: Promise<unknown>[] = [];
  private server: KubeletServer | undefined;

  constructor(options: KubeletOptions) {
    this.clock = options.clock ?? realClock;
    this.log = options.log;
    this.metrics = options.metrics ?? new KubeletMetrics();
    this.starts = new PodStartTracker(this.metrics, () => this.clock.now(), options.log);
    const m = this.metrics;
    const observeCri = (op: string, ms: number, failed: boolean) => {
      m.runtimeOperationsDuration.observe({ operation_type: op }, ms / 1000);
      m.runtimeOperations.inc({ operation_type: op });
      if (failed) m.runtimeOperationsErrors.inc({ operation_type: op });
    };
    const now = () => this.clock.now();
    const opts: KubeletOptions = {
      ...options,
      runtime: instrumentCri(options.runtime, observeCri, now),
      images: instrumentCri(options.images, observeCri, now),
    };
    this.opts = opts;
    this.nodeName = opts.nodeName;
    this.ownInformers = !opts.informers;
    this.informers = opts.informers ?? new InformerFactory(opts.rest, { log: opts.log });
    const shared = opts.sharedPodAndNodeWatch === true;
    this.podInformer = this.informers.informer(
      Resources.pods,
      shared ? {} : { fieldSelector: `spec.nodeName=${opts.nodeName}` },
    );
    if (shared) {
      this.configMaps = informerSource(this.informers.informer(Resources.configmaps));
      this.secrets = informerSource(this.informers.informer(Resources.secrets));
    } else {
      const watchOpts = {
        signal: this.ac.signal,
        changed: (uids: readonly string[]) => {
          for (const uid of uids) if (this.podsByUid.has(uid)) this.workers.update(uid);
        },
        clock: this.clock,
        log: opts.log,
      };
      this.configMaps = namedObjectWatches(opts.rest, Resources.configmaps, watchOpts);
      this.secrets = namedObjectWatches(opts.rest, Resources.secrets, watchOpts);
    }
    this.services = this.informers.informer(Resources.services);
    this.nodeInformer = this.informers.informer(
      Resources.nodes,
      shared ? {} : { fieldSelector: `metadata.name=${opts.nodeName}` },
    );
    this.podsClient = new ResourceClient(opts.rest, Resources.pods);
    this.statusWriter = new PodStatusWriter(this.podsClient, (ms) =>
      m.podStatusSyncDuration.observe(ms / 1000),
    );
    this.staticPods = opts.staticPodPath
      ? new StaticPodSource({
          dir: opts.staticPodPath,
          nodeName: opts.nodeName,
          pods: this.podsClient,
          log: opts.log,
          now: () => this.clock.now(),
          node: () => this.reporter.current,
          added: (pod) => {
            this.podsByUid.set(pod.metadata.uid!, pod);
            this.workers.update(pod.metadata.uid!);
          },
          removed: (uid) => {
            this.podsByUid.delete(uid);
            this.workers.update(uid);
          },
          changed: (uid) => this.workers.update(uid),
        })
      : undefined;
    this.recorder = new EventRecorder(
      new ResourceClient(opts.rest, Resources.events),
      { component: 'kubelet', host: opts.nodeName },
      { clock: this.clock, log: opts.log },
    );
    const event = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) =>
      this.recorder.event(referenceTo(pod, Resources.pods), type, reason, message);
    this.backoff = new CrashBackoff(this.clock);
    this.puller = new ImagePuller(opts.images, this.clock, event);
    const sources: KubeletObjectSources = {
      rest: opts.rest,
      getConfigMap: (ns, name) => this.configMaps.get(ns, name),
      getSecret: (ns, name) => this.secrets.get(ns, name),
      rootDir: opts.rootDir,
      log: opts.log,
    };
    this.volumes = opts.volumes(sources);
    this.probes = opts.probes({
      runtime: opts.runtime,
      changed: (uid) => this.workers.update(uid),
      event,
      clock: this.clock,
      log: opts.log,
    });
    this.workers = new PodWorkers(
      (uid) => this.syncOne(uid),
      this.clock,
      (uid, err) =>
        this.log.warn(
          { err: errText(err), pod: this.podsByUid.get(uid)?.metadata.name, uid },
          'pod sync failed',
        ),
    );
    const hostDns = parseResolvConf(readFileOr(opts.resolvConf ?? '/etc/resolv.conf'));
    const machine = machineFacts(opts.rootDir);
    this.deps = {
      runtime: opts.runtime,
      puller: this.puller,
      backoff: this.backoff,
      probes: this.probes,
      clock: this.clock,
      log: opts.log,
      event,
      sandbox: {
        logRoot: opts.podLogsDir,
        dns: {
          clusterDns: opts.clusterDns,
          clusterDomain: opts.clusterDomain ?? 'cluster.local',
          host: hostDns,
        },
      },
      envSources: this.envSources(opts),
      services: () => this.services.cache.list(),
      pullSecrets: (pod) =>
        (pod.spec.imagePullSecrets ?? [])
          .map((s) => this.secrets.get(pod.metadata.namespace ?? '', s.name ?? ''))
          .filter((s): s is Secret => s !== undefined),
      memoryCapacity: machine.memoryBytes,
    };
    this.reporter = new NodeReporter({
      rest: opts.rest,
      log: opts.log,
      clock: this.clock,
      labels: nodeLabels(opts.nodeName, machine.architecture, opts.labels ?? {}),
      taints: opts.taints,
      statusUpdateMs: opts.nodeStatusUpdateMs,
      input: async () => ({
        nodeName: opts.nodeName,
        hostname: os.hostname(),
        addresses: opts.nodeIPs,
        kubeletPort: opts.port,
        machine,
        maxPods: opts.maxPods ?? 110,
        reservations: opts.reservations ?? DEFAULT_RESERVATIONS,
        kubeletVersion: KUBELET_VERSION,
        runtimeVersion: `${this.runtimeName}://${this.runtimeVersion}`,
        runtimeNotReady: this.runtimeNotReady,
        images: await opts.images.listImages().catch(() => []),
        nowMs: this.clock.now(),
      }),
    });
  }

  private envSources(opts: KubeletOptions): EnvSources {
    return {
      getConfigMap: (ns, name) => this.configMaps.get(ns, name),
      getSecret: (ns, name) => this.secrets.get(ns, name),
      fieldRef: (pod, path) => podFieldValue(pod, path, opts.nodeIPs),
      resourceFieldRef: (pod, container, ref) => {
        const target = ref.containerName
          ? (pod.spec.containers.find((c) => c.name === ref.containerName) ?? container)
          : container;
        return resourceFieldValue(target, ref, this.reporter.current);
      },
    };
  }

  /** The pods this kubelet runs (bound to its node and not yet gone). */
  pods(): Pod[] {
    return [...this.podsByUid.values()];
  }

  /** The pod with `uid`, if this kubelet runs it. */
  pod(uid: string): Pod | undefined {
    return this.podsByUid.get(uid);
  }

  /** The runtime state of a pod (for logs, exec and the kubelet server). */
  runtimeStatus(pod: Pod): Promise<RuntimePodStatus> {
    return readRuntimePodStatus(this.opts.runtime, podIdentity(pod));
  }

  /** Starts the kubelet: checks the runtime, registers the node, then runs pods. Resolves once registered. */
  async start(): Promise<void> {
    const signal = this.ac.signal;
    const v = await this.opts.runtime.version();
    this.runtimeName = v.runtimeName;
    this.runtimeVersion = v.runtimeVersion;
    await this.checkRuntime();
    if (this.opts.server) {
      this.server = await startKubeletServer({
        host: kubeletServerHost(this, this.opts.runtime),
        metrics: this.metrics.registry,
        port: this.opts.port,
        address: this.opts.server.address,
        certPem: this.opts.server.certPem,
        keyPem: this.opts.server.keyPem,
        clientCaPem: this.opts.server.clientCaPem,
        rootDir: this.opts.rootDir,
        log: this.log,
        clock: this.clock,
      });
    }
    await this.reporter.register();
    const nodeHandler = {
      onAdd: (n: Node) => n.metadata.name === this.nodeName && void this.observeNode(n),
      onUpdate: (_o: Node, n: Node) => n.metadata.name === this.nodeName && void this.observeNode(n),
    };
    const podHandler: InformerHandler<Pod> = {
      onAdd: (p) => this.observePod(p),
      onUpdate: (o, p) => this.observePod(p, o),
      onDelete: (p) => {
        if (isMirrorPod(p)) return this.staticPods?.observeMirror(p, true);
        const uid = p.metadata.uid ?? '';
        if (!this.podsByUid.has(uid)) return;
        this.podsByUid.delete(uid);
        this.workers.update(uid);
      },
    };
    if (this.opts.sharedPodAndNodeWatch) {
      HandlersByKey.of(this.nodeInformer, (n) => n.metadata.name).add(
        this.nodeName,
        nodeHandler,
        this.nodeInformer.cache.list(),
      );
      HandlersByKey.of(this.podInformer, (p) => p.spec?.nodeName).add(
        this.nodeName,
        podHandler,
        this.podInformer.cache.list(),
      );
    } else {
      this.nodeInformer.addHandler(nodeHandler);
      this.podInformer.addHandler(podHandler);
    }
    if (this.ownInformers) this.informers.start(signal);
    await this.informers.waitForSync(signal);
    this.staticPods?.scan();
    // Pods in the runtime that the API no longer has are cleaned up by their workers.
    await this.relist();
    this.loops = [
      this.reporter.run(signal),
      this.loop(this.opts.relistMs ?? 1000, async () => {
        const t0 = this.clock.now();
        await this.relist();
        this.metrics.plegRelistDuration.observe((this.clock.now() - t0) / 1000);
      }),
      this.loop(this.opts.resyncMs ?? 60_000, async () => {
        for (const uid of this.podsByUid.keys()) this.workers.update(uid);
      }),
      this.loop(5000, () => this.checkRuntime()),
    ];
    const staticPods = this.staticPods;
    if (staticPods)
      this.loops.push(this.loop(this.opts.staticPodCheckMs ?? 20_000, async () => staticPods.scan()));
    this.log.info(
      { node: this.nodeName, runtime: `${v.runtimeName} ${v.runtimeVersion}` },
      'kubelet started',
    );
  }

  /** Stops the kubelet; running containers are left running (a restarted kubelet adopts them). */
  async stop(): Promise<void> {
    this.ac.abort();
    if (this.opts.sharedPodAndNodeWatch) {
      HandlersByKey.of(this.nodeInformer, (n) => n.metadata.name).remove(this.nodeName);
      HandlersByKey.of(this.podInformer, (p) => p.spec?.nodeName).remove(this.nodeName);
    }
    await this.server?.close();
    this.workers.stop();
    await Promise.allSettled(this.loops);
    await this.workers.whenIdle();
    await this.recorder.flush();
  }

  /** Resolves when no pod sync runs (tests). */
  whenIdle(): Promise<void> {
    return this.workers.whenIdle();
  }

  private async loop(everyMs: number, fn: () => Promise<void>): Promise<void> {
    const signal = this.ac.signal;
    while (!signal.aborted) {
      await sleep(everyMs, signal, this.clock).catch(() => undefined);
      if (signal.aborted) return;
      await fn().catch((err: unknown) => this.log.warn({ err: errText(err) }, 'kubelet loop failed'));
    }
  }

  /** A pod of this node was added or (from `old`) updated in the API. */
  private observePod(p: Pod, old?: Pod): void {
    const uid = p.metadata.uid ?? '';
    if (p.spec.nodeName !== this.nodeName) return;
    if (isMirrorPod(p)) return this.staticPods?.observeMirror(p, false);
    const ns = p.metadata.namespace ?? '';
    this.secrets.track(uid, ns, podSecretNames(p));
    this.configMaps.track(uid, ns, podConfigMapNames(p));
    const phase = p.status?.phase;
    if (!this.podsByUid.has(uid) && !p.metadata.deletionTimestamp && (phase === 'Pending' || !phase))
      this.starts.seen(uid, `${p.metadata.namespace}/${p.metadata.name}`);
    const known = this.podsByUid.has(uid);
    this.podsByUid.set(uid, p);
    // A status-only change (mostly our own write coming back) is remembered, not synced.
    if (!known || !old || podNeedsSync(old, p)) this.workers.update(uid);
  }

  private async observeNode(n: Node): Promise<void> {
    const cidr = n.spec?.podCIDR;
    if (!cidr || cidr === this.podCidr) return;
    this.podCidr = cidr;
    try {
      await this.opts.runtime.updateRuntimeConfig(cidr);
      await this.opts.onPodCidr?.(cidr);
      this.log.info({ podCIDR: cidr }, 'pod CIDR set');
      await this.checkRuntime();
      this.reporter.kick();
    } catch (err) {
      this.podCidr = undefined;
      this.log.warn({ err: errText(err) }, 'setting the pod CIDR failed');
    }
  }

  private async checkRuntime(): Promise<void> {
    let notReady: string | undefined;
    try {
      const st = await this.opts.runtime.status();
      const bad = st.conditions.filter((c) => !c.status);
      const net = bad.find((c) => c.type === 'NetworkReady');
      const rt = bad.find((c) => c.type === 'RuntimeReady');
      if (rt) notReady = `container runtime is down: ${rt.reason ?? ''}: ${rt.message ?? ''}`;
      else if (net)
        notReady = `container runtime network not ready: NetworkReady=false reason:${net.reason ?? ''} message:${net.message ?? ''}`;
    } catch (err) {
      notReady = `container runtime is down: ${errText(err)}`;
    }
    if (notReady !== this.runtimeNotReady) {
      this.runtimeNotReady = notReady;
      this.reporter.kick();
    }
  }

  /** Lists the runtime and asks for a sync of every pod whose containers or sandboxes changed. */
  private async relist(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([
      this.opts.runtime.listPodSandbox(),
      this.opts.runtime.listContainers(),
    ]);
    const byPod = new Map<string, { id: string; state: string }[]>();
    for (const item of [...sandboxes, ...containers]) {
      const id = identityFromLabels(item.labels);
      if (id) (byPod.get(id.podUid) ?? byPod.set(id.podUid, []).get(id.podUid)!).push(item);
    }
    for (const [uid, items] of byPod) {
      // A sync running now records what it ends with; the next relist compares with that.
      if (this.workers.syncing(uid)) continue;
      const s = runtimeSignature(items);
      if (this.runtimeState.get(uid) !== s) {
        this.runtimeState.set(uid, s);
        this.workers.update(uid);
      }
    }
    for (const uid of [...this.runtimeState.keys()]) {
      if (!byPod.has(uid) && !this.workers.syncing(uid)) {
        this.runtimeState.delete(uid);
        this.workers.update(uid);
      }
    }
  }

  /** One sync of the pod with `uid`, timed; resolves with a delay for the next one, if any. */
  private async syncOne(uid: string): Promise<number | undefined> {
    const pod = this.podsByUid.get(uid);
    const operation =
      !pod || pod.metadata.deletionTimestamp ? 'kill' : this.synced.has(uid) ? 'sync' : 'create';
    this.synced.add(uid);
    const t0 = this.clock.now();
    try {
      if (!pod) {
        await this.cleanupPod(uid);
        return undefined;
      }
      this.starts.syncing(uid);
      return await this.syncExisting(uid, pod);
    } finally {
      this.metrics.podWorkerDuration.observe({ operation_type: operation }, (this.clock.now() - t0) / 1000);
    }
  }

  /** One sync of `pod` (see `syncOne`). */
  private async syncExisting(uid: string, apiPod: Pod): Promise<number | undefined> {
    let pod = apiPod;
    let statusTarget: Pod | undefined = pod;
    if (isStaticPod(pod)) {
      // The mirror pod carries the static pod's status in the API.
      statusTarget = await this.staticPods?.ensureMirror(pod);
      if (statusTarget?.status) pod = { ...pod, status: statusTarget.status };
    }
    // While the pod starts, its CRI calls are timed into its start's phases.
    const runtime = this.starts.timedCri(uid, this.opts.runtime);
    const deps: PodSyncDeps = this.starts.starting(uid)
      ? { ...this.deps, runtime, puller: this.puller.withImages(this.starts.timedCri(uid, this.opts.images)) }
      : this.deps;
    const rt = await readRuntimePodStatus(runtime, podIdentity(pod));
    const phase = pod.status?.phase;
    const deleting = !!pod.metadata.deletionTimestamp;
    if ((phase === 'Succeeded' || phase === 'Failed') && !deleting) {
      // A finished pod is never restarted; make sure nothing of it still runs.
      if (
        rt.containers.some((c) => c.state === 'CONTAINER_RUNNING') ||
        rt.sandboxes.some((s) => s.state === 'SANDBOX_READY')
      )
        await killPod(deps, pod, rt, 0);
      return undefined;
    }

    let volumes: PodVolumeSetup | undefined;
    let mountError: string | undefined;
    if (!deleting) {
      // The first sync of a pod waits (a little) for the watches of what it refers to.
      await Promise.all([
        this.secrets.synced(uid, OBJECT_SYNC_WAIT_MS),
        this.configMaps.synced(uid, OBJECT_SYNC_WAIT_MS),
      ]);
      try {
        volumes = await this.starts.time(uid, 'volumes', () => this.volumes.setUp(pod));
      } catch (err) {
        mountError = errText(err);
        this.deps.event(pod, 'Warning', 'FailedMount', mountError);
      }
    }
    const res = await syncPod(deps, pod, rt, volumes);
    // A sync that changed nothing leaves the runtime as it was read: no second read.
    const after = actsOnRuntime(res.actions) ? await readRuntimePodStatus(runtime, podIdentity(pod)) : rt;
    // A state this sync ended with and would leave as it is is no change for the relist to
    // report (see runtimeSignature); one that needs more (a container exited) is left to it.
    if (!actsOnRuntime(computePodActions(pod, after, this.probes))) {
      const seen = podRuntimeSignature(after);
      if (seen) this.runtimeState.set(uid, seen);
      else this.runtimeState.delete(uid);
    }
    this.probes.sync(pod, after);
    const running = after.containers.some((c) => c.state === 'CONTAINER_RUNNING');
    const finished = deleting || (res.actions.killPod && !res.actions.createSandbox);
    const status = generatePodStatus(pod, after, {
      runtimeName: this.runtimeName,
      hostIPs: this.opts.nodeIPs,
      nowMs: this.clock.now(),
      isReady: (name) => this.probes.isReady(uid, name),
      isStarted: (name) => this.probes.isStarted(uid, name),
      waiting: res.waiting,
      terminal: finished && !running,
    });
    if (status.phase === 'Running') this.starts.running(uid);
    if (statusTarget) {
      await this.statusWriter.writeStatus(statusTarget, status, uid);
      this.starts.statusWritten(uid);
    }
    if (deleting && !running) await this.statusWriter.finishDeletion(pod);
    if (mountError) return 2000;
    return res.requeueAfterMs;
  }

  /** Stops and removes everything of a pod the API no longer has. */
  private async cleanupPod(uid: string): Promise<void> {
    const rt = await readRuntimePodStatus(this.opts.runtime, { uid, name: '', namespace: '' });
    if (rt.containers.length > 0 || rt.sandboxes.length > 0) {
      const name = rt.sandboxes[0]?.metadata.name ?? '';
      const ns = rt.sandboxes[0]?.metadata.namespace ?? '';
      const ghost: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, uid },
        spec: { containers: [] },
      };
      const quiet = { ...this.deps, event: () => undefined };
      await killPod(quiet, ghost, rt, 2);
      await garbageCollectPod(this.opts.runtime, rt, true);
    }
    await this.volumes.tearDown(uid);
    this.secrets.untrack(uid);
    this.configMaps.untrack(uid);
    this.probes.removePod(uid);
    this.puller.forgetPod(uid);
    this.backoff.resetPrefix(`${uid}/`);
    this.statusWriter.forget(uid);
    this.starts.forget(uid);
    this.synced.delete(uid);
    this.workers.forget(uid);
  }
}

function podIdentity(pod: Pod): { uid: string; name: string; namespace: string } {
  return {
    uid: pod.metadata.uid ?? '',
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
  };
}

function readFileOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
