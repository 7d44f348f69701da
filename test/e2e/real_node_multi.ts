/**
 * Two more nodes joining the real cluster (registered by real_node.test.ts, which owns the server
 * and the bridge all nodes sit on): a network namespace stands for each machine; each joins with
 * `kubets agent` and a token from `kubets token create --print-join-command`, gets its certificate
 * through an auto-approved CSR and runs its own containerd. Pods on different nodes reach each
 * other over host-gw routes; kubectl logs and exec reach a joined kubelet; a Service whose only
 * replica runs on a joined node answers a pod on the first by name; a Deployment spreads over the
 * three nodes, and when one agent is killed with SIGKILL its pods are recreated on the others.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the second node's tests need from the file that runs the cluster. */
export interface SecondNodeContext {
  ns: string;
  bin: string;
  /** The server's data directory (its kubeconfig and token commands). */
  serverDir: string;
  /** The server's node name. */
  firstNode: string;
  /** The bridge the server's node address lives on, and two free addresses on it for the new nodes. */
  bridge: string;
  nodeIPs: [string, string];
  prefixLength: number;
  kubectl(args: string[], opts?: { input?: string }): Promise<string>;
  until<T>(what: string, fn: () => Promise<T | undefined>, ms?: number): Promise<T>;
}

/** One joined machine: its network namespace, its state directory and its `kubets agent`. */
interface JoinedNode {
  name: string;
  ip: string;
  netns: string;
  hostVeth: string;
  dir: string;
  agent?: ChildProcess;
  /** The API server's URL, from the join command. */
  server?: string;
  log: string;
}

