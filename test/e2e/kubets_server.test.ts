/**
 * `kubets server` as a user runs it, driven by the real kubectl: built-in resources, upstream
 * table columns, and a restart on the same data directory that resumes the same cluster.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/kubets.js', import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-server-e2e-'));
const kubeconfig = path.join(dir, 'kubeconfig.yaml');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const port = await freePort();
let server: ChildProcess | null = null;

async function startServer(...extra: string[]): Promise<void> {
  server = spawn(
    process.execPath,
    [
      bin,
      'server',
      '--data-dir',
      dir,
      '--https-port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--disable-agent',
      // No fixed metrics ports: other servers on the machine (tests running beside this one) may hold them.
      '--scheduler-port',
      '0',
      '--controller-manager-port',
      '0',
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KUBETS_LOG_LEVEL: 'info' } },
  );
  let log = '';
  server.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const deadline = Date.now() + 30_000;
  while (!log.includes('kubets API server ready')) {
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`kubets server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

after(async () => {
  await stopServer();
  fs.rmSync(dir, { recursive: true, force: true });
});

const kubectl = async (...args: string[]) => {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  return stdout;
};

test(
  'kubets server serves the built-in resources to kubectl and resumes after a restart',
  { timeout: 120_000 },
  async () => {
    // The API alone: objects stay as written, with no controller acting on them.
    await startServer('--disable-controller-manager');
    assert.match(await kubectl('get', 'ns'), /NAME\s+STATUS\s+AGE\ndefault\s+Active/);
    const resources = await kubectl('api-resources', '-o', 'name');
    for (const r of [
      'pods',
      'deployments.apps',
      'services',
      'clusterroles.rbac.authorization.k8s.io',
      'leases.coordination.k8s.io',
    ]) {
      assert.match(resources, new RegExp(`^${r.replace(/\./g, '\\.')}$`, 'm'));
    }
    await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
    assert.match(
      await kubectl('get', 'deploy', 'web'),
      /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+0\/2\s+0\s+0\s+/,
    );
    await kubectl('scale', 'deploy', 'web', '--replicas=3');
    assert.equal(
      await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'),
      '3 2',
    );
    // Pods need their service account; the controller that creates `default` comes later.
    await kubectl('create', 'serviceaccount', 'default');
    await kubectl('run', 'p1', '--image=busybox', '--restart=Never');
    assert.match(
      await kubectl('get', 'pods'),
      /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\np1\s+0\/1\s+Pending\s+0\s+/,
    );
    assert.equal(
      await kubectl(
        'get',
        'pod',
        'p1',
        '-o',
        'jsonpath={.spec.restartPolicy} {.spec.schedulerName} {.status.qosClass}',
      ),
      'Never default-scheduler BestEffort',
    );
    assert.equal(
      await kubectl('get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[0].port}'),
      '10.43.0.1 443',
    );
    await kubectl('expose', 'deployment', 'web', '--port=80', '--type=NodePort');
    const [ip, nodePort] = (
      await kubectl('get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}')
    ).split(' ');
    assert.match(ip!, /^10\.43\.\d+\.\d+$/);
    assert.ok(Number(nodePort) >= 30000 && Number(nodePort) <= 32767);
    const dup = await run(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        'create',
        'service',
        'clusterip',
        'dup',
        '--tcp=80:80',
        `--clusterip=${ip}`,
      ],
      { encoding: 'utf8' },
    ).catch((e: { stderr: string }) => e);
    assert.match(
      (dup as { stderr: string }).stderr,
      /spec\.clusterIPs: Invalid value: \[\]string\{"[\d.]+"\}: failed to allocate IP [\d.]+: provided IP is already allocated/,
    );
    // Deleting a namespace marks it Terminating until its finalizers are released.
    await kubectl('create', 'ns', 'gone');
    await kubectl('-n', 'gone', 'create', 'cm', 'kept');
    await kubectl('delete', 'ns', 'gone', '--wait=false');
    assert.equal(await kubectl('get', 'ns', 'gone', '-o', 'jsonpath={.status.phase}'), 'Terminating');
    const refused = await run('kubectl', ['--kubeconfig', kubeconfig, '-n', 'gone', 'create', 'cm', 'new'], {
      encoding: 'utf8',
    }).catch((e: { stderr: string }) => e);
    assert.match(
      (refused as { stderr: string }).stderr,
      /unable to create new content in namespace gone because it is being terminated/,
    );
    const finalize = spawn('kubectl', [
      '--kubeconfig',
      kubeconfig,
      'replace',
      '--raw',
      '/api/v1/namespaces/gone/finalize',
      '-f',
      '-',
    ]);
    finalize.stdin.end(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'gone' },
        spec: { finalizers: [] },
      }),
    );
    assert.equal(await new Promise((r) => finalize.on('exit', r)), 0);
    assert.doesNotMatch(await kubectl('get', 'ns', '-o', 'name'), /namespace\/gone/);
    const uid = await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid}');

    await stopServer();
    await startServer('--disable-controller-manager');
    assert.equal(
      await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid} {.spec.replicas}'),
      `${uid} 3`,
    );
    assert.match(await kubectl('get', 'pods', '-o', 'name'), /pod\/p1/);
  },
);

test(
  'kubets server runs the controller manager: new namespaces get their default account',
  { timeout: 60_000 },
  async () => {
    await stopServer();
    await startServer();
    await kubectl('create', 'ns', 'with-controllers');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const out = await kubectl('-n', 'with-controllers', 'get', 'sa,cm', '-o', 'name');
      if (/serviceaccount\/default/.test(out) && /configmap\/kube-root-ca\.crt/.test(out)) break;
      if (Date.now() > deadline) throw new Error(`no default account or CA bundle: ${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(
      await kubectl(
        '-n',
        'kube-system',
        'get',
        'lease',
        'kube-controller-manager',
        '-o',
        'jsonpath={.spec.holderIdentity}',
      ),
      /.+_.+/,
    );
  },
);
