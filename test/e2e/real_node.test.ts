/**
 * `kubets server` with its node, as a user runs it: real containerd (started by kubets, with the
 * locally built busybox and pause images), real pods on the CNI bridge, and the real kubectl
 * (1.27, the one on PATH, 1.33) for logs, exec and port-forward. Needs root and the Debian
 * packages scripts/install-deps.sh installs.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { secondNodeTests } from './real_node_multi.js';
import { servicesTests } from './real_node_services.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/kubets.js');
const SDK = '/usr/lib/google-cloud-sdk/bin';
const KUBECTLS = [`${SDK}/kubectl.1.27`, 'kubectl', `${SDK}/kubectl.1.33`];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-node-e2e-'));
const runDir = fs.mkdtempSync('/run/kubets-node-e2e-');
const kubeconfig = path.join(dir, 'kubeconfig.yaml');
const NS = 'node-e2e';
// All nodes sit on a bridge of their own: this machine is the first, network namespaces the others.
const BRIDGE = `kbr${process.pid % 100000}`;
const NODE_IP = '10.98.0.1';
const JOINED_NODE_IPS: [string, string] = ['10.98.0.2', '10.98.0.3'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function kubectl(args: string[], opts: { bin?: string; input?: string } = {}): Promise<string> {
  const child = run(opts.bin ?? 'kubectl', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  child.child.stdin!.end(opts.input ?? '');
  try {
    return (await child).stdout;
  } catch (err) {
    const e = err as { stderr: string; stdout: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr}${e.stdout}`);
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(250);
  }
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

interface PodJson {
  metadata: { name: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      containerID?: string;
      state: Record<string, { reason?: string; message?: string; exitCode?: number }>;
      lastState?: Record<string, { reason?: string; exitCode?: number }>;
    }[];
  };
}

async function pod(name: string): Promise<PodJson> {
  return JSON.parse(await kubectl(['-n', NS, 'get', 'pod', name, '-o', 'json'])) as PodJson;
}

let server: ChildProcess;
let serverLog = '';
let serverArgs: string[] = [];

/** Starts `kubets server` with `serverArgs`; resolves once its node is Ready. */
async function startKubetsServer(): Promise<void> {
  server = spawn(process.execPath, serverArgs, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, KUBETS_LOG_LEVEL: 'info' },
  });
  const current = server;
  current.stderr!.on('data', (b: Buffer) => (serverLog += b.toString()));
  await until('the node to be Ready', async () => {
    if (current.exitCode !== null) throw new Error(`kubets server exited:\n${serverLog}`);
    if (!fs.existsSync(kubeconfig)) return undefined;
    const out = await kubectl(['get', 'nodes']).catch(() => '');
    return /e2e-node\s+Ready/.test(out) || undefined;
  });
}

