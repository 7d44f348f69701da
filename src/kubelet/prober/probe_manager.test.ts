import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { pino } from 'pino';
import type { Container, Pod } from '../../api/types/pod.js';
import { FakeClock } from '../../client/clock.js';
import { CriError, GrpcCode } from '../cri/api.js';
import type { ExecSyncResult, RuntimeService } from '../cri/api.js';
import type { RuntimePodStatus } from '../runtime_pod_status.js';
import { newProbeManager } from './probe_manager.js';

const UID = 'uid-1';

/** A runtime whose execSync answers each probe command (`cmd[0]`) from a script of exit codes. */
function setup(script: Record<string, (number | 'error' | 'timeout')[]> = {}, random = () => 0) {
  const clock = new FakeClock();
  const calls: { id: string; cmd: string }[] = [];
  const events: string[] = [];
  const changed: string[] = [];
  const runtime = {
    async execSync(id: string, cmd: string[]): Promise<ExecSyncResult> {
      const name = cmd[0]!;
      calls.push({ id, cmd: name });
      const codes = script[name] ?? [0];
      const code = codes.length > 1 ? codes.shift()! : codes[0]!;
      if (code === 'error') throw new CriError(GrpcCode.NOT_FOUND, 'container is gone');
      if (code === 'timeout') throw new CriError(GrpcCode.DEADLINE_EXCEEDED, 'deadline');
      return {
        exitCode: code,
        stdout: Buffer.from(code === 0 ? '' : `${name} says no`),
        stderr: Buffer.alloc(0),
      };
    },
  } as unknown as RuntimeService;
  const probes = newProbeManager(
    {
      runtime,
      clock,
      changed: (uid) => changed.push(uid),
      event: (_pod, type, reason, message) => events.push(`${type} ${reason} ${message}`),
      log: pino({ level: 'silent' }),
    },
    { random },
  );
  const step = async (ms: number) => {
    clock.advance(ms);
    await probes.idle();
  };
  const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
  return { clock, calls, events, changed, probes, step, count, runtime };
}

function makePod(
  containers: Container[],
  extra: { initContainers?: Container[]; deleting?: boolean } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: UID,
      ...(extra.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers, ...(extra.initContainers ? { initContainers: extra.initContainers } : {}) },
  } as Pod;
}

function makeRt(
  clock: FakeClock,
  containers: { name: string; id: string; running?: boolean; startedAgoMs?: number }[],
): RuntimePodStatus {
  return {
    uid: UID,
    name: 'p',
    namespace: 'default',
    sandboxes: [{ id: 's1', network: { ip: '127.0.0.1' } } as RuntimePodStatus['sandboxes'][number]],
    containers: containers.map(
      (c) =>
        ({
          id: c.id,
          name: c.name,
          state: c.running === false ? 'CONTAINER_EXITED' : 'CONTAINER_RUNNING',
          startedAt: (clock.now() - (c.startedAgoMs ?? 0)) * 1e6,
        }) as RuntimePodStatus['containers'][number],
    ),
  };
}

const exec = (name: string, extra: object = {}) => ({
  exec: { command: [name] },
  periodSeconds: 10,
  ...extra,
});

test('a container without probes is started and ready, never restarted, and nothing is scheduled', () => {
  const { probes, clock } = setup();
  probes.sync(makePod([{ name: 'app' }]), makeRt(clock, [{ name: 'app', id: 'c1' }]));
  assert.equal(probes.isStarted(UID, 'app'), true);
  assert.equal(probes.isReady(UID, 'app'), true);
  assert.equal(probes.mustRestart('c1'), undefined);
  assert.equal(clock.pending(), 0);
});

