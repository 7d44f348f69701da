/**
 * A second node joining the real cluster (registered by real_node.test.ts, which owns the server
 * and the bridge both nodes sit on): a network namespace stands for the second machine; it joins
 * with `kubets agent` and a token from `kubets token create --print-join-command`, gets its
 * certificate through an auto-approved CSR, runs its own containerd, and its pods reach the first
 * node's pods (and back) over host-gw routes; kubectl logs and exec reach its kubelet; a Service
 * whose only replica runs there answers a pod on the first node by name.
 */
import assert from 'node:assert/strict';
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
  /** The bridge the server's node address lives on, and a free address on it for the new node. */
  bridge: string;
  nodeIP: string;
  prefixLength: number;
  /** Where the second node keeps its state (removed by the owner). */
  dir: string;
  kubectl(args: string[], opts?: { input?: string }): Promise<string>;
  until<T>(what: string, fn: () => Promise<T | undefined>, ms?: number): Promise<T>;
}

/** Registers the tests; see the file comment. */
export function secondNodeTests(ctx: SecondNodeContext): void {
  const { ns, kubectl, until } = ctx;
  const k = (...args: string[]) => kubectl(['-n', ns, ...args]);
  const netns = `kubets-e2e-n2-${process.pid}`;
  const hostVeth = `kn2h${process.pid % 100000}`;
  const NODE = 'e2e-node-2';
  let agent: ChildProcess | undefined;
  let agentLog = '';

  describe('a second node', () => {
    before(async () => {
      const ip = (...args: string[]) => run('ip', args);
      await ip('netns', 'add', netns);
      await ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
      await ip('link', 'set', hostVeth, 'master', ctx.bridge, 'up');
      await ip('-n', netns, 'addr', 'add', `${ctx.nodeIP}/${ctx.prefixLength}`, 'dev', 'eth0');
      await ip('-n', netns, 'link', 'set', 'eth0', 'up');
      await ip('-n', netns, 'link', 'set', 'lo', 'up');
    });

    after(async () => {
      if (agent && agent.exitCode === null) {
        const exited = new Promise((r) => agent!.once('exit', r));
        agent.kill('SIGTERM');
        await exited;
      }
      // The second node cleans up as a user would: kubets reset on that machine.
      await run('nsenter', [
        `--net=/run/netns/${netns}`,
        process.execPath,
        ctx.bin,
        'reset',
        '--data-dir',
        ctx.dir,
      ]).catch((err: Error) => (agentLog += `\nkubets reset failed: ${err.message}`));
      await run('sh', ['-c', `pkill -f ${JSON.stringify(ctx.dir)} || true`]).catch(() => undefined);
      for (const mnt of fs
        .readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1] ?? '')
        .filter((m) => m.startsWith(ctx.dir))
        .sort((a, b) => b.length - a.length))
        await run('umount', ['-l', mnt]).catch(() => undefined);
      await run('ip', ['netns', 'del', netns]).catch(() => undefined);
      if (process.exitCode) process.stderr.write(`--- second node ---\n${agentLog.slice(-10_000)}`);
    });

    test('joins with a bootstrap token: its CSR is approved and issued, and the node is Ready', async () => {
      const { stdout } = await run(process.execPath, [
        ctx.bin,
        'token',
        'create',
        '--data-dir',
        ctx.serverDir,
        '--print-join-command',
        '--description',
        'e2e second node',
      ]);
      const join = stdout.trim().split(/\s+/);
      assert.deepEqual(join.slice(0, 2), ['kubets', 'agent']);
      assert.match(stdout, /--ca-cert-hash sha256:[0-9a-f]{64}/);
      // nsenter joins only the network namespace: the node sees the machine's cgroups and mounts.
      agent = spawn(
        'nsenter',
        [
          `--net=/run/netns/${netns}`,
          process.execPath,
          ctx.bin,
          ...join.slice(1),
          '--node-name',
          NODE,
          '--node-ip',
          ctx.nodeIP,
          '--data-dir',
          ctx.dir,
          '--containerd-socket',
          path.join(ctx.dir, 'containerd.sock'),
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KUBETS_LOG_LEVEL: 'info' } },
      );
      agent.stderr!.on('data', (b: Buffer) => (agentLog += b.toString()));
      await until(
        'the second node to be Ready',
        async () => {
          if (agent!.exitCode !== null) throw new Error(`kubets agent exited:\n${agentLog}`);
          return new RegExp(`${NODE}\\s+Ready`).test(await kubectl(['get', 'nodes'])) || undefined;
        },
        90_000,
      );
      const csrs = await kubectl(['get', 'csr']);
      assert.match(
        csrs,
        /node-csr-\S+\s+\S+\s+kubernetes\.io\/kube-apiserver-client-kubelet\s+system:bootstrap:[a-z0-9]{6}\s+\S+\s+Approved,Issued/,
      );
      const tokens = (await run(process.execPath, [ctx.bin, 'token', 'list', '--data-dir', ctx.serverDir]))
        .stdout;
      assert.match(tokens, /e2e second node/);
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
          items: [pod('far', NODE), pod('near', 'e2e-node')],
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
  });
}