before(async () => {
  await run('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${NODE_IP}/24`, 'dev', BRIDGE]);
  await run('ip', ['link', 'set', BRIDGE, 'up']);
  serverArgs = [
    bin,
    'server',
    '--data-dir',
    dir,
    '--https-port',
    String(await freePort()),
    '--node-name',
    'e2e-node',
    '--node-ip',
    NODE_IP,
    '--kubelet-port',
    String(await freePort('0.0.0.0')),
    '--containerd-socket',
    path.join(runDir, 'containerd.sock'),
    '--controller-manager-port',
    '0',
    '--scheduler-port',
    '0',
  ];
  await startKubetsServer();
  await kubectl(['create', 'namespace', NS]);
  await until(
    'the default service account',
    async () =>
      (await kubectl(['-n', NS, 'get', 'serviceaccounts', '-o', 'name'])).includes('default') || undefined,
  );
});

after(async () => {
  if (server && server.exitCode === null) {
    await kubectl(['delete', 'namespace', NS, '--wait=true', '--timeout=60s']).catch(() => '');
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  // What the reset test did not get to (it failed, or did not run) is removed here.
  if (fs.existsSync(dir))
    await run(process.execPath, [bin, 'reset', '--data-dir', dir]).catch(() => undefined);
  await run('sh', ['-c', `pkill -f ${JSON.stringify(runDir)} || true`]).catch(() => undefined);
  for (const mnt of fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(dir) || m.startsWith(runDir))
    .sort((a, b) => b.length - a.length))
    await run('umount', ['-l', mnt]).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(runDir, { recursive: true, force: true });
  await run('ip', ['link', 'del', BRIDGE]).catch(() => undefined);
  if (process.exitCode) process.stderr.write(serverLog.slice(-20_000));
});

describe('a real node', () => {
  test('kubectl get nodes shows the node with containerd and its address', async () => {
    const out = await kubectl(['get', 'nodes', '-o', 'wide']);
    assert.match(out, /e2e-node\s+Ready\s+control-plane,master\s+\S+\s+v1\.\d+\.\d+\S*\s+\d+\.\d+\.\d+\.\d+/);
    assert.match(out, /containerd:\/\//);
    const node = JSON.parse(await kubectl(['get', 'node', 'e2e-node', '-o', 'json'])) as {
      spec: { podCIDR?: string };
      status: { allocatable: Record<string, string> };
    };
    assert.match(node.spec.podCIDR ?? '', /^10\.42\.\d+\.0\/24$/);
    assert.equal(node.status.allocatable.pods, '110');
  });

  test('a Deployment with a configMap volume and a readiness probe serves on its pod IPs', async () => {
    await kubectl(['-n', NS, 'create', 'configmap', 'site', '--from-literal=index.html=hello from kubets']);
    await kubectl(['-n', NS, 'apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              terminationGracePeriodSeconds: 1,
              containers: [
                {
                  name: 'httpd',
                  image: 'busybox:1.35',
                  command: ['sh', '-c', 'hostname > /www/name; exec httpd -f -p 8080 -h /www'],
                  ports: [{ name: 'http', containerPort: 8080 }],
                  readinessProbe: { httpGet: { path: '/index.html', port: 'http' }, periodSeconds: 1 },
                  livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 2 },
                  volumeMounts: [
                    { name: 'site', mountPath: '/site' },
                    { name: 'www', mountPath: '/www' },
                  ],
                },
              ],
              initContainers: [
                {
                  name: 'copy',
                  image: 'busybox:1.35',
                  command: ['cp', '/site/index.html', '/www/'],
                  volumeMounts: [
                    { name: 'site', mountPath: '/site' },
                    { name: 'www', mountPath: '/www' },
                  ],
                },
              ],
              volumes: [
                { name: 'site', configMap: { name: 'site' } },
                { name: 'www', emptyDir: {} },
              ],
            },
          },
        },
      }),
    });
    const status = await kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
    assert.match(status, /successfully rolled out/);
    const pods = JSON.parse(await kubectl(['-n', NS, 'get', 'pods', '-l', 'app=web', '-o', 'json'])) as {
      items: PodJson[];
    };
    assert.equal(pods.items.length, 3);
    const names = new Set<string>();
    for (const p of pods.items) {
      assert.match(p.status.podIP ?? '', /^10\.42\./);
      assert.equal(
        (await httpGet(`http://${p.status.podIP}:8080/index.html`)).body.trim(),
        'hello from kubets',
      );
      names.add((await httpGet(`http://${p.status.podIP}:8080/name`)).body.trim());
    }
    assert.equal(names.size, 3, 'each pod is its own host');
  });

  for (const bin of KUBECTLS) {
    const v = path.basename(bin);
    test(`${v}: logs, exec and port-forward reach the container`, async () => {
      const pods = await kubectl(['-n', NS, 'get', 'pods', '-l', 'app=web', '-o', 'name']);
      const name = pods.trim().split('\n')[0]!.replace('pod/', '');
      assert.equal(
        (
          await kubectl(['-n', NS, 'exec', name, '-c', 'httpd', '--', 'cat', '/www/index.html'], { bin })
        ).trim(),
        'hello from kubets',
      );
      const resolv = await kubectl(['-n', NS, 'exec', name, '--', 'cat', '/etc/resolv.conf'], { bin });
      assert.match(resolv, /nameserver 10\.43\.0\.10/);
      assert.match(
        resolv,
        new RegExp(`search ${NS}\\.svc\\.cluster\\.local svc\\.cluster\\.local cluster\\.local`),
      );
      await assert.rejects(
        kubectl(['-n', NS, 'exec', name, '--', 'sh', '-c', 'exit 7'], { bin }),
        /command terminated with exit code 7/,
      );
      const local = await freePort();
      const pf = spawn(
        bin,
        ['--kubeconfig', kubeconfig, '-n', NS, 'port-forward', `pod/${name}`, `${local}:8080`],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        const res = await until(
          'port-forward',
          async () => httpGet(`http://127.0.0.1:${local}/index.html`),
          20_000,
        );
        assert.equal(res.body.trim(), 'hello from kubets');
      } finally {
        pf.kill();
      }
    });
  }

  test('a pod gets its service account token, the cluster CA and its namespace, and the token works', async () => {
    await kubectl(['-n', NS, 'run', 'sa-reader', '--image=busybox:1.35', '--', 'sleep', '3600']);
    await kubectl(['-n', NS, 'wait', '--for=condition=Ready', 'pod/sa-reader', '--timeout=60s']);
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    const read = (f: string) => kubectl(['-n', NS, 'exec', 'sa-reader', '--', 'cat', `${dir}/${f}`]);
    assert.equal(await read('namespace'), NS);
    assert.match(await read('ca.crt'), /^-----BEGIN CERTIFICATE-----/);
    const token = await read('token');
    // kubectl would send the kubeconfig's certificate too (which wins): ask a TokenReview instead.
    const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } };
    const who = await kubectl(['create', '-f', '-', '-o', 'jsonpath={.status.user.username}'], {
      input: JSON.stringify(review),
    });
    assert.equal(who, `system:serviceaccount:${NS}:default`);
    await kubectl(['-n', NS, 'delete', 'pod', 'sa-reader', '--grace-period=0', '--force']).catch(() => '');
  });

  test('a crashing container goes into CrashLoopBackOff; logs --previous shows the last run', async () => {
    await kubectl([
      '-n',
      NS,
      'run',
      'crash',
      '--image=busybox:1.35',
      '--',
      'sh',
      '-c',
      'echo run-$RANDOM; exit 3',
    ]);
    const p = await until('CrashLoopBackOff', async () => {
      const p = await pod('crash');
      const cs = p.status.containerStatuses?.[0];
      return cs?.state.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount >= 1 ? p : undefined;
    });
    const cs = p.status.containerStatuses![0]!;
    assert.equal(cs.lastState?.terminated?.exitCode, 3);
    assert.match(await kubectl(['-n', NS, 'logs', 'crash', '--previous']), /^run-\d+\n$/);
    assert.match(
      await kubectl(['-n', NS, 'get', 'pod', 'crash']),
      /crash\s+0\/1\s+CrashLoopBackOff\s+\d+ \(/,
    );
  });

  test('a failing liveness probe restarts the container', async () => {
    await kubectl(['-n', NS, 'apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'unhealthy' },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'c',
              image: 'busybox:1.35',
              command: ['sh', '-c', 'touch /tmp/ok; sleep 2; rm /tmp/ok; sleep 3600'],
              livenessProbe: { exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 1, failureThreshold: 2 },
            },
          ],
        },
      }),
    });
    await until(
      'a restart',
      async () =>
        ((await pod('unhealthy')).status.containerStatuses?.[0]?.restartCount ?? 0) >= 1 || undefined,
    );
    const events = await kubectl([
      '-n',
      NS,
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=unhealthy',
    ]);
    assert.match(events, /Unhealthy\s+pod\/unhealthy\s+Liveness probe failed:/);
    assert.match(events, /Killing\s+pod\/unhealthy\s+Container c failed liveness probe, will be restarted/);
  });

  test('termination messages, OOMKilled and restartPolicy Never', async () => {
    await kubectl(['-n', NS, 'apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'done' },
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'c',
                  image: 'busybox:1.35',
                  command: ['sh', '-c', 'echo finished > /dev/termination-log'],
                },
              ],
            },
          },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'oom' },
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'c',
                  image: 'busybox:1.35',
                  command: ['sh', '-c', 'x=a; while :; do x=$x$x; done'],
                  resources: { limits: { memory: '20Mi' } },
                },
              ],
            },
          },
        ],
      }),
    });
    const done = await until('Succeeded', async () => {
      const p = await pod('done');
      return p.status.phase === 'Succeeded' ? p : undefined;
    });
    assert.equal(done.status.containerStatuses![0]!.state.terminated!.message, 'finished\n');
    assert.equal(done.status.containerStatuses![0]!.state.terminated!.reason, 'Completed');
    const oom = await until('OOMKilled', async () => {
      const p = await pod('oom');
      return p.status.phase === 'Failed' ? p : undefined;
    });
    assert.equal(oom.status.containerStatuses![0]!.state.terminated!.reason, 'OOMKilled');
    assert.match(await kubectl(['-n', NS, 'get', 'pod', 'oom']), /oom\s+0\/1\s+OOMKilled\s+0/);
  });

  test('a deleted pod stops: its containers are gone from the runtime', async () => {
    await kubectl(['-n', NS, 'delete', 'pod', 'crash', 'unhealthy', '--timeout=60s']);
    const ctr = ['--address', path.join(runDir, 'containerd.sock'), '-n', 'k8s.io', 'containers', 'ls'];
    await until('containers removed', async () => {
      const { stdout } = await run('ctr', ctr, { encoding: 'utf8' });
      return (
        !/busybox.*\n?/.test(
          stdout
            .split('\n')
            .filter((l) => /crash|unhealthy/.test(l))
            .join('\n'),
        ) || undefined
      );
    });
  });
  test('kubets server restarted on its data directory resumes the cluster and adopts the running pods', async () => {
    type Seen = { name: string; ip: string; containerID: string; restarts: number };
    const webPods = async (): Promise<Seen[]> => {
      const list = JSON.parse(await kubectl(['-n', NS, 'get', 'pods', '-l', 'app=web', '-o', 'json'])) as {
        items: PodJson[];
      };
      return list.items
        .map((p) => ({
          name: p.metadata.name,
          ip: p.status.podIP ?? '',
          containerID: p.status.containerStatuses?.[0]?.containerID ?? '',
          restarts: p.status.containerStatuses?.[0]?.restartCount ?? -1,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    };
    const before = await webPods();
    assert.equal(before.length, 3);
    const ca = fs.readFileSync(path.join(dir, 'tls', 'server-ca.crt'), 'utf8');
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    await startKubetsServer();
    assert.equal(fs.readFileSync(path.join(dir, 'tls', 'server-ca.crt'), 'utf8'), ca, 'the same cluster CA');
    await kubectl([
      '-n',
      NS,
      'run',
      'after-restart',
      '--image=busybox:1.35',
      '--restart=Never',
      '--',
      'true',
    ]);
    await until('the new pod to run on the restarted node', async () => {
      const p = await pod('after-restart');
      return p.status.phase === 'Succeeded' || undefined;
    });
    await kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.deepEqual(await webPods(), before, 'the same pods, containers and addresses; no restarts');
    await kubectl(['-n', NS, 'delete', 'pod', 'after-restart']);
  });
});

servicesTests({ ns: NS, kubectl: (args, opts) => kubectl(args, opts), until });

secondNodeTests({
  ns: NS,
  bin,
  serverDir: dir,
  firstNode: 'e2e-node',
  bridge: BRIDGE,
  nodeIPs: JOINED_NODE_IPS,
  prefixLength: 24,
  kubectl: (args, opts) => kubectl(args, opts),
  until,
});

describe('kubets reset', () => {
  test('removes the stopped node: containers, mounts, pod network namespaces, bridge, rules, data', async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    const socket = path.join(runDir, 'containerd.sock');
    const shims = async () =>
      (await run('sh', ['-c', `pgrep -f -- "-addres[s] ${socket}" || true`])).stdout.trim();
    assert.notEqual(await shims(), '', "the pods' containers outlive the node, as upstream's");
    const { stdout } = await run(process.execPath, [bin, 'reset', '--data-dir', dir]);
    assert.equal(stdout, '');
    assert.equal(await shims(), '');
    const mounts = fs.readFileSync('/proc/mounts', 'utf8');
    assert.ok(!mounts.includes(dir) && !mounts.includes(runDir), 'nothing mounted below the node');
    assert.equal(fs.existsSync(dir), false);
    assert.equal(fs.existsSync('/sys/class/net/cni0'), false);
    const nat = (await run('iptables-save', ['-t', 'nat'])).stdout;
    assert.doesNotMatch(nat, /KUBETS-POD-MASQ|KUBE-SERVICES|KUBE-SVC-/);
    assert.doesNotMatch((await run('ip', ['-4', 'route'])).stdout, /proto 213/);
  });
});
