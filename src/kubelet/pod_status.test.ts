import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../api/types/pod.js';
import { generatePodStatus } from './pod_status.js';
import type { PodStatusInput, WaitingReason } from './pod_status.js';
import type { RuntimeContainer, RuntimePodStatus } from './runtime_pod_status.js';

const app: Container = { name: 'app', image: 'busybox' };
const init: Container = { name: 'init', image: 'busybox' };
const NOW = Date.parse('2026-12-07T00:00:00Z');

function pod(spec: Partial<Pod['spec']> = {}): Pod {
  return { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { containers: [app], ...spec } };
}

function ctr(
  name: string,
  state: RuntimeContainer['state'],
  exitCode = 0,
  restartCount = 0,
  reason = '',
): RuntimeContainer {
  return {
    id: `${name}${restartCount}`,
    name,
    metadata: { name, attempt: restartCount },
    state,
    createdAt: (NOW - 10_000 + restartCount) * 1e6,
    startedAt: (NOW - 9_000) * 1e6,
    finishedAt: state === 'CONTAINER_EXITED' ? (NOW - 1_000) * 1e6 : 0,
    exitCode,
    reason,
    image: { image: 'docker.io/library/busybox:latest' },
    imageRef: 'sha256:abc',
    restartCount,
    hash: '',
    podSandboxId: 'sb',
  };
}

function rt(containers: RuntimeContainer[], sandbox = true): RuntimePodStatus {
  return {
    uid: 'u1',
    name: 'p',
    namespace: 'ns',
    sandboxes: sandbox
      ? [
          {
            id: 'sb',
            metadata: { name: 'p', namespace: 'ns', uid: 'u1', attempt: 0 },
            state: 'SANDBOX_READY',
            createdAt: 0,
            network: { ip: '10.42.0.7' },
          },
        ]
      : [],
    containers: containers.sort((a, b) => b.createdAt - a.createdAt),
  };
}

function input(waiting: Record<string, WaitingReason> = {}, ready = true, terminal = false): PodStatusInput {
  return {
    runtimeName: 'containerd',
    hostIPs: ['192.0.2.1'],
    nowMs: NOW,
    isReady: () => ready,
    isStarted: () => true,
    waiting: new Map(Object.entries(waiting)),
    terminal,
  };
}

function cond(s: ReturnType<typeof generatePodStatus>, type: string) {
  return s.conditions?.find((c) => c.type === type);
}

