/**
 * Pods (`/api/v1/pods`): upstream's pod strategy (`pkg/registry/core/pod/strategy.go`) — status
 * starts as `Pending` with the computed QoS class, graceful deletion uses the pod's grace period,
 * updates may only change images and a few other fields — plus the pod table and field selectors.
 */
import { FieldPath } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { defineResource } from './define.js';
import { rec, recs, specOf, str } from '../../../api/json_fields.js';
import { defaultPod } from '../../../api/pod_defaults.js';
import { POD_COLUMNS, printPod } from './pod_printer.js';
import { computePodQOS } from './pod_qos.js';
import { validatePodOnly, validatePodSpec } from './pod_spec_validation.js';
import { validatePodSpecUpdate, validatePodStatusUpdate } from './pod_update_validation.js';

/**
 * The grace period a DELETE of `pod` waits (`podStrategy.CheckGracefulDelete`): the requested
 * one, else the pod's `terminationGracePeriodSeconds`; 0 for unscheduled or finished pods; a
 * negative request becomes 1.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = rec(pod.spec);
  const phase = str(rec(pod.status).phase);
  let period =
    requested ??
    (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
  if (str(spec.nodeName) === '') period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  return period;
}

/** The selectable fields of a pod (`pod.ToSelectableFields`). */
export const POD_FIELD_SELECTORS: Record<string, (obj: KubeObject) => string> = {
  'spec.nodeName': (o) => str(rec(o.spec).nodeName),
  'spec.restartPolicy': (o) => str(rec(o.spec).restartPolicy),
  'spec.schedulerName': (o) => str(rec(o.spec).schedulerName),
  'spec.serviceAccountName': (o) => str(rec(o.spec).serviceAccountName),
  'spec.hostNetwork': (o) => String(rec(o.spec).hostNetwork === true),
  'status.phase': (o) => str(rec(o.status).phase),
  'status.podIP': (o) => str(recs(rec(o.status).podIPs)[0]?.ip) || str(rec(o.status).podIP),
  'status.nominatedNodeName': (o) => str(rec(o.status).nominatedNodeName),
};

/** Pods. */
export function podsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      'attach',
      'binding',
      'ephemeralcontainers',
      'eviction',
      'exec',
      'log',
      'portforward',
      'proxy',
      'status',
    ],
    tracksGeneration: true,
    returnDeletedObject: true,
    fieldSelectors: POD_FIELD_SELECTORS,
    table: { columns: POD_COLUMNS, printRow: printPod },
    strategy: {
      defaults: (obj) => defaultPod(specOf(obj)),
      prepareForCreate(obj) {
        const spec = specOf(obj);
        defaultPod(spec);
        const status: Record<string, unknown> = { phase: 'Pending', qosClass: computePodQOS(spec) };
        if (recs(spec.schedulingGates).length > 0) {
          status.conditions = [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'SchedulingGated',
              message: 'Scheduling is blocked due to non-empty scheduling gates',
            },
          ];
        }
        obj.status = status;
      },
      validate: (obj) => [
        ...validatePodSpec(obj.spec, FieldPath.root('spec'), { isPod: true }),
        ...validatePodOnly(obj.spec, FieldPath.root('spec')),
      ],
      validateUpdate: (obj, old) => validatePodSpecUpdate(obj.spec, old.spec),
      gracePeriod: podGracePeriod,
      prepareForStatusUpdate(obj, old) {
        const status = rec(obj.status);
        const oldStatus = rec(old.status);
        if (!status.qosClass && oldStatus.qosClass) status.qosClass = oldStatus.qosClass;
        if (status.observedGeneration === undefined && oldStatus.observedGeneration !== undefined) {
          status.observedGeneration = oldStatus.observedGeneration;
        }
        obj.status = status;
      },
      validateStatusUpdate: (obj, old) => validatePodStatusUpdate(obj, old),
    },
  });
}
