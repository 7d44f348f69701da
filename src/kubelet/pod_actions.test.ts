import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../api/types/pod.js';
import { containerHash } from './container_hash.js';
import type { PodSandboxStatus } from './cri/api.js';
import { actsOnRuntime, computePodActions } from './pod_actions.js';
import type { RuntimeContainer, RuntimePodStatus } from './runtime_pod_status.js';

const app: Container = { name: 'app', image: 'busybox' };
const side: Container = { name: 'side', image: 'busybox' };
const init: Container = { name: 'init', image: 'busybox' };
const sidecar: Container = { name: 'sc', image: 'busybox', restartPolicy: 'Always' };

function pod(spec: Partial<Pod['spec']> = {}, deleting = false): Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [app], ...spec },
  };
}

function sandbox(
  state: PodSandboxStatus['state'] = 'SANDBOX_READY',
  attempt = 0,
  ip = '10.42.0.5',
): PodSandboxStatus {
  return {
    id: `sb${attempt}`,
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', attempt },
    state,
    createdAt: attempt,
    network: ip ? { ip } : undefined,
    annotations: { 'io.kubets.host-network': 'false' },
  };
}

function ctr(
  spec: Container,
  state: RuntimeContainer['state'],
  exitCode = 0,
  restartCount = 0,
): RuntimeContainer {
  return {
    id: `${spec.name}-${restartCount}`,
    name: spec.name,
    metadata: { name: spec.name, attempt: restartCount },
    state,
    createdAt: restartCount,
    startedAt: 1,
    finishedAt: 2,
    exitCode,
    image: { image: 'busybox' },
    imageRef: 'sha256:x',
    restartCount,
    hash: containerHash(spec),
    podSandboxId: 'sb0',
  };
}

function rt(sandboxes: PodSandboxStatus[], containers: RuntimeContainer[]): RuntimePodStatus {
  return { uid: 'u1', name: 'p', namespace: 'ns', sandboxes, containers };
}

const noProbes = { mustRestart: () => undefined };