/** Registers the tests; see the file comment. */
export function secondNodeTests(ctx: SecondNodeContext): void {
  const { ns, kubectl, until } = ctx;
  const k = (...args: string[]) => kubectl(['-n', ns, ...args]);
  const nodes: JoinedNode[] = ctx.nodeIPs.map((ip, i) => ({
    name: `e2e-node-${i + 2}`,
    ip,
    netns: `kubets-e2e-n${i + 2}-${process.pid}`,
    hostVeth: `kn${i + 2}h${process.pid % 100000}`,
    dir: fs.mkdtempSync(`/run/kubets-node${i + 2}-e2e-`),
    log: '',
  }));
  const [second, third] = nodes as [JoinedNode, JoinedNode];
  const NODE = second.name;
  const inNetns = (node: JoinedNode, ...args: string[]) => [`--net=/run/netns/${node.netns}`, ...args];

  /** Joins `node` with a fresh token; resolves once its Node is Ready. */
  async function join(node: JoinedNode, description: string): Promise<void> {
    const { stdout } = await run(process.execPath, [
      ctx.bin,
      'token',
      'create',
      '--data-dir',
      ctx.serverDir,
      '--print-join-command',
      '--description',
      description,
    ]);
    const command = stdout.trim().split(/\s+/);
    assert.deepEqual(command.slice(0, 2), ['kubets', 'agent']);
    assert.match(stdout, /--ca-cert-hash sha256:[0-9a-f]{64}/);
    node.server = command[command.indexOf('--server') + 1]!;
    await startAgent(node, command.slice(1));
  }

  /** Runs `kubets <args>` (an agent) for `node` in its namespace; resolves once its Node is Ready. */
  async function startAgent(node: JoinedNode, args: string[]): Promise<void> {
    // nsenter joins only the network namespace: the node sees the machine's cgroups and mounts.
    const agent = spawn(
      'nsenter',
      inNetns(
        node,
        process.execPath,
        ctx.bin,
        ...args,
        '--node-name',
        node.name,
        '--node-ip',
        node.ip,
        '--data-dir',
        node.dir,
        '--containerd-socket',
        path.join(node.dir, 'containerd.sock'),
      ),
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KUBETS_LOG_LEVEL: 'info' } },
    );
    node.agent = agent;
    agent.stderr!.on('data', (b: Buffer) => (node.log += b.toString()));
    await until(
      `node ${node.name} to be Ready`,
      async () => {
        if (agent.exitCode !== null || agent.signalCode !== null)
          throw new Error(`kubets agent exited:\n${node.log}`);
        return new RegExp(`${node.name}\\s+Ready`).test(await kubectl(['get', 'nodes'])) || undefined;
      },
      90_000,
    );
  }

  /** The spread Deployment's pods that are not being deleted: name, node, readiness. */
  async function spreadPods(): Promise<{ name: string; node: string; ready: boolean }[]> {
    const list = JSON.parse(await k('get', 'pods', '-l', 'app=spread', '-o', 'json')) as {
      items: {
        metadata: { name: string; deletionTimestamp?: string };
        spec: { nodeName?: string };
        status: { conditions?: { type: string; status: string }[] };
      }[];
    };
    return list.items
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => ({
        name: p.metadata.name,
        node: p.spec.nodeName ?? '',
        ready: p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      }));
  }

  describe('two more nodes', () => {
    before(async () => {
      const ip = (...args: string[]) => run('ip', args);
      for (const node of nodes) {
        await ip('netns', 'add', node.netns);
        await ip('link', 'add', node.hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', node.netns);
        await ip('link', 'set', node.hostVeth, 'master', ctx.bridge, 'up');
        await ip('-n', node.netns, 'addr', 'add', `${node.ip}/${ctx.prefixLength}`, 'dev', 'eth0');
        await ip('-n', node.netns, 'link', 'set', 'eth0', 'up');
        await ip('-n', node.netns, 'link', 'set', 'lo', 'up');
      }
    });

    after(async () => {
      for (const node of nodes) {
        const agent = node.agent;
        if (agent && agent.exitCode === null && agent.signalCode === null) {
          const exited = new Promise((r) => agent.once('exit', r));
          agent.kill('SIGTERM');
          await exited;
        }
        // Each node cleans up as a user would: kubets reset on that machine.
        await run('nsenter', inNetns(node, process.execPath, ctx.bin, 'reset', '--data-dir', node.dir)).catch(
          (err: Error) => (node.log += `\nkubets reset failed: ${err.message}`),
        );
        await run('sh', ['-c', `pkill -f ${JSON.stringify(node.dir)} || true`]).catch(() => undefined);
        for (const mnt of fs
          .readFileSync('/proc/mounts', 'utf8')
          .split('\n')
          .map((l) => l.split(' ')[1] ?? '')
          .filter((m) => m.startsWith(node.dir))
          .sort((a, b) => b.length - a.length))
          await run('umount', ['-l', mnt]).catch(() => undefined);
        await run('ip', ['netns', 'del', node.netns]).catch(() => undefined);
        fs.rmSync(node.dir, { recursive: true, force: true });
        if (process.exitCode) process.stderr.write(`--- ${node.name} ---\n${node.log.slice(-10_000)}`);
      }
    });

    test('each joins with a bootstrap token: its CSR is approved and issued, and the node is Ready', async () => {
      await join(second, 'e2e second node');
      await join(third, 'e2e third node');
      const csrs = await kubectl(['get', 'csr']);
      const issued = csrs.match(
        /node-csr-\S+\s+\S+\s+kubernetes\.io\/kube-apiserver-client-kubelet\s+system:bootstrap:[a-z0-9]{6}\s+\S+\s+Approved,Issued/g,
      );
      assert.equal(issued?.length, 2, csrs);
      const tokens = (await run(process.execPath, [ctx.bin, 'token', 'list', '--data-dir', ctx.serverDir]))
        .stdout;
      assert.match(tokens, /e2e second node/);
      assert.match(tokens, /e2e third node/);
    });

    test("its pods and the first node's reach each other, and kubectl logs and exec reach its kubelet", async () => {
      const pod = (name: string, node: string) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: name } },
        spec: {
          nodeName: node,
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'httpd',
              image: 'busybox:1.35',
              command: [
                'sh',
                '-c',
                `echo ${name} > /tmp/index.html; echo serving; exec httpd -f -p 8080 -h /tmp`,
              ],
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      });
      await kubectl(['-n', ns, 'apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [pod('far', NODE), pod('near', ctx.firstNode)],
        }),
      });
      await k('wait', '--for=condition=Ready', 'pod/far', 'pod/near', '--timeout=90s');
      const ipOf = async (name: string) =>
        (await k('get', 'pod', name, '-o', 'jsonpath={.status.podIP}')).trim();
      const far = await ipOf('far');
      const near = await ipOf('near');
      assert.notEqual(
        far.split('.').slice(0, 3).join('.'),
        near.split('.').slice(0, 3).join('.'),
        'different podCIDRs',
      );
      assert.equal((await k('exec', 'near', '--', 'wget', '-qO-', `http://${far}:8080/`)).trim(), 'far');
      assert.equal((await k('exec', 'far', '--', 'wget', '-qO-', `http://${near}:8080/`)).trim(), 'near');
      assert.match(await k('logs', 'far'), /serving/);
      assert.equal((await k('exec', 'far', '--', 'cat', '/tmp/index.html')).trim(), 'far');
    });

    test('a Service whose only replica runs on the second node answers a pod on the first by name', async () => {
      await k('expose', 'pod', 'far', '--port', '80', '--target-port', '8080', '--name', 'far-svc');
      const request = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 far-svc.${ns}.svc.cluster.local 80 2>&1 | tail -n 1`;
      await until('the service to answer from the first node', async () => {
        const out = (await k('exec', 'near', '--', 'sh', '-c', request)).trim();
        return out === 'far' || undefined;
      });
    });

    test("a pod on the second node reaches a Service on the first by name, through that node's own kube-proxy", async () => {
      await k('expose', 'pod', 'near', '--port', '80', '--target-port', '8080', '--name', 'near-svc');
      const request = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 near-svc.${ns}.svc.cluster.local 80 2>&1 | tail -n 1`;
      await until('the service to answer from the second node', async () => {
        const out = (await k('exec', 'far', '--', 'sh', '-c', request)).trim();
        return out === 'near' || undefined;
      });
      // That node's kube-proxy and DNS server run as themselves, with certificates the node asked for.
      const csrs = JSON.parse(await kubectl(['get', 'csr', '-o', 'json'])) as {
        items: { spec: { username: string; request: string }; status?: { certificate?: string } }[];
      };
      const issued = csrs.items
        .filter((c) => c.spec.username === `system:node:${NODE}` && c.status?.certificate)
        .map((c) => new X509Certificate(Buffer.from(c.status!.certificate!, 'base64')).subject.split('\n'));
      const has = (cn: string) => issued.some((names) => names.includes(`CN=${cn}`));
      assert.ok(has('system:kube-proxy'), JSON.stringify(issued));
      assert.ok(has('system:serviceaccount:kube-system:coredns'), JSON.stringify(issued));
    });

    test('a joined agent restarted without a token resumes with its certificate and adopts its pods', async () => {
      const far = async () =>
        JSON.parse(await k('get', 'pod', 'far', '-o', 'json')) as {
          status: { podIP: string; containerStatuses: { containerID: string; restartCount: number }[] };
        };
      const before = await far();
      const agent = second.agent!;
      const exited = new Promise((r) => agent.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
      await startAgent(second, ['agent', '--server', second.server!]);
      // The restarted kubelet answers exec, and the pod is the same one: same container, same address.
      await until(
        'exec through the restarted kubelet',
        async () =>
          (await k('exec', 'far', '--', 'cat', '/tmp/index.html').catch(() => '')).trim() === 'far' ||
          undefined,
      );
      const now = await far();
      assert.equal(now.status.podIP, before.status.podIP);
      assert.deepEqual(now.status.containerStatuses, before.status.containerStatuses);
    });

    test('a Deployment spreads over the three nodes, and its Service answers from all three replicas', async () => {
      // The pods leave an unreachable node after 5 s (instead of the default 300 s) once it is tainted.
      const leaveAfter = (key: string) => ({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 5,
      });
      await kubectl(['-n', ns, 'apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'spread' },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'spread' } },
            template: {
              metadata: { labels: { app: 'spread' } },
              spec: {
                terminationGracePeriodSeconds: 1,
                tolerations: [
                  leaveAfter('node.kubernetes.io/unreachable'),
                  leaveAfter('node.kubernetes.io/not-ready'),
                ],
                affinity: {
                  podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      {
                        weight: 100,
                        podAffinityTerm: {
                          labelSelector: { matchLabels: { app: 'spread' } },
                          topologyKey: 'kubernetes.io/hostname',
                        },
                      },
                    ],
                  },
                },
                containers: [
                  {
                    name: 'httpd',
                    image: 'busybox:1.35',
                    command: ['sh', '-c', 'hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp'],
                    ports: [{ containerPort: 8080 }],
                    readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
                  },
                ],
              },
            },
          },
        }),
      });
      await k('rollout', 'status', 'deployment/spread', '--timeout=120s');
      const placed = await spreadPods();
      assert.deepEqual(
        placed.map((p) => p.node).sort(),
        [ctx.firstNode, second.name, third.name].sort(),
        'one replica on each node',
      );
      await k('expose', 'deployment', 'spread', '--port', '80', '--target-port', '8080');
      const request = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 spread.${ns}.svc.cluster.local 80 2>&1 | tail -n 1`;
      const seen = new Set<string>();
      await until('the Service to answer from every replica', async () => {
        seen.add((await k('exec', 'near', '--', 'sh', '-c', request)).trim());
        return placed.every((p) => seen.has(p.name)) || undefined;
      });
    });

    test('an agent killed with SIGKILL: its node turns Unknown and its pods are recreated on the others', async () => {
      const before = await spreadPods();
      const lost = before.find((p) => p.node === third.name)!.name;
      third.agent!.kill('SIGKILL');
      // The node controller waits out the 40 s grace period, then taints the node unreachable.
      await until(
        `node ${third.name} to be marked unreachable`,
        async () => {
          const node = JSON.parse(await kubectl(['get', 'node', third.name, '-o', 'json'])) as {
            spec: { taints?: { key: string; effect: string }[] };
            status: { conditions: { type: string; status: string }[] };
          };
          const ready = node.status.conditions.find((c) => c.type === 'Ready')?.status;
          const tainted = node.spec.taints?.some(
            (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
          );
          return (ready === 'Unknown' && tainted) || undefined;
        },
        90_000,
      );
      assert.match(await kubectl(['get', 'nodes']), new RegExp(`${third.name}\\s+NotReady`));
      const after = await until(
        'three ready replicas on the remaining nodes',
        async () => {
          const pods = (await spreadPods()).filter((p) => p.ready);
          return pods.length === 3 && pods.every((p) => p.node !== third.name) ? pods : undefined;
        },
        60_000,
      );
      assert.ok(!after.some((p) => p.name === lost), 'the lost pod was replaced');
      const events = await k('get', 'events', '--field-selector', `involvedObject.name=${lost}`);
      assert.match(events, /TaintManagerEviction/);
      // Its pod stays Terminating while the node is gone (as upstream's): remove it, as a user would.
      await k('delete', 'pod', lost, '--force', '--grace-period=0');
    });
  });
}
