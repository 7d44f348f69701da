/**
 * Hollow-node benchmark: the memory one hollow node costs (the real kubelet code on the fake
 * runtime), after kubemark. A `kubets server` child runs the control plane; `kubets hollow` runs
 * first a few nodes, then many, each in its own child process; once all are Ready (and, in the
 * second step, one pod per node is Running) the child's resident memory is read from /proc. The
 * cost per node is the difference divided by the difference in nodes. One JSON line per figure.
 *
 *   node dist/bench/kubelet/hollow_bench.js [--nodes 1000] [--baseline 10]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Node } from '../../src/api/types/node.js';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';
import { emit, projectRoot, startBenchServer } from '../support/bench_server.js';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '1000' }, baseline: { type: 'string', default: '10' } },
});
const many = Number(values.nodes);
const few = Number(values.baseline);

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error('no VmRSS');
  return Number(m[1]) * 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function isReady(n: Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

interface Step {
  nodes: number;
  rss: number;
  registerMs: number;
  rssWithPods?: number;
  podsRunningMs?: number;
}

async function step(kubeconfig: string, count: number, withPods: boolean): Promise<Step> {
  const prefix = `hollow-${count}-`;
  const child = spawn(
    process.execPath,
    [
      path.join(projectRoot, 'bin/kubets.js'),
      'hollow',
      '--kubeconfig',
      kubeconfig,
      '--nodes',
      String(count),
      '--name-prefix',
      prefix,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
  );
  const rest = RestClient.fromKubeconfig(kubeconfig);
  const nodes = new ResourceClient<Node>(rest, Resources.nodes);
  const pods = new ResourceClient<Pod>(rest, Resources.pods);
  const started = Date.now();
  try {
    await until(`${count} hollow nodes Ready`, 300_000, async () => {
      const list = await nodes.list('');
      return list.items.filter((n) => n.metadata.name!.startsWith(prefix) && isReady(n)).length === count;
    });
    const registerMs = Date.now() - started;
    await sleep(15_000); // a node-status round and lease renewals at steady state
    const result: Step = { nodes: count, rss: rssBytes(child.pid!), registerMs };
    if (withPods) {
      const ns = `hollow-bench-${count}`;
      await rest.request({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      });
      const podsStarted = Date.now();
      let i = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (i < count) {
            const name = `p-${i++}`;
            await pods.create({
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name, namespace: ns },
              spec: {
                nodeSelector: { kubemark: 'true' },
                containers: [
                  { name: 'c', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } },
                ],
              },
            });
          }
        }),
      );
      await until(`${count} pods Running`, 300_000, async () => {
        const list = await pods.list(ns, { fieldSelector: 'status.phase=Running' });
        return list.items.length === count;
      });
      result.podsRunningMs = Date.now() - podsStarted;
      await sleep(15_000);
      result.rssWithPods = rssBytes(child.pid!);
    }
    return result;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    // The stopped nodes must not take the next step's pods.
    await nodes.deleteCollection('', { labelSelector: 'kubemark=true' }).catch(() => undefined);
    rest.close();
  }
}

const server = await startBenchServer(['--disable-agent']);
try {
  const a = await step(server.kubeconfig, few, false);
  const b = await step(server.kubeconfig, many, true);
  emit({ bench: 'hollow-register', nodes: many, seconds: +(b.registerMs / 1000).toFixed(2) });
  emit({ bench: 'hollow-rss', nodes: few, MiB: +(a.rss / 2 ** 20).toFixed(1) });
  emit({ bench: 'hollow-rss', nodes: many, MiB: +(b.rss / 2 ** 20).toFixed(1) });
  emit({
    bench: 'hollow-memory-per-node',
    nodes: many,
    KiB: Math.round((b.rss - a.rss) / (many - few) / 1024),
    goalKiB: 1024,
  });
  emit({ bench: 'hollow-pods-running', pods: many, seconds: +(b.podsRunningMs! / 1000).toFixed(2) });
  emit({
    bench: 'hollow-memory-per-node-with-pod',
    nodes: many,
    KiB: Math.round((b.rssWithPods! - a.rss) / (many - few) / 1024),
  });
} finally {
  await server.stop();
}
