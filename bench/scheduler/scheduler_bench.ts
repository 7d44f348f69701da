/**
 * Scheduler benchmark, after upstream's scheduler_perf: for each scenario a fresh `kubets server`
 * (child process) gets fake Nodes through the API (no kubelet), the scheduler runs in this
 * process, and a worker thread creates the pods and watches them get bound. One JSON line per
 * figure: pods/s from the first create to the last bind, p50/p99 per-pod latency (create → bound
 * seen by a watch), and the spread (pods per node or zone: min, max, coefficient of variation).
 *
 *   node dist/bench/scheduler/scheduler_bench.js [--scenarios a,b] [--cpu-prof]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import type { Node } from '../../src/api/types/node.js';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';
import type { CreatorOutput } from './pod_creator.js';

interface Scenario {
  name: string;
  nodes: number;
  pods: number;
  node: (i: number) => Node;
  pod: (i: number) => Pod;
  /** Spread is measured over this node label (default: per node). */
  spreadKey?: string;
}

const ZONES = 10;
const zoned = (i: number) =>
  makeNode(`node-${i}`, { labels: { 'topology.kubernetes.io/zone': `zone-${i % ZONES}` } });

const scenarios: Scenario[] = [
  {
    name: 'SchedulingBasic/500Nodes_1000Pods',
    nodes: 500,
    pods: 1000,
    node: (i) => makeNode(`node-${i}`),
    pod: (i) => makePod(`pod-${i}`),
  },
  {
    name: 'SchedulingBasic/5000Nodes_10000Pods',
    nodes: 5000,
    pods: 10_000,
    node: (i) => makeNode(`node-${i}`),
    pod: (i) => makePod(`pod-${i}`),
  },
  {
    name: 'TopologySpreading/5000Nodes_5000Pods',
    nodes: 5000,
    pods: 5000,
    node: zoned,
    spreadKey: 'topology.kubernetes.io/zone',
    pod: (i) =>
      makePod(`pod-${i}`, {
        labels: { app: 'spread' },
        spec: {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'spread' } },
            },
          ],
        },
      }),
  },
  {
    name: 'SchedulingPodAntiAffinity/5000Nodes_2000Pods',
    nodes: 5000,
    pods: 2000,
    node: zoned,
    pod: (i) =>
      makePod(`pod-${i}`, {
        labels: { color: 'green' },
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { color: 'green' } } },
              ],
            },
          },
        },
      }),
  },
];

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function emit(obj: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runScenario(sc: Scenario): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-scheduler-bench-'));
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      path.join(root, 'bin/kubets.js'),
      'server',
      '--data-dir',
      dir,
      '--https-port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--disable-agent',
      // The bench runs the scheduler it measures; the server's own would race it for every pod.
      '--disable-scheduler',
      '--controller-manager-port',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
  );
  const ac = new AbortController();
  try {
    const kubeconfig = path.join(dir, 'kubeconfig.yaml');
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(kubeconfig)) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('kubets server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const rest = RestClient.fromKubeconfig(kubeconfig);
    const nodes = new ResourceClient<Node>(rest, Resources.nodes);
    for (;;) {
      try {
        await nodes.list('', { limit: 1 });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let ni = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (ni < sc.nodes) await nodes.create(sc.node(ni++));
      }),
    );
    const schedRest = RestClient.fromKubeconfig(kubeconfig);
    const sched = await startScheduler({
      rest: schedRest,
      log: pino({ level: 'silent' }),
      signal: ac.signal,
      leaderElection: false,
    });
    const podObjs = Array.from({ length: sc.pods }, (_, i) => sc.pod(i));
    const worker = new Worker(new URL('./pod_creator.js', import.meta.url), {
      workerData: { kubeconfig, namespace: 'default', pods: podObjs, concurrency: 16 },
    });
    const out = await new Promise<CreatorOutput>((resolve, reject) => {
      worker.on('message', (m: { phase: string; result?: CreatorOutput }) => {
        if (m.phase === 'done') resolve(m.result!);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    const created = Object.values(out.created);
    const bound = Object.values(out.bound);
    const first = Math.min(...created);
    const last = Math.max(...bound);
    const lat = Object.keys(out.bound)
      .filter((k) => out.created[k] !== undefined)
      .map((k) => out.bound[k]! - out.created[k]!)
      .sort((a, b) => a - b);
    const nodeLabels = new Map<string, string>();
    for (let i = 0; i < sc.nodes; i++) {
      const n = sc.node(i);
      nodeLabels.set(
        n.metadata.name!,
        sc.spreadKey ? (n.metadata.labels?.[sc.spreadKey] ?? '') : n.metadata.name!,
      );
    }
    const counts = new Map<string, number>();
    for (const v of new Set(nodeLabels.values())) counts.set(v, 0);
    for (const nodeName of Object.values(out.nodeOf)) {
      const d = nodeLabels.get(nodeName)!;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const cs = [...counts.values()];
    const mean = cs.reduce((a, b) => a + b, 0) / cs.length;
    const sd = Math.sqrt(cs.reduce((a, b) => a + (b - mean) ** 2, 0) / cs.length);
    const attempts = await sched.metrics.attempts.get();
    emit({
      bench: 'scheduler',
      scenario: sc.name,
      nodes: sc.nodes,
      pods: sc.pods,
      bound: bound.length,
      createErrors: out.errors,
      podsPerSecond: Math.round((bound.length / ((last - first) / 1000)) * 10) / 10,
      seconds: Math.round(last - first) / 1000,
      latencyP50Ms: Math.round(percentile(lat, 50)),
      latencyP99Ms: Math.round(percentile(lat, 99)),
      spread: {
        over: sc.spreadKey ?? 'node',
        min: Math.min(...cs),
        max: Math.max(...cs),
        cv: Math.round((sd / mean) * 1000) / 1000,
      },
      attempts: Object.fromEntries(attempts.values.map((v) => [v.labels.result, v.value])),
    });
    rest.close();
    ac.abort();
    await sched.done;
    schedRest.close();
  } finally {
    ac.abort();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const arg = process.argv.indexOf('--scenarios');
const wanted = arg > 0 ? process.argv[arg + 1]!.split(',') : undefined;
for (const sc of scenarios) {
  if (wanted && !wanted.some((w) => sc.name.startsWith(w))) continue;
  await runScenario(sc);
}
