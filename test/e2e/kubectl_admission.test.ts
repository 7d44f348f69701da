/**
 * The real kubectl against the admission plugins and the eviction subresource: a LimitRange
 * defaulting a pod, a quota refusing one with upstream's message, `kubectl create
 * priorityclass`, and `kubectl drain` evicting pods bound to a node (and stopped by a
 * disruption budget).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import { startControlPlane } from '../../src/server/control_plane.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';

const run = promisify(execFile);
let cp: ControlPlane;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-admission-e2e-'));
  cp = await startControlPlane({
    dataDir: dir,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    resources: builtinResources(),
    log: pino({ level: 'silent' }),
    store: await SqliteStore.open({ path: ':memory:' }),
  });
});

after(async () => {
  await cp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function k(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run('kubectl', ['--kubeconfig', cp.kubeconfigPath, ...args], { encoding: 'utf8' });
  if (input !== undefined) child.child.stdin!.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await k(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('kubectl: LimitRange defaults, quota refusal, service account, priority classes', async () => {
  await ok(['create', 'namespace', 'adm']);
  const refused = await k(['-n', 'adm', 'run', 'early', '--image=busybox', '--restart=Never']);
  assert.match(
    refused.stderr,
    /pods "early" is forbidden: error looking up service account adm\/default: serviceaccount "default" not found/,
  );
  await ok(['-n', 'adm', 'create', 'serviceaccount', 'default']);
  await ok(
    ['-n', 'adm', 'apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }] },
    }),
  );
  await ok(['-n', 'adm', 'run', 'p1', '--image=busybox', '--restart=Never']);
  assert.equal(
    await ok([
      '-n',
      'adm',
      'get',
      'pod',
      'p1',
      '-o',
      'jsonpath={.spec.containers[0].resources.limits.cpu} {.spec.containers[0].resources.requests.cpu} {.spec.serviceAccountName}',
    ]),
    '500m 100m default',
  );
  assert.equal(
    await ok([
      '-n',
      'adm',
      'get',
      'pod',
      'p1',
      '-o',
      "jsonpath={.metadata.annotations['kubernetes\\.io/limit-ranger']}",
    ]),
    'LimitRanger plugin set: cpu request for container p1; cpu limit for container p1',
  );

  await ok(['-n', 'adm', 'create', 'quota', 'q', '--hard=pods=2']);
  await ok(['-n', 'adm', 'run', 'p2', '--image=busybox', '--restart=Never']);
  const over = await k(['-n', 'adm', 'run', 'p3', '--image=busybox', '--restart=Never']);
  assert.notEqual(over.code, 0);
  assert.match(
    over.stderr,
    /Error from server \(Forbidden\): pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2/,
  );
  assert.equal(await ok(['-n', 'adm', 'get', 'quota', 'q', '-o', 'jsonpath={.status.used.pods}']), '2');

  await ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important']);
  const pcs = await ok(['get', 'priorityclass']);
  assert.match(pcs, /high\s+1000\s+false/);
  assert.match(pcs, /system-cluster-critical\s+2000000000\s+false/);
  assert.match(pcs, /system-node-critical\s+2000001000\s+false/);
  const unknown = await k([
    '-n',
    'adm',
    'run',
    'p4',
    '--image=busybox',
    '--restart=Never',
    '--overrides',
    '{"spec":{"priorityClassName":"nope"}}',
  ]);
  assert.match(unknown.stderr, /pods "p4" is forbidden: no PriorityClass with name nope was found/);
});

test('kubectl drain evicts the pods bound to a node; a disruption budget stops it', async () => {
  await ok(['create', 'namespace', 'dr']);
  await ok(['-n', 'dr', 'create', 'serviceaccount', 'default']);
  await ok(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }),
  );
  for (const name of ['w1', 'w2']) {
    await ok(
      ['-n', 'dr', 'apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: { app: name === 'w1' ? 'web' : 'db' } },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox' }] },
      }),
    );
    await ok(
      ['create', '--raw', `/api/v1/namespaces/dr/pods/${name}/binding`, '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name },
        target: { kind: 'Node', name: 'n1' },
      }),
    );
  }
  const drained = await ok([
    'drain',
    'n1',
    '--pod-selector=app=web',
    '--ignore-daemonsets',
    '--force',
    '--timeout=60s',
  ]);
  assert.match(drained, /pod\/w1 evicted/);
  assert.match(drained, /node\/n1 drained/);
  assert.equal(await ok(['get', 'node', 'n1', '-o', 'jsonpath={.spec.unschedulable}']), 'true');
  assert.equal((await k(['-n', 'dr', 'get', 'pod', 'w1'])).code, 1);

  // w2 runs and is ready; its budget allows no disruption.
  await ok([
    '-n',
    'dr',
    'patch',
    'pod',
    'w2',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}',
  ]);
  await ok(['-n', 'dr', 'create', 'poddisruptionbudget', 'db', '--selector=app=db', '--min-available=1']);
  await ok([
    '-n',
    'dr',
    'patch',
    'pdb',
    'db',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":1,"desiredHealthy":1,"expectedPods":1}}',
  ]);
  const blocked = await k([
    'drain',
    'n1',
    '--pod-selector=app=db',
    '--ignore-daemonsets',
    '--force',
    '--timeout=2s',
  ]);
  assert.notEqual(blocked.code, 0);
  assert.match(blocked.stderr, /Cannot evict pod as it would violate the pod's disruption budget\./);
  assert.equal(await ok(['-n', 'dr', 'get', 'pod', 'w2', '-o', 'jsonpath={.metadata.name}']), 'w2');
  const raw = await k(
    ['create', '--raw', '/api/v1/namespaces/dr/pods/w2/eviction', '-f', '-'],
    JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'w2', namespace: 'dr' } }),
  );
  assert.notEqual(raw.code, 0);
  assert.match(raw.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
});
