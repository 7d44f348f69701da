import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { POD_COLUMNS, printPod } from './pod_printer.js';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(600), ...meta },
    spec: { containers: [{ name: 'a', image: 'nginx' }], ...spec },
    status,
  };
}

const running = (name: string, restarts = 0, lastFinished?: string) => ({
  name,
  ready: true,
  restartCount: restarts,
  state: { running: { startedAt: ago(60) } },
  ...(lastFinished
    ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: lastFinished } } }
    : {}),
});

describe('printPod', () => {
  const cases: Array<{ name: string; pod: KubeObject; cells: unknown[] }> = [
    {
      name: 'running pod, 2/2 ready, restarts with the last restart time',
      pod: pod(
        {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'y' },
          ],
          nodeName: 'node-1',
        },
        {
          phase: 'Running',
          podIPs: [{ ip: '10.42.0.7' }],
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [running('a', 1, ago(300)), running('b', 2, ago(25))],
        },
      ),
      cells: ['web', '2/2', 'Running', '3 (25s ago)', '10m', '10.42.0.7', 'node-1', '<none>', '<none>'],
    },
    {
      name: 'CrashLoopBackOff',
      pod: pod(
        { nodeName: 'node-1' },
        {
          phase: 'Running',
          podIP: '10.42.0.8',
          containerStatuses: [
            {
              name: 'a',
              ready: false,
              restartCount: 5,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(130) } },
            },
          ],
        },
      ),
      cells: [
        'web',
        '0/1',
        'CrashLoopBackOff',
        '5 (2m10s ago)',
        '10m',
        '10.42.0.8',
        'node-1',
        '<none>',
        '<none>',
      ],
    },
    {
      name: 'terminating pod',
      pod: pod(
        { nodeName: 'n' },
        { phase: 'Running', containerStatuses: [running('a')] },
        { deletionTimestamp: ago(5) },
      ),
      cells: ['web', '1/1', 'Terminating', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'pending, unscheduled',
      pod: pod({}, { phase: 'Pending' }),
      cells: ['web', '0/1', 'Pending', '0', '10m', '<none>', '<none>', '<none>', '<none>'],
    },
    {
      name: 'container creating',
      pod: pod(
        { nodeName: 'n' },
        {
          phase: 'Pending',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
          ],
        },
      ),
      cells: ['web', '0/1', 'ContainerCreating', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'completed',
      pod: pod(
        { nodeName: 'n', restartPolicy: 'Never' },
        {
          phase: 'Succeeded',
          containerStatuses: [
            {
              name: 'a',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      ),
      cells: ['web', '0/1', 'Completed', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'error exit without a reason',
      pod: pod(
        { nodeName: 'n' },
        {
          phase: 'Failed',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
          ],
        },
      ),
      cells: ['web', '0/1', 'ExitCode:2', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'waiting for the first of two init containers',
      pod: pod(
        {
          nodeName: 'n',
          initContainers: [
            { name: 'i1', image: 'x' },
            { name: 'i2', image: 'x' },
          ],
        },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', ready: false, restartCount: 0, state: { running: {} } },
            { name: 'i2', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          ],
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
      ),
      cells: ['web', '0/1', 'Init:0/2', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'init container crash looping',
      pod: pod(
        { nodeName: 'n', initContainers: [{ name: 'i1', image: 'x' }] },
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'i1', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
          ],
        },
      ),
      cells: ['web', '0/1', 'Init:CrashLoopBackOff', '3', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'sidecar counts towards READY',
      pod: pod(
        { nodeName: 'n', initContainers: [{ name: 'proxy', image: 'x', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
          initContainerStatuses: [
            { name: 'proxy', ready: true, started: true, restartCount: 0, state: { running: {} } },
          ],
          containerStatuses: [running('a')],
        },
      ),
      cells: ['web', '2/2', 'Running', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
    {
      name: 'scheduling gated, readiness gates',
      pod: pod(
        { readinessGates: [{ conditionType: 'example.com/ready' }] },
        {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      ),
      cells: ['web', '0/1', 'SchedulingGated', '0', '10m', '<none>', '<none>', '<none>', '0/1'],
    },
    {
      name: 'node lost while deleting',
      pod: pod({ nodeName: 'n' }, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(5) }),
      cells: ['web', '0/1', 'Unknown', '0', '10m', '<none>', 'n', '<none>', '<none>'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(printPod(c.pod, now), c.cells);
    });
  }

  it('has upstream columns: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES', () => {
    assert.deepEqual(
      POD_COLUMNS.map((c) => [c.name, c.priority ?? 0]),
      [
        ['Name', 0],
        ['Ready', 0],
        ['Status', 0],
        ['Restarts', 0],
        ['Age', 0],
        ['IP', 1],
        ['Node', 1],
        ['Nominated Node', 1],
        ['Readiness Gates', 1],
      ],
    );
    assert.equal(POD_COLUMNS[0]!.format, 'name');
  });
});
