/**
 * Definitions of the small groups: coordination.k8s.io/v1 (Lease), scheduling.k8s.io/v1
 * (PriorityClass), node.k8s.io/v1 (RuntimeClass) and events.k8s.io/v1 (Event).
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  kind,
  listOf,
  microTime,
  quantityMap,
  ref,
  str,
  stringMap,
  struct,
  time,
} from './dsl.js';

const coordination = (name: string) => `io.k8s.api.coordination.v1.${name}`;
const scheduling = (name: string) => `io.k8s.api.scheduling.v1.${name}`;
const node = (name: string) => `io.k8s.api.node.v1.${name}`;
const events = (name: string) => `io.k8s.api.events.v1.${name}`;
const objectRef = 'io.k8s.api.core.v1.ObjectReference';

/** The coordination, scheduling, node and events definitions. */
export const CLUSTER_GROUPS: Definitions = {
  [coordination('Lease')]: kind(
    { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    'A lease held by one holder at a time.',
    { spec: ref(coordination('LeaseSpec'), 'The holder and timing.') },
  ),
  [coordination('LeaseSpec')]: struct('The holder and timing of a lease.', {
    acquireTime: microTime('When the holder acquired it.'),
    holderIdentity: str('The holder.'),
    leaseDurationSeconds: int32('Seconds candidates wait after the last renewal.'),
    leaseTransitions: int32('How often it changed holder.'),
    preferredHolder: str('A holder to hand it to.'),
    renewTime: microTime('When the holder last renewed it.'),
    strategy: str('How the holder is chosen among candidates.'),
  }),
  [scheduling('PriorityClass')]: kind(
    { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
    'A named priority of pods.',
    {
      description: str('When to use the class.'),
      globalDefault: bool('Whether pods without a class get this one.'),
      preemptionPolicy: enumOf(['Never', 'PreemptLowerPriority'], 'Whether its pods may preempt others.'),
      value: int32('The priority.'),
    },
    ['value'],
  ),
  [node('RuntimeClass')]: kind(
    { group: 'node.k8s.io', version: 'v1', kind: 'RuntimeClass' },
    'A container runtime configuration pods can ask for.',
    {
      handler: str('The CRI handler that runs the pods.'),
      overhead: ref(node('Overhead'), 'Resources its pod sandboxes use.'),
      scheduling: ref(node('Scheduling'), 'Nodes that support the class.'),
    },
    ['handler'],
  ),
  [node('Overhead')]: struct('Resources a pod sandbox of a runtime class uses.', {
    podFixed: quantityMap('Fixed overhead per pod.'),
  }),
  [node('Scheduling')]: struct('Nodes that support a runtime class.', {
    nodeSelector: { ...stringMap('Labels the nodes have.'), 'x-kubernetes-map-type': 'atomic' },
    tolerations: listOf('io.k8s.api.core.v1.Toleration', 'Taints of the nodes its pods tolerate.', atomic),
  }),
  [events('Event')]: kind(
    { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
    'A report of something that happened to an object.',
    {
      action: str('What was done, or failed.'),
      deprecatedCount: int32('core/v1 count.'),
      deprecatedFirstTimestamp: time('core/v1 firstTimestamp.'),
      deprecatedLastTimestamp: time('core/v1 lastTimestamp.'),
      deprecatedSource: ref('io.k8s.api.core.v1.EventSource', 'core/v1 source.'),
      eventTime: microTime('When the event first occurred.'),
      note: str('A human-readable description.'),
      reason: str('A short CamelCase reason.'),
      regarding: ref(objectRef, 'The object the event is about.'),
      related: ref(objectRef, 'A second object involved.'),
      reportingController: str('The controller that reported it.'),
      reportingInstance: str('The instance of that controller.'),
      series: ref(events('EventSeries'), 'Data on a series of recurring events.'),
      type: str('Normal or Warning.'),
    },
    ['eventTime'],
  ),
  [events('EventSeries')]: struct(
    'A series of recurring events.',
    {
      count: int32('Occurrences so far.'),
      lastObservedTime: microTime('When the last occurrence was seen.'),
    },
    ['count', 'lastObservedTime'],
  ),
};
