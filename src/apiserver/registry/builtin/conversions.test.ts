import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { coreEventToEventsV1, eventsV1ToCoreEvent, hpaV1ToV2, hpaV2ToV1 } from './conversions.js';

describe('shared-storage conversions', () => {
  it('maps core events to events.k8s.io and back', () => {
    const core: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Pulled',
      message: 'pulled',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: '2024-05-01T11:00:00Z',
      lastTimestamp: '2024-05-01T11:05:00Z',
      count: 2,
      type: 'Normal',
      reportingComponent: 'kubelet',
      reportingInstance: 'n1',
    };
    const v1 = coreEventToEventsV1(core);
    assert.deepEqual(v1, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Pulled',
      note: 'pulled',
      deprecatedSource: { component: 'kubelet', host: 'n1' },
      deprecatedFirstTimestamp: '2024-05-01T11:00:00Z',
      deprecatedLastTimestamp: '2024-05-01T11:05:00Z',
      deprecatedCount: 2,
      type: 'Normal',
      reportingController: 'kubelet',
      reportingInstance: 'n1',
    });
    assert.deepEqual(eventsV1ToCoreEvent(v1), core);
  });

  it('shows a v2 HPA through v1 and keeps v2-only metrics on the way back', () => {
    const v2: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
          {
            type: 'Pods',
            pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } },
        ],
      },
    };
    const v1 = hpaV2ToV1(v2);
    assert.deepEqual(v1.spec, {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      maxReplicas: 5,
      minReplicas: 1,
      targetCPUUtilizationPercentage: 70,
    });
    assert.deepEqual(v1.status, {
      currentReplicas: 2,
      desiredReplicas: 2,
      currentCPUUtilizationPercentage: 30,
    });
    (v1.spec as Record<string, unknown>).targetCPUUtilizationPercentage = 50;
    const back = hpaV1ToV2(v1, v2);
    assert.deepEqual((back.spec as { metrics: unknown[] }).metrics, [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
      {
        type: 'Pods',
        pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } },
      },
    ]);
  });
});