test('liveness: restart exactly on the third failure in a row, then hold until a new container', async () => {
  const t = setup({ live: [0, 1, 1, 0, 1, 1, 1, 0] });
  const pod = makePod([{ name: 'app', livenessProbe: exec('live') }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0); // success
  await t.step(10_000); // failure 1
  await t.step(10_000); // failure 2
  assert.equal(t.probes.mustRestart('c1'), undefined);
  await t.step(10_000); // success: the run is broken
  await t.step(10_000); // failure 1
  await t.step(10_000); // failure 2
  assert.equal(t.probes.mustRestart('c1'), undefined);
  assert.deepEqual(t.changed, []);
  await t.step(10_000); // failure 3
  assert.equal(t.probes.mustRestart('c1'), 'Container app failed liveness probe, will be restarted');
  assert.deepEqual(t.changed, [UID]);
  assert.equal(t.events.length, 5);
  assert.equal(t.events[0], 'Warning Unhealthy Liveness probe failed: live says no');
  // On hold: no more probes of this instance.
  await t.step(10_000);
  await t.step(10_000);
  assert.equal(t.count('live'), 7);
  // The kubelet restarts it: a new instance is probed from scratch.
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c2' }]));
  assert.equal(t.probes.mustRestart('c1'), undefined);
  assert.equal(t.probes.mustRestart('c2'), undefined);
  await t.step(0);
  assert.equal(t.count('live'), 8);
  assert.deepEqual(t.calls.at(-1), { id: 'c2', cmd: 'live' });
});

test('readiness: not ready until successThreshold successes, not ready again after failureThreshold failures', async () => {
  const t = setup({ ready: [0, 1, 0, 0, 1, 1, 1, 0] });
  const pod = makePod([{ name: 'app', readinessProbe: exec('ready', { successThreshold: 2 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  assert.equal(t.probes.isReady(UID, 'app'), false);
  assert.equal(t.probes.isStarted(UID, 'app'), true);
  await t.step(0); // success 1
  assert.equal(t.probes.isReady(UID, 'app'), false);
  await t.step(10_000); // failure
  await t.step(10_000); // success 1
  assert.equal(t.probes.isReady(UID, 'app'), false);
  await t.step(10_000); // success 2
  assert.equal(t.probes.isReady(UID, 'app'), true);
  assert.deepEqual(t.changed, [UID]);
  await t.step(10_000);
  await t.step(10_000);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  await t.step(10_000); // failure 3
  assert.equal(t.probes.isReady(UID, 'app'), false);
  assert.deepEqual(t.changed, [UID, UID]);
  assert.equal(t.probes.mustRestart('c1'), undefined, 'readiness never restarts');
  // Readiness keeps probing after failing.
  await t.step(10_000);
  await t.step(10_000);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  assert.ok(t.events.includes('Warning Unhealthy Readiness probe failed: ready says no'));
});

test('the first probe runs initialDelaySeconds after the container started, then every period', async () => {
  const t = setup();
  const pod = makePod([{ name: 'app', readinessProbe: exec('ready', { initialDelaySeconds: 15 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1', startedAgoMs: 5_000 }]));
  await t.step(9_999);
  assert.equal(t.count('ready'), 0);
  await t.step(1);
  assert.equal(t.count('ready'), 1);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  await t.step(9_999);
  assert.equal(t.count('ready'), 1);
  await t.step(1);
  assert.equal(t.count('ready'), 2);
});

test('defaults: period 10 s, timeout 1 s, failureThreshold 3', async () => {
  const t = setup({ live: [1] });
  const timeouts: number[] = [];
  const pod = makePod([{ name: 'app', livenessProbe: { exec: { command: ['live'] } } }]);
  const rt = makeRt(t.clock, [{ name: 'app', id: 'c1' }]);
  t.probes.sync(pod, rt);
  const execSync = t.runtime.execSync.bind(t.runtime);
  t.runtime.execSync = (id, cmd, timeout) => {
    timeouts.push(timeout);
    return execSync(id, cmd, timeout);
  };
  await t.step(0);
  await t.step(9_999);
  assert.equal(t.count('live'), 1);
  await t.step(1);
  await t.step(10_000);
  assert.equal(t.count('live'), 3);
  assert.ok(t.probes.mustRestart('c1'));
  assert.deepEqual(timeouts, [1, 1, 1]);
});

test('startup gates liveness and readiness; once it succeeds readiness runs at once', async () => {
  const t = setup({ start: [1, 1, 0], live: [0], ready: [0] });
  const pod = makePod([
    {
      name: 'app',
      startupProbe: exec('start', { failureThreshold: 5 }),
      livenessProbe: exec('live'),
      readinessProbe: exec('ready'),
    },
  ]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  await t.step(10_000);
  assert.equal(t.probes.isStarted(UID, 'app'), false);
  assert.equal(t.probes.isReady(UID, 'app'), false);
  assert.equal(t.count('live'), 0);
  assert.equal(t.count('ready'), 0);
  await t.step(10_000); // startup succeeds
  assert.equal(t.probes.isStarted(UID, 'app'), true);
  assert.equal(t.count('ready'), 1);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  assert.deepEqual(t.changed, [UID, UID]);
  await t.step(10_000);
  assert.equal(t.count('start'), 3, 'a started container is not startup-probed again');
  assert.ok(t.count('live') >= 1);
  assert.equal(
    t.events.filter((e) => e === 'Warning Unhealthy Startup probe failed: start says no').length,
    2,
  );
});

test('a startup probe that fails failureThreshold times restarts the container', async () => {
  const t = setup({ start: [1] });
  const pod = makePod([{ name: 'app', startupProbe: exec('start', { failureThreshold: 2 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  assert.equal(t.probes.mustRestart('c1'), undefined);
  await t.step(10_000);
  assert.equal(t.probes.mustRestart('c1'), 'Container app failed startup probe, will be restarted');
  assert.equal(t.probes.isStarted(UID, 'app'), false);
});

test('a new container instance resets readiness and the counters', async () => {
  const t = setup({ ready: [1, 1, 0] });
  const pod = makePod([{ name: 'app', readinessProbe: exec('ready', { failureThreshold: 3 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  await t.step(10_000);
  await t.step(10_000);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c2' }]));
  assert.equal(t.probes.isReady(UID, 'app'), false);
  await t.step(0);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  assert.deepEqual(t.calls.at(-1), { id: 'c2', cmd: 'ready' });
});

test('removePod stops every worker: no further probes', async () => {
  const t = setup();
  const pod = makePod([{ name: 'app', livenessProbe: exec('live'), readinessProbe: exec('ready') }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  const before = t.calls.length;
  assert.equal(before, 2);
  t.probes.removePod(UID);
  assert.equal(t.clock.pending(), 0);
  await t.step(60_000);
  assert.equal(t.calls.length, before);
});

test('a probe in flight when the pod is removed is discarded', async () => {
  const t = setup();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  t.runtime.execSync = async () => {
    await gate;
    return { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  };
  const pod = makePod([{ name: 'app', readinessProbe: exec('ready') }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  t.clock.advance(0);
  t.probes.removePod(UID);
  release();
  await t.probes.idle();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(t.changed, []);
});

test('containers that stop running are no longer probed', async () => {
  const t = setup();
  const pod = makePod([{ name: 'app', livenessProbe: exec('live') }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1', running: false }]));
  assert.equal(t.clock.pending(), 0);
  await t.step(30_000);
  assert.equal(t.count('live'), 1);
});

test('a pod being deleted is not ready at once and is neither liveness- nor readiness-probed', async () => {
  const t = setup({ live: [1] });
  const spec = [
    { name: 'app', livenessProbe: exec('live', { failureThreshold: 1 }), readinessProbe: exec('ready') },
  ];
  t.probes.sync(makePod(spec), makeRt(t.clock, [{ name: 'app', id: 'c1', startedAgoMs: 0 }]));
  await t.step(0);
  assert.ok(t.probes.mustRestart('c1'));
  assert.equal(t.probes.isReady(UID, 'app'), true);
  t.probes.sync(makePod(spec, { deleting: true }), makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  assert.equal(t.probes.isReady(UID, 'app'), false);
  assert.equal(t.probes.mustRestart('c1'), undefined, 'nothing is restarted while the pod terminates');
  const before = t.calls.length;
  await t.step(60_000);
  assert.equal(t.calls.length, before);
});

test('native sidecars (init containers with restartPolicy Always) are probed; other init containers are not', async () => {
  const t = setup({ side: [1] });
  const pod = makePod([{ name: 'app' }], {
    initContainers: [
      { name: 'setup', readinessProbe: exec('setup') },
      { name: 'sidecar', restartPolicy: 'Always', livenessProbe: exec('side', { failureThreshold: 1 }) },
    ],
  });
  t.probes.sync(
    pod,
    makeRt(t.clock, [
      { name: 'setup', id: 'i1' },
      { name: 'sidecar', id: 's1' },
      { name: 'app', id: 'c1' },
    ]),
  );
  await t.step(0);
  assert.equal(t.count('setup'), 0);
  assert.equal(t.probes.mustRestart('s1'), 'Container sidecar failed liveness probe, will be restarted');
});

test('a probe that errors is retried, reported as errored and not counted', async () => {
  const t = setup({ live: ['error'] });
  const pod = makePod([{ name: 'app', livenessProbe: exec('live', { failureThreshold: 1 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  assert.equal(t.count('live'), 3);
  assert.deepEqual(t.events, ['Warning Unhealthy Liveness probe errored: container is gone']);
  assert.equal(t.probes.mustRestart('c1'), undefined);
});

test('an exec probe that times out is a failure', async () => {
  const t = setup({ live: ['timeout'] });
  const pod = makePod([{ name: 'app', livenessProbe: exec('live', { failureThreshold: 1 }) }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  await t.step(0);
  assert.deepEqual(t.events, ['Warning Unhealthy Liveness probe failed: command "live" timed out']);
  assert.ok(t.probes.mustRestart('c1'));
});

test('httpGet and tcpSocket probes reach the pod IP on a named container port', async () => {
  let code = 200;
  const server = http.createServer((_req, res) => {
    res.statusCode = code;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const t = setup();
    const pod = makePod([
      {
        name: 'web',
        ports: [{ name: 'http', containerPort: port }],
        readinessProbe: { httpGet: { port: 'http', path: '/ready' }, failureThreshold: 1 },
        livenessProbe: { tcpSocket: { port: 'http' } },
      },
    ]);
    t.probes.sync(pod, makeRt(t.clock, [{ name: 'web', id: 'c1' }]));
    await t.step(0);
    assert.equal(t.probes.isReady(UID, 'web'), true);
    assert.equal(t.probes.mustRestart('c1'), undefined);
    code = 500;
    await t.step(10_000);
    assert.equal(t.probes.isReady(UID, 'web'), false);
    assert.deepEqual(t.events, [
      'Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500',
    ]);
  } finally {
    server.close();
  }
});

test('an unknown named port makes the probe error', async () => {
  const t = setup();
  const pod = makePod([{ name: 'web', readinessProbe: { httpGet: { port: 'nope' } } }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'web', id: 'c1' }]));
  await t.step(0);
  assert.deepEqual(t.events, [
    'Warning Unhealthy Readiness probe errored: strconv.Atoi: parsing "nope": invalid syntax',
  ]);
  assert.equal(t.probes.isReady(UID, 'web'), false);
});

test('after a restart of the manager, probes of containers already running first wait a random part of a period', async () => {
  const t = setup({}, () => 0.5);
  const pod = makePod([
    { name: 'old', readinessProbe: exec('old') },
    { name: 'new', readinessProbe: exec('new') },
  ]);
  t.probes.sync(
    pod,
    makeRt(t.clock, [
      { name: 'old', id: 'c1', startedAgoMs: 60_000 },
      { name: 'new', id: 'c2' },
    ]),
  );
  await t.step(0);
  assert.equal(t.count('new'), 1, 'a container started since is probed at once');
  assert.equal(t.count('old'), 0);
  await t.step(4_999);
  assert.equal(t.count('old'), 0);
  await t.step(1);
  assert.equal(t.count('old'), 1);
  // Once a period has passed since the manager started, no jitter.
  await t.step(20_000);
  t.probes.sync(
    makePod([{ name: 'late', readinessProbe: exec('late') }]),
    makeRt(t.clock, [{ name: 'late', id: 'c3', startedAgoMs: 60_000 }]),
  );
  await t.step(0);
  assert.equal(t.count('late'), 1);
});

test('a probe still running for the old instance does not hold up the first probe of the new one', async () => {
  const t = setup();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const seen: string[] = [];
  t.runtime.execSync = async (id) => {
    seen.push(id);
    if (id === 'c1') await gate;
    return { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  };
  const pod = makePod([{ name: 'app', readinessProbe: exec('ready') }]);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c1' }]));
  t.clock.advance(0);
  t.probes.sync(pod, makeRt(t.clock, [{ name: 'app', id: 'c2' }]));
  await t.step(0);
  assert.deepEqual(seen, ['c1', 'c2']);
  assert.equal(t.probes.isReady(UID, 'app'), true);
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(t.probes.isReady(UID, 'app'), true);
});
