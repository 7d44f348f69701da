/**
 * The cluster as a user starts it (issue: a cluster in one command): the time from `kubets server`
 * to a Ready node on this machine (real containerd), the server's RSS at idle with that node, an
 * agent's RSS once it has joined from a network namespace, and the server's RSS after a
 * 1,000-pod Deployment on hollow nodes. One JSON line per figure; k3s's documented figures beside
 * ours. Needs root and the Debian packages of scripts/install-deps.sh.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RestClient } from '../../src/client/rest_client.js';
import { emit, freePort, projectRoot } from '../support/bench_server.js';

const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin/kubets.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BRIDGE = `kbb${process.pid % 100000}`;
const NETNS = `kubets-bench-n2-${process.pid}`;
const SERVER_IP = '10.97.0.1';
const AGENT_IP = '10.97.0.2';

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round((Number(m?.[1] ?? 0) / 1024) * 10) / 10;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function nodeReady(rest: RestClient, name: string): Promise<true | undefined> {
  const node = await rest.request<{ status?: { conditions?: { type: string; status: string }[] } }>({
    method: 'GET',
    path: `/api/v1/nodes/${name}`,
  });
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
}

const children: ChildProcess[] = [];
async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await exited;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-cluster-bench-'));
const agentDir = fs.mkdtempSync('/run/kubets-cluster-bench-agent-');
const serverDir = path.join(dir, 'server');
try {
  await run('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${SERVER_IP}/24`, 'dev', BRIDGE]);
  await run('ip', ['link', 'set', BRIDGE, 'up']);

  // 1. kubets server to a Ready node.
  const port = await freePort();
  const started = Date.now();
  const server = spawn(
    process.execPath,
    [
      bin,
      'server',
      '--data-dir',
      serverDir,
      '--https-port',
      String(port),
      '--node-name',
      'bench-node',
      '--node-ip',
      SERVER_IP,
      '--containerd-socket',
      path.join(dir, 'containerd.sock'),
      '--controller-manager-port',
      '0',
      '--scheduler-port',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
  );
  children.push(server);
  const kubeconfig = path.join(serverDir, 'kubeconfig.yaml');
  await until('the kubeconfig', async () => (fs.existsSync(kubeconfig) ? true : undefined), 60_000);
  const rest = RestClient.fromKubeconfig(kubeconfig);
  await until('the node to be Ready', () => nodeReady(rest, 'bench-node'), 120_000);
  emit({
    figure: 'server_to_ready_node_seconds',
    value: (Date.now() - started) / 1000,
    goal: 10,
    peer: { k3s: 30 },
  });

  // 2. Idle RSS with one node (containerd, a process of its own, beside it).
  await sleep(15_000);
  emit({
    figure: 'server_idle_rss_mib',
    value: rssMiB(server.pid!),
    goal: 200,
    note: 'API server, controller manager, scheduler and node in one process',
  });
  const containerd = (await run('pgrep', ['-f', `containerd --config ${serverDir}`])).stdout
    .trim()
    .split('\n')[0];
  if (containerd) emit({ figure: 'node_containerd_rss_mib', value: rssMiB(Number(containerd)) });

  // 3. An agent joining from a network namespace, idle.
  await run('ip', ['netns', 'add', NETNS]);
  const veth = `kbb${process.pid % 100000}h`;
  await run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NETNS]);
  await run('ip', ['link', 'set', veth, 'master', BRIDGE, 'up']);
  await run('ip', ['-n', NETNS, 'addr', 'add', `${AGENT_IP}/24`, 'dev', 'eth0']);
  await run('ip', ['-n', NETNS, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);
  const join = (
    await run(process.execPath, [bin, 'token', 'create', '--data-dir', serverDir, '--print-join-command'])
  ).stdout
    .trim()
    .split(/\s+/);
  const joinStarted = Date.now();
  const agent = spawn(
    'nsenter',
    [
      `--net=/run/netns/${NETNS}`,
      process.execPath,
      bin,
      ...join.slice(1),
      '--node-name',
      'bench-node-2',
      '--node-ip',
      AGENT_IP,
      '--data-dir',
      agentDir,
      '--containerd-socket',
      path.join(agentDir, 'containerd.sock'),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' } },
  );
  children.push(agent);
  await until('the agent node to be Ready', () => nodeReady(rest, 'bench-node-2'), 120_000);
  emit({ figure: 'agent_join_to_ready_seconds', value: (Date.now() - joinStarted) / 1000 });
  await sleep(15_000);
  emit({
    figure: 'agent_idle_rss_mib',
    value: rssMiB(agent.pid!),
    peer: { k3s_agent: 275 },
    note: 'kubelet, kube-proxy, DNS, routes; containerd apart',
  });

  // 4. 1,000 pods on hollow nodes (the real nodes are tainted so that nothing lands there).
  for (const n of ['bench-node', 'bench-node-2'])
    await rest.request({
      method: 'PATCH',
      path: `/api/v1/nodes/${n}`,
      contentType: 'application/merge-patch+json',
      body: { spec: { taints: [{ key: 'bench', value: 'real', effect: 'NoSchedule' }] } },
    });
  const hollow = spawn(process.execPath, [bin, 'hollow', '--kubeconfig', kubeconfig, '--nodes', '20'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, KUBETS_LOG_LEVEL: 'warn' },
  });
  children.push(hollow);
  await until(
    '20 hollow nodes',
    async () => {
      const list = await rest.request<{ items: unknown[] }>({ method: 'GET', path: '/api/v1/nodes' });
      return list.items.length >= 22 ? true : undefined;
    },
    120_000,
  );
  await rest.request({
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench' },
      spec: {
        replicas: 1000,
        selector: { matchLabels: { app: 'bench' } },
        template: {
          metadata: { labels: { app: 'bench' } },
          spec: {
            containers: [
              { name: 'c', image: 'busybox:1.35', resources: { requests: { cpu: '1m', memory: '1Mi' } } },
            ],
          },
        },
      },
    },
  });
  const deployStarted = Date.now();
  await until(
    '1,000 available pods',
    async () => {
      const d = await rest.request<{ status?: { availableReplicas?: number } }>({
        method: 'GET',
        path: '/apis/apps/v1/namespaces/default/deployments/bench',
      });
      return (d.status?.availableReplicas ?? 0) >= 1000 ? true : undefined;
    },
    600_000,
  );
  emit({
    figure: 'deployment_1000_pods_available_seconds',
    value: (Date.now() - deployStarted) / 1000,
    note: '20 hollow nodes',
  });
  await sleep(10_000);
  emit({ figure: 'server_rss_1000_pods_mib', value: rssMiB(server.pid!), peer: { k3s_with_workload: 1600 } });
  rest.close();
} finally {
  for (const c of children.reverse()) await stopChild(c).catch(() => undefined);
  await run('nsenter', [
    `--net=/run/netns/${NETNS}`,
    process.execPath,
    bin,
    'reset',
    '--data-dir',
    agentDir,
  ]).catch(() => undefined);
  await run(process.execPath, [bin, 'reset', '--data-dir', serverDir]).catch(() => undefined);
  await run('ip', ['netns', 'del', NETNS]).catch(() => undefined);
  await run('ip', ['link', 'del', BRIDGE]).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(agentDir, { recursive: true, force: true });
}