describe('generatePodStatus', () => {
  it('a pod being created: Pending, ContainerCreating, not ready', () => {
    const s = generatePodStatus(pod(), rt([], false), input());
    assert.equal(s.phase, 'Pending');
    assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: 'ContainerCreating' } });
    assert.equal(cond(s, 'PodReadyToStartContainers')?.status, 'False');
    assert.equal(cond(s, 'Ready')?.reason, 'ContainersNotReady');
    assert.equal(cond(s, 'Ready')?.message, 'containers with unready status: [app]');
    assert.equal(s.podIP, undefined);
  });

  it('a running ready pod', () => {
    const s = generatePodStatus(pod(), rt([ctr('app', 'CONTAINER_RUNNING')]), input());
    assert.equal(s.phase, 'Running');
    assert.equal(s.podIP, '10.42.0.7');
    assert.deepEqual(s.podIPs, [{ ip: '10.42.0.7' }]);
    assert.equal(s.hostIP, '192.0.2.1');
    const cs = s.containerStatuses![0]!;
    assert.equal(cs.ready, true);
    assert.equal(cs.containerID, 'containerd://app0');
    assert.equal(cs.image, 'docker.io/library/busybox:latest');
    assert.equal(cs.imageID, 'sha256:abc');
    assert.equal(cs.state?.running?.startedAt, '2026-12-06T23:59:51Z');
    for (const t of ['Initialized', 'Ready', 'ContainersReady', 'PodReadyToStartContainers'])
      assert.equal(cond(s, t)?.status, 'True', t);
  });

  it('a crash loop: waiting CrashLoopBackOff with the last termination', () => {
    const w = {
      app: {
        reason: 'CrashLoopBackOff',
        message: 'back-off 10s restarting failed container=app pod=p_ns(u1)',
      },
    };
    const s = generatePodStatus(
      pod(),
      rt([ctr('app', 'CONTAINER_EXITED', 1, 0), ctr('app', 'CONTAINER_EXITED', 1, 1)]),
      input(w),
    );
    const cs = s.containerStatuses![0]!;
    assert.equal(s.phase, 'Running');
    assert.equal(cs.restartCount, 1);
    assert.equal(cs.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.equal(cs.lastState?.terminated?.exitCode, 1);
    assert.equal(cs.lastState?.terminated?.reason, 'Error');
  });

  it('OOMKilled is reported as the runtime says', () => {
    const s = generatePodStatus(
      pod({ restartPolicy: 'Never' }),
      rt([ctr('app', 'CONTAINER_EXITED', 137, 0, 'OOMKilled')]),
      input(),
    );
    assert.equal(s.phase, 'Failed');
    assert.equal(s.containerStatuses![0]!.state?.terminated?.reason, 'OOMKilled');
  });

  it('restartPolicy Never, exit 0: Succeeded, Ready False with PodCompleted', () => {
    const s = generatePodStatus(
      pod({ restartPolicy: 'Never' }),
      rt([ctr('app', 'CONTAINER_EXITED', 0)]),
      input({}, false),
    );
    assert.equal(s.phase, 'Succeeded');
    assert.equal(s.containerStatuses![0]!.state?.terminated?.reason, 'Completed');
    assert.equal(cond(s, 'Ready')?.reason, 'PodCompleted');
    assert.equal(cond(s, 'Initialized')?.reason, 'PodCompleted');
  });

  it('init running: Pending, app PodInitializing, Initialized False', () => {
    const s = generatePodStatus(
      pod({ initContainers: [init] }),
      rt([ctr('init', 'CONTAINER_RUNNING')]),
      input({}, false),
    );
    assert.equal(s.phase, 'Pending');
    assert.equal(s.containerStatuses![0]!.state?.waiting?.reason, 'PodInitializing');
    assert.equal(cond(s, 'Initialized')?.status, 'False');
    assert.equal(cond(s, 'Initialized')?.message, 'containers with incomplete status: [init]');
    assert.equal(s.initContainerStatuses?.length, 1);
  });

  it('init failed under Never: Failed', () => {
    const s = generatePodStatus(
      pod({ initContainers: [init], restartPolicy: 'Never' }),
      rt([ctr('init', 'CONTAINER_EXITED', 2)]),
      input(),
    );
    assert.equal(s.phase, 'Failed');
  });

  it('image pull errors show as waiting reasons', () => {
    const s = generatePodStatus(
      pod(),
      rt([]),
      input({ app: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' } }),
    );
    assert.deepEqual(s.containerStatuses![0]!.state, {
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "x"' },
    });
    assert.equal(s.phase, 'Pending');
  });

  it('a deleted Always pod whose containers stopped ends Failed or Succeeded', () => {
    const s = generatePodStatus(pod(), rt([ctr('app', 'CONTAINER_EXITED', 137)]), input({}, false, true));
    assert.equal(s.phase, 'Failed');
    const ok = generatePodStatus(pod(), rt([ctr('app', 'CONTAINER_EXITED', 0)]), input({}, false, true));
    assert.equal(ok.phase, 'Succeeded');
  });

  it('keeps transition times of unchanged conditions and the PodScheduled condition', () => {
    const p = pod();
    p.status = {
      startTime: '2026-01-01T00:00:00Z',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T00:00:00Z' },
      ],
    };
    const s = generatePodStatus(p, rt([ctr('app', 'CONTAINER_RUNNING')]), input());
    assert.equal(cond(s, 'Ready')?.lastTransitionTime, '2026-01-02T00:00:00Z');
    assert.equal(cond(s, 'PodScheduled')?.status, 'True');
    assert.equal(s.startTime, '2026-01-01T00:00:00Z');
  });
});
