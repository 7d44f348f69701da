/**
 * Pod startup latency on one real node, after upstream's pod-startup SLI: the time from a pod's
 * creation (request sent) to its `Running` phase as seen through a watch, images already on the
 * node. Rounds: one pod alone (repeated), then 30 pods created at once. One JSON line per figure
 * (p50/p99 in seconds, with upstream 1.28's figures on this machine kind beside them), each
 * followed by its breakdown: creation → bound (the scheduler) and bound → Running as the watch
 * saw them, then from the kubelet's /metrics (through the API server's nodes/proxy) the phases of
 * each start (`kubelet_pod_start_phase_duration_seconds`: mean, and p50/p99 as bucket bounds) and
 * the mean latency of each CRI operation during the round, and (with its own server) the CPU
 * seconds a burst cost the kubets server, containerd, its CNI plugins (the children it waited
 * for) and the shims (with their runc) — the work, whatever else the machine is busy with.
 *
 *   node dist/bench/kubelet/startup_bench.js [--kubeconfig FILE] [--single-runs 5] [--burst 30]
 *
 * Without --kubeconfig it starts its own `kubets server` (with its node) on a fresh data dir.
 * Between rounds it waits until the node's runtime (its CRI socket, --cri-endpoint) holds no
 * sandbox of the bench's pods any more, so that each round starts on an idle node and nothing of
 * the bench outlives it.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Node } from '../../src/api/types/node.js';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';
import { CriClient } from '../../src/kubelet/cri/cri_client.js';
import { CriLabel } from '../../src/kubelet/labels.js';
import type { BenchServer } from '../support/bench_server.js';
import { emit, freePort, percentile, projectRoot, startBenchServer } from '../support/bench_server.js';
import type { Samples } from '../support/prom_text.js';
import { diffSamples, histogram, labelValues, parseSamples } from '../support/prom_text.js';
import { cpuByGroup, pidsMatching } from '../support/proc_cpu.js';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    'single-runs': { type: 'string', default: '5' },
    burst: { type: 'string', default: '30' },
    image: { type: 'string', default: 'busybox:1.35' },
    'cri-endpoint': { type: 'string', default: '/run/kubets/containerd/containerd.sock' },
  },
});
const NS = 'kubelet-startup-bench';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function benchPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        { name: 'c', image: values.image!, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    },
  };
}

/** Seconds from creation of each pod: to bound (seen with a node) and to Running. */
interface Timings {
  bound: number[];
  running: number[];
}

/**
 * Creates `count` pods at once; resolves with each one's timings. `running` is called once all
 * are Running, before they are deleted (the kubelet's metrics are read there).
 */
async function round(
  rest: RestClient,
  prefix: string,
  count: number,
  running: () => Promise<void> = async () => undefined,
): Promise<Timings> {
  const pods = new ResourceClient<Pod>(rest, Resources.pods);
  const list = await pods.list(NS);
  const ac = new AbortController();
  const created = new Map<string, number>();
  const runningAt = new Map<string, number>();
  const bound = new Map<string, number>();
  const watching = (async () => {
    for await (const ev of pods.watch(NS, {
      resourceVersion: list.metadata.resourceVersion,
      signal: ac.signal,
    })) {
      const p = ev.object;
      const name = p.metadata.name!;
      if (p.spec.nodeName && !bound.has(name)) bound.set(name, performance.now());
      if (p.status?.phase === 'Running' && !runningAt.has(name)) {
        runningAt.set(name, performance.now());
        if (runningAt.size === count) return;
      }
    }
  })().catch(() => undefined);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `${prefix}-${i}`;
      created.set(name, performance.now());
      await pods.create(benchPod(name));
    }),
  );
  const deadline = Date.now() + 120_000;
  while (runningAt.size < count && Date.now() < deadline) await sleep(20);
  ac.abort();
  await watching;
  if (runningAt.size < count) throw new Error(`only ${runningAt.size} of ${count} pods reached Running`);
  await running();
  // Clean up before the next round, so that each round starts on an idle node.
  await pods.deleteCollection(NS, {}, { gracePeriodSeconds: 0 });
  while ((await pods.list(NS)).items.length > 0) await sleep(100);
  await runtimeIdle();
  const since = (m: Map<string, number>) =>
    [...created].map(([name, t]) => ((m.get(name) ?? NaN) - t) / 1000);
  return { bound: since(bound), running: since(runningAt) };
}