describe('computePodActions', () => {
  const cases: {
    name: string;
    pod: Pod;
    rt: RuntimePodStatus;
    probes?: { mustRestart(id: string): string | undefined };
    want: Partial<{
      killPod: boolean;
      createSandbox: boolean;
      attempt: number;
      init: string;
      start: string[];
      kill: string[];
    }>;
  }[] = [
    {
      name: 'new pod: create the sandbox and start every container',
      pod: pod({ containers: [app, side] }),
      rt: rt([], []),
      want: { killPod: true, createSandbox: true, attempt: 0, start: ['app', 'side'] },
    },
    {
      name: 'new pod with init containers: the first init container only',
      pod: pod({ initContainers: [init] }),
      rt: rt([], []),
      want: { createSandbox: true, init: 'init', start: [] },
    },
    {
      name: 'running and healthy: nothing to do',
      pod: pod(),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]),
      want: { killPod: false, createSandbox: false, start: [], kill: [] },
    },
    {
      name: 'dead sandbox: recreate with the next attempt',
      pod: pod(),
      rt: rt([sandbox('SANDBOX_NOTREADY')], [ctr(app, 'CONTAINER_EXITED', 137)]),
      want: { killPod: true, createSandbox: true, attempt: 1, start: ['app'] },
    },
    {
      name: 'sandbox without an IP: recreate',
      pod: pod(),
      rt: rt([sandbox('SANDBOX_READY', 0, '')], []),
      want: { createSandbox: true, attempt: 1 },
    },
    {
      name: 'Never policy, finished and sandbox gone: no new sandbox',
      pod: pod({ restartPolicy: 'Never' }),
      rt: rt([sandbox('SANDBOX_NOTREADY')], [ctr(app, 'CONTAINER_EXITED', 0)]),
      want: { killPod: true, createSandbox: false, start: [] },
    },
    {
      name: 'Always policy, exited container restarts',
      pod: pod(),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_EXITED', 1)]),
      want: { killPod: false, start: ['app'] },
    },
    {
      name: 'OnFailure policy, exit 0: done, the pod is killed',
      pod: pod({ restartPolicy: 'OnFailure' }),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_EXITED', 0)]),
      want: { killPod: true, createSandbox: false, start: [] },
    },
    {
      name: 'OnFailure policy, exit 2: restart',
      pod: pod({ restartPolicy: 'OnFailure' }),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_EXITED', 2)]),
      want: { killPod: false, start: ['app'] },
    },
    {
      name: 'Never policy, one of two still running: keep going',
      pod: pod({ restartPolicy: 'Never', containers: [app, side] }),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_EXITED', 1), ctr(side, 'CONTAINER_RUNNING')]),
      want: { killPod: false, start: [] },
    },
    {
      name: 'changed spec: kill and restart',
      pod: pod({ containers: [{ ...app, image: 'busybox:2' }] }),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]),
      want: { start: ['app'], kill: ['app'] },
    },
    {
      name: 'liveness failure: kill and restart',
      pod: pod(),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]),
      probes: {
        mustRestart: (id) =>
          id === 'app-0' ? 'Container app failed liveness probe, will be restarted' : undefined,
      },
      want: { start: ['app'], kill: ['app'] },
    },
    {
      name: 'init container running: wait',
      pod: pod({ initContainers: [init] }),
      rt: rt([sandbox()], [ctr(init, 'CONTAINER_RUNNING')]),
      want: { start: [], killPod: false },
    },
    {
      name: 'init container succeeded: start the app containers',
      pod: pod({ initContainers: [init] }),
      rt: rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 0)]),
      want: { start: ['app'] },
    },
    {
      name: 'init container failed under Always: run it again',
      pod: pod({ initContainers: [init] }),
      rt: rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 1)]),
      want: { init: 'init', killPod: false },
    },
    {
      name: 'init container failed under Never: the pod is done',
      pod: pod({ initContainers: [init], restartPolicy: 'Never' }),
      rt: rt([sandbox()], [ctr(init, 'CONTAINER_EXITED', 1)]),
      want: { killPod: true, createSandbox: false },
    },
    {
      name: 'native sidecar running counts as initialized',
      pod: pod({ initContainers: [sidecar] }),
      rt: rt([sandbox()], [ctr(sidecar, 'CONTAINER_RUNNING')]),
      want: { start: ['app'] },
    },
    {
      name: 'native sidecar that stopped after init is restarted beside the app',
      pod: pod({ initContainers: [sidecar] }),
      rt: rt([sandbox()], [ctr(sidecar, 'CONTAINER_EXITED', 1), ctr(app, 'CONTAINER_RUNNING')]),
      want: { start: ['sc'], killPod: false },
    },
    {
      name: 'deleted pod: kill, never restart',
      pod: pod({}, true),
      rt: rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]),
      want: { killPod: true, createSandbox: false, start: [] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = computePodActions(c.pod, c.rt, c.probes ?? noProbes);
      if (c.want.killPod !== undefined) assert.equal(a.killPod, c.want.killPod, 'killPod');
      if (c.want.createSandbox !== undefined)
        assert.equal(a.createSandbox, c.want.createSandbox, 'createSandbox');
      if (c.want.attempt !== undefined) assert.equal(a.attempt, c.want.attempt, 'attempt');
      if (c.want.init !== undefined) assert.equal(a.nextInitContainer?.name, c.want.init, 'init');
      if (c.want.start !== undefined)
        assert.deepEqual(
          a.containersToStart.map((x) => x.name),
          c.want.start,
          'start',
        );
      if (c.want.kill !== undefined)
        assert.deepEqual(
          a.containersToKill.map((x) => x.container.name),
          c.want.kill,
          'kill',
        );
    });
  }
});

describe('actsOnRuntime', () => {
  const cases: [string, Pod, RuntimePodStatus, boolean][] = [
    ['a new pod', pod(), rt([], []), true],
    ['a running, healthy pod', pod(), rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]), false],
    [
      'a pod with a container still to start',
      pod({ containers: [app, side] }),
      rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]),
      true,
    ],
    ['a crashed container to restart', pod(), rt([sandbox()], [ctr(app, 'CONTAINER_EXITED', 1)]), true],
    ['a deleted pod still running', pod({}, true), rt([sandbox()], [ctr(app, 'CONTAINER_RUNNING')]), true],
  ];
  for (const [name, p, r, want] of cases)
    it(`${name}: ${want}`, () => assert.equal(actsOnRuntime(computePodActions(p, r, noProbes)), want));
});
