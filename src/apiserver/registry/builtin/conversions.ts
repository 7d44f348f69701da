/**
 * Conversions between the representations that share one storage location upstream: core/v1
 * and events.k8s.io/v1 Events (`/registry/events`), and autoscaling/v2 and autoscaling/v1
 * HorizontalPodAutoscalers (`/registry/horizontalpodautoscalers`, stored as v2). Pure functions
 * of the object; the store applies them when a resource is read or written through the other
 * version (see `SHARED_STORAGE`).
 */
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { rec, recs } from '../../../api/json_fields.js';

/** Renames `from` → `to` fields of `src` into `dst`, skipping absent ones. */
function move(src: KubeObject, dst: KubeObject, pairs: ReadonlyArray<readonly [string, string]>): void {
  for (const [from, to] of pairs) if (src[from] !== undefined) dst[to] = structuredClone(src[from]);
}

const EVENT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['involvedObject', 'regarding'],
  ['related', 'related'],
  ['message', 'note'],
  ['type', 'type'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

/** A core/v1 Event as events.k8s.io/v1 shows it. */
export function coreEventToEventsV1(e: KubeObject): KubeObject {
  const out: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: structuredClone(e.metadata),
  };
  move(e, out, EVENT_FIELDS);
  return out;
}

/** An events.k8s.io/v1 Event as core/v1 shows it. */
export function eventsV1ToCoreEvent(e: KubeObject): KubeObject {
  const out: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: structuredClone(e.metadata) };
  move(
    e,
    out,
    EVENT_FIELDS.map(([a, b]) => [b, a] as const),
  );
  return out;
}

const isCPUUtilization = (m: Record<string, unknown>) =>
  m.type === 'Resource' &&
  rec(m.resource).name === 'cpu' &&
  rec(rec(m.resource).target).type === 'Utilization';

/** An autoscaling/v2 HPA as autoscaling/v1 shows it (only the CPU utilization target survives). */
export function hpaV2ToV1(h: KubeObject): KubeObject {
  const spec = rec(h.spec);
  const status = rec(h.status);
  const cpu = recs(spec.metrics).find(isCPUUtilization);
  const currentCPU = recs(status.currentMetrics).find(
    (m) => m.type === 'Resource' && rec(m.resource).name === 'cpu',
  );
  const v1Spec: Record<string, unknown> = {
    scaleTargetRef: spec.scaleTargetRef,
    maxReplicas: spec.maxReplicas,
  };
  if (spec.minReplicas !== undefined) v1Spec.minReplicas = spec.minReplicas;
  if (cpu) v1Spec.targetCPUUtilizationPercentage = rec(rec(cpu.resource).target).averageUtilization;
  const out: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: structuredClone(h.metadata),
    spec: v1Spec,
  };
  if (isPlainObject(h.status)) {
    const v1Status: Record<string, unknown> = {
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
    };
    for (const f of ['observedGeneration', 'lastScaleTime'])
      if (status[f] !== undefined) v1Status[f] = status[f];
    const current = rec(rec(currentCPU?.resource).current).averageUtilization;
    if (typeof current === 'number') v1Status.currentCPUUtilizationPercentage = current;
    out.status = v1Status;
  }
  return out;
}

/**
 * An autoscaling/v1 HPA as autoscaling/v2 shows it: the CPU target becomes a Resource metric.
 * With `stored` (the v2 object it replaces), metrics v1 cannot express are kept.
 */
export function hpaV1ToV2(h: KubeObject, stored?: KubeObject): KubeObject {
  const spec = rec(h.spec);
  const status = rec(h.status);
  const others = recs(rec(stored?.spec).metrics).filter((m) => !isCPUUtilization(m));
  const metrics =
    typeof spec.targetCPUUtilizationPercentage === 'number'
      ? [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
            },
          },
        ]
      : [];
  const v2Spec: Record<string, unknown> = {
    scaleTargetRef: spec.scaleTargetRef,
    maxReplicas: spec.maxReplicas,
    metrics: [...metrics, ...others],
  };
  if (spec.minReplicas !== undefined) v2Spec.minReplicas = spec.minReplicas;
  const behavior = rec(stored?.spec).behavior;
  if (behavior !== undefined) v2Spec.behavior = structuredClone(behavior);
  const out: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: structuredClone(h.metadata),
    spec: v2Spec,
  };
  if (isPlainObject(h.status)) {
    const v2Status: Record<string, unknown> = {
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
    };
    for (const f of ['observedGeneration', 'lastScaleTime'])
      if (status[f] !== undefined) v2Status[f] = status[f];
    if (typeof status.currentCPUUtilizationPercentage === 'number') {
      v2Status.currentMetrics = [
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
        },
      ];
    }
    const conditions = rec(stored?.status).conditions;
    if (conditions !== undefined) v2Status.conditions = structuredClone(conditions);
    out.status = v2Status;
  }
  return out;
}

/** One resource served in two versions over one storage location, and how to convert between them. */
export interface SharedStorage {
  /** `group/version/plural` of the version objects are stored in. */
  stored: string;
  /** `group/version/plural` of the other version. */
  served: string;
  /** Stored representation → served one. */
  toServed(obj: KubeObject): KubeObject;
  /** Served representation → stored one (`stored` is the object it replaces, when any). */
  toStored(obj: KubeObject, stored?: KubeObject): KubeObject;
}

/** The built-in resources that share storage, with their conversions. */
export const SHARED_STORAGE: readonly SharedStorage[] = [
  {
    stored: '/v1/events',
    served: 'events.k8s.io/v1/events',
    toServed: coreEventToEventsV1,
    toStored: eventsV1ToCoreEvent,
  },
  {
    stored: 'autoscaling/v2/horizontalpodautoscalers',
    served: 'autoscaling/v1/horizontalpodautoscalers',
    toServed: hpaV2ToV1,
    toStored: hpaV1ToV2,
  },
];