/** The kubelet's metrics on `node`, read through the API server's nodes/proxy. */
async function scrape(rest: RestClient, node: string): Promise<Samples> {
  const res = await rest.stream({
    method: 'GET',
    path: `/api/v1/nodes/${encodeURIComponent(node)}/proxy/metrics`,
  });
  const chunks: Buffer[] = [];
  for await (const c of res.stream) chunks.push(c as Buffer);
  return parseSamples(Buffer.concat(chunks).toString('utf8'));
}

const round3 = (n: number) => +n.toFixed(3);

/** A scrape of the kubelet's metrics with the node's CPU seconds so far. */
interface Snapshot {
  samples: Samples;
  cpu?: Record<string, number>;
}

/** The kubelet's metrics and (own server only) the CPU seconds of the node's processes. */
async function snapshot(rest: RestClient, node: string): Promise<Snapshot> {
  const samples = await scrape(rest, node);
  const srv = server;
  if (!srv?.process.pid) return { samples };
  const pid = srv.process.pid;
  const containerd = () => pidsMatching(`containerd --config ${srv.dir}`);
  const cpu = cpuByGroup({
    kubets: { pids: () => [pid] },
    containerd: { pids: containerd, which: 'self' },
    cniPlugins: { pids: containerd, which: 'children' },
    shimsAndRunc: { pids: () => pidsMatching(`-address ${criSocket}`) },
  });
  return { samples, cpu };
}

/** One JSON line per part of the rounds' time (see the file comment). */
function breakdown(pods: number, t: Timings, from: Snapshot, to: Snapshot): void {
  const before = from.samples;
  const after = to.samples;
  const d = diffSamples(after, before);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const bound = sorted(t.bound);
  const rest = sorted(t.running.map((r, i) => r - t.bound[i]!));
  for (const [part, xs] of [
    ['created-bound', bound],
    ['bound-running', rest],
  ] as const)
    emit({
      bench: 'pod-startup-part',
      pods,
      part,
      p50: round3(percentile(xs, 50)),
      p99: round3(percentile(xs, 99)),
    });
  const phaseMetric = 'kubelet_pod_start_phase_duration_seconds';
  for (const phase of labelValues(d, phaseMetric, 'phase')) {
    const h = histogram(d, phaseMetric, ['phase', phase]);
    if (h.count === 0) continue;
    emit({
      bench: 'pod-startup-phase',
      pods,
      phase,
      starts: h.count,
      mean: round3(h.mean),
      p50le: h.p50,
      p99le: h.p99,
    });
  }
  const total = histogram(d, 'kubelet_pod_start_duration_seconds');
  emit({
    bench: 'pod-startup-phase',
    pods,
    phase: 'total(seen-running)',
    starts: total.count,
    mean: round3(total.mean),
    p50le: total.p50,
    p99le: total.p99,
  });
  const criMetric = 'kubelet_runtime_operations_duration_seconds';
  for (const op of labelValues(d, criMetric, 'operation_type')) {
    const h = histogram(d, criMetric, ['operation_type', op]);
    if (h.count === 0) continue;
    emit({ bench: 'pod-startup-cri', pods, op, calls: h.count, mean: round3(h.mean), p99le: h.p99 });
  }
  // The singles' span holds their cleanups and idle gaps: CPU per pod means something in a burst only.
  if (from.cpu && to.cpu && pods > 1) {
    const cpu = Object.fromEntries(Object.keys(to.cpu).map((k) => [k, round3(to.cpu![k]! - from.cpu![k]!)]));
    const total = Object.values(cpu).reduce((a, b) => a + b, 0);
    emit({ bench: 'pod-startup-cpu', pods, seconds: cpu, perPodMs: Math.round((total * 1000) / pods) });
  }
}

