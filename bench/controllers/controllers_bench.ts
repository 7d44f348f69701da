/**
 * Controller benchmark: `kubets server --disable-controller-manager` and `kubets
 * controller-manager` run as two child processes on a fresh data directory; this process plays
 * the kubelet (it marks pods Running and Ready through the status subresource as they appear,
 * at most 64 writes in flight). Figures, one JSON line each:
 *  - deployment_create: a Deployment of N (1,000) replicas from create until all N pods exist
 *    (pods/s);
 *  - rolling_update: a new image with maxSurge 25% (maxUnavailable 25%), until the rollout is
 *    complete (updated = available = replicas, old ReplicaSet at 0 pods);
 *  - gc_delete: deleting the Deployment (propagationPolicy Background) until every pod and
 *    ReplicaSet is gone.
 * Each line carries the CPU seconds (user + system, from /proc/<pid>/stat) the API server, the
 * controller manager and this process spent in that phase.
 *
 *   node dist/bench/controllers/controllers_bench.js [--replicas N]
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Deployment, ReplicaSet } from '../../src/api/types/apps.js';
import type { Pod } from '../../src/api/types/pod.js';
import { Informer } from '../../src/client/informer.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';
import { readyStatusPatch } from '../../test/fixtures/pod_readiness.js';

const { values } = parseArgs({ options: { replicas: { type: 'string', default: '1000' } } });
const REPLICAS = Number(values.replicas);
const NS = 'default';
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK = 100;

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

/** CPU seconds (user + system) of process `pid` so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function kubets(args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'bin/kubets.js'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' },
  });
}

async function until(
  pred: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 600_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-controllers-bench-'));
const port = await freePort();
const server = kubets([
  'server',
  '--data-dir',
  dir,
  '--https-port',
  String(port),
  '--bind-address',
  '127.0.0.1',
  '--disable-controller-manager',
  '--disable-agent',
]);
let manager: ChildProcess | undefined;
const stop = new AbortController();
try {
  const kubeconfig = path.join(dir, 'kubeconfig.yaml');
  await until(() => fs.existsSync(kubeconfig) || server.exitCode !== null, 'kubets server', 30_000);
  if (server.exitCode !== null) throw new Error('kubets server did not start');
  manager = kubets([
    'controller-manager',
    '--kubeconfig',
    kubeconfig,
    '--leader-elect',
    'false',
    '--port',
    '0',
  ]);
  const rest = RestClient.fromKubeconfig(kubeconfig);
  await until(async () => {
    try {
      // /readyz answers text; the default namespace exists once the server is ready.
      await rest.request({ method: 'GET', path: '/api/v1/namespaces/default' });
      return true;
    } catch {
      return false;
    }
  }, 'API server ready');
  const pods = new ResourceClient<Pod>(rest, Resources.pods);
  const deployments = new ResourceClient<Deployment>(rest, Resources.deployments);
  const podInformer = new Informer(pods, { namespace: NS });
  const rsInformer = new Informer(new ResourceClient<ReplicaSet>(rest, Resources.replicasets), {
    namespace: NS,
  });
  podInformer.start(stop.signal);
  rsInformer.start(stop.signal);
  await podInformer.waitForSync();
  await rsInformer.waitForSync();

  // The stand-in kubelet: marks pods ready as they appear, when enabled.
  let kubeletOn = false;
  const queue: Pod[] = [];
  let inFlight = 0;
  const pump = () => {
    while (kubeletOn && inFlight < 64 && queue.length > 0) {
      const p = queue.shift()!;
      inFlight++;
      void pods
        .patch(NS, p.metadata.name!, 'strategic', readyStatusPatch(), { subresource: 'status' })
        .catch(() => undefined)
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };
  const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  podInformer.addHandler({
    onAdd: (p) => {
      if (!isReady(p) && !p.metadata.deletionTimestamp) {
        queue.push(p);
        pump();
      }
    },
  });
  const enableKubelet = () => {
    kubeletOn = true;
    for (const p of podInformer.cache.list()) if (!isReady(p) && !queue.includes(p)) queue.push(p);
    pump();
  };

  const live = () => podInformer.cache.list().filter((p) => !p.metadata.deletionTimestamp).length;
  const phase = async (
    name: string,
    run: () => Promise<void>,
    extra: (s: number) => Record<string, unknown>,
  ) => {
    const cpu0 = {
      server: cpuSeconds(server.pid!),
      manager: cpuSeconds(manager!.pid!),
      bench: selfCpuSeconds(),
    };
    const t0 = performance.now();
    await run();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = {
      apiserver_cpu_s: +(cpuSeconds(server.pid!) - cpu0.server).toFixed(2),
      controller_manager_cpu_s: +(cpuSeconds(manager!.pid!) - cpu0.manager).toFixed(2),
      bench_kubelet_cpu_s: +(selfCpuSeconds() - cpu0.bench).toFixed(2),
    };
    console.log(
      JSON.stringify({
        bench: 'controllers',
        figure: name,
        replicas: REPLICAS,
        seconds: +seconds.toFixed(2),
        ...extra(seconds),
        ...cpu,
      }),
    );
  };

  const template = (image: string) => ({
    metadata: { labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image }] },
  });
  await phase(
    'deployment_create',
    async () => {
      await deployments.create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bench', namespace: NS },
        spec: {
          replicas: REPLICAS,
          selector: { matchLabels: { app: 'bench' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
          template: template('bench:1'),
        },
      });
      await until(() => live() >= REPLICAS, 'all pods created');
    },
    (s) => ({ pods_per_second: +(REPLICAS / s).toFixed(1) }),
  );
  enableKubelet();
  const complete = async () => {
    const d = await deployments.get(NS, 'bench');
    const st = d.status ?? {};
    return (
      (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      st.updatedReplicas === REPLICAS &&
      st.availableReplicas === REPLICAS &&
      st.replicas === REPLICAS
    );
  };
  await until(complete, 'first rollout available');
  await phase(
    'rolling_update',
    async () => {
      await deployments.patch(NS, 'bench', 'strategic', { spec: { template: template('bench:2') } });
      await until(async () => (await complete()) && live() === REPLICAS, 'rolling update complete');
    },
    (s) => ({ pods_replaced_per_second: +(REPLICAS / s).toFixed(1) }),
  );
  kubeletOn = false;
  await phase(
    'gc_delete',
    async () => {
      await deployments.delete(NS, 'bench', { propagationPolicy: 'Background' });
      await until(
        () => podInformer.cache.size === 0 && rsInformer.cache.size === 0,
        'all pods and ReplicaSets gone',
      );
    },
    (s) => ({ pods_deleted_per_second: +(REPLICAS / s).toFixed(1) }),
  );
  rest.close();
} finally {
  stop.abort();
  manager?.kill('SIGTERM');
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dir, { recursive: true, force: true });
}