const criSocket = values['cri-endpoint']!.replace(/^unix:\/\//, '');
/** The node's runtime, once the node is Ready (undefined when its socket is not on this machine). */
let cri: CriClient | undefined;

/** Resolves once the node's runtime has no sandbox of the bench's pods (at once without a CRI socket). */
async function runtimeIdle(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (cri && Date.now() < deadline) {
    const left = await cri.listPodSandbox({ labelSelector: { [CriLabel.podNamespace]: NS } });
    if (left.length === 0) return;
    await sleep(100);
  }
}

let server: BenchServer | undefined;
let kubeconfig = values.kubeconfig;
if (!kubeconfig) {
  // Ports of its own, so that other servers on this machine do not get in the way.
  server = await startBenchServer([
    '--kubelet-port',
    String(await freePort()),
    '--scheduler-port',
    '0',
    '--controller-manager-port',
    '0',
  ]);
  kubeconfig = server.kubeconfig;
}
const rest = RestClient.fromKubeconfig(kubeconfig);
try {
  const nodes = new ResourceClient<Node>(rest, Resources.nodes);
  const ready = (n: Node) =>
    (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const deadline = Date.now() + 180_000;
  let node: Node | undefined;
  while (!(node = (await nodes.list('')).items.find(ready))) {
    if (Date.now() > deadline) throw new Error('no Ready node');
    await sleep(200);
  }
  const nodeName = node.metadata.name!;
  if (fs.existsSync(criSocket)) cri = new CriClient({ endpoint: criSocket });
  await rest
    .request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    })
    .catch(() => undefined);
  while (
    !(await new ResourceClient(rest, Resources.serviceaccounts).list(NS)).items.some(
      (s) => s.metadata.name === 'default',
    )
  )
    await sleep(100);
  await round(rest, 'warmup', 1); // the image's first use and the node's first sandbox
  const singleTimings: Timings = { bound: [], running: [] };
  // The singles' metrics: from before the first to the last one Running (cleanups included).
  const beforeSingles = await snapshot(rest, nodeName);
  let afterSingles = beforeSingles;
  for (let i = 0; i < Number(values['single-runs']); i++) {
    const t = await round(rest, `single${i}`, 1, async () => {
      afterSingles = await snapshot(rest, nodeName);
    });
    singleTimings.bound.push(...t.bound);
    singleTimings.running.push(...t.running);
  }
  const singles = [...singleTimings.running].sort((a, b) => a - b);
  emit({
    bench: 'pod-startup',
    pods: 1,
    runs: singles.length,
    p50: +percentile(singles, 50).toFixed(3),
    max: +singles[singles.length - 1]!.toFixed(3),
    goal: 0.3,
    upstream128: '0.55-0.8',
  });
  breakdown(1, singleTimings, beforeSingles, afterSingles);
  const beforeBurst = await snapshot(rest, nodeName);
  let afterBurst = beforeBurst;
  const burstTimings = await round(rest, 'burst', Number(values.burst), async () => {
    afterBurst = await snapshot(rest, nodeName);
  });
  const burst = [...burstTimings.running].sort((a, b) => a - b);
  emit({
    bench: 'pod-startup',
    pods: burst.length,
    p50: +percentile(burst, 50).toFixed(3),
    p99: +percentile(burst, 99).toFixed(3),
    goalP99: 1.5,
    upstream128P99: '4.3-5.0',
  });
  breakdown(burst.length, burstTimings, beforeBurst, afterBurst);
} finally {
  rest.close();
  cri?.close();
  await server?.stop();
  // The node's kube-proxy leaves its rules on this host when it stops, as upstream's does.
  execFileSync(process.execPath, [path.join(projectRoot, 'bin/kubets.js'), 'proxy', '--cleanup']);
}
