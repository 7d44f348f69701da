/**
 * core/v1 definitions of the other kinds: ConfigMap, Secret, ServiceAccount, Namespace, Node,
 * Event, ResourceQuota, LimitRange, Binding, ComponentStatus, and ObjectReference.
 */
import type { Definitions, Schema } from './dsl.js';
import { core, v1 } from './core_v1_names.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  kind,
  listOf,
  mapKeys,
  mapOf,
  microTime,
  patch,
  quantityMap,
  ref,
  set,
  str,
  stringMap,
  strings,
  struct,
  time,
} from './dsl.js';

const condition = (what: string, extra: Record<string, Schema> = {}) =>
  struct(
    `One condition of a ${what}.`,
    {
      ...extra,
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('The condition type.'),
    },
    ['type', 'status'],
  );

/** Definitions of the remaining core kinds. */
export const CORE_V1_CLUSTER: Definitions = {
  [core('ObjectReference')]: {
    ...struct('A reference to an object of any kind.', {
      apiVersion: str('The API version of the referent.'),
      fieldPath: str('A field within the referent (spec.containers{name}).'),
      kind: str('The kind of the referent.'),
      name: str('The name of the referent.'),
      namespace: str('The namespace of the referent.'),
      resourceVersion: str('The resource version the reference was made at.'),
      uid: str('The UID of the referent.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('ConfigMap')]: kind(v1('ConfigMap'), 'Configuration data for pods to consume.', {
    binaryData: mapOf({ type: 'string', format: 'byte' }, 'Binary values, base64-encoded.'),
    data: stringMap('UTF-8 values.'),
    immutable: bool('Whether the data can no longer change.'),
  }),
  [core('Secret')]: kind(v1('Secret'), 'Sensitive data for pods to consume.', {
    data: mapOf({ type: 'string', format: 'byte' }, 'The values, base64-encoded.'),
    immutable: bool('Whether the data can no longer change.'),
    stringData: stringMap('Write-only plain values merged into data.'),
    type: str('What the secret holds (Opaque, kubernetes.io/tls, …).'),
  }),
  [core('ServiceAccount')]: kind(v1('ServiceAccount'), 'An identity for processes in pods.', {
    automountServiceAccountToken: bool('Whether pods get a token of the account mounted.'),
    imagePullSecrets: listOf(
      core('LocalObjectReference'),
      'Secrets pods of the account pull images with.',
      atomic,
    ),
    secrets: listOf(
      core('ObjectReference'),
      'Secrets pods of the account may use.',
      patch('name'),
      mapKeys('name'),
    ),
  }),
  [core('Namespace')]: kind(v1('Namespace'), 'A scope for names.', {
    spec: ref(core('NamespaceSpec'), 'The desired behaviour.'),
    status: ref(core('NamespaceStatus'), 'The observed state.'),
  }),
  [core('NamespaceSpec')]: struct('The desired behaviour of a namespace.', {
    finalizers: strings('What must finish before the namespace is removed.', atomic),
  }),
  [core('NamespaceStatus')]: struct('The observed state of a namespace.', {
    conditions: listOf(core('NamespaceCondition'), 'The current conditions.', patch('type'), mapKeys('type')),
    phase: enumOf(['Active', 'Terminating'], 'The phase.'),
  }),
  [core('NamespaceCondition')]: condition('namespace'),
  [core('Node')]: kind(v1('Node'), 'A worker machine.', {
    spec: ref(core('NodeSpec'), 'The desired behaviour.'),
    status: ref(core('NodeStatus'), 'The observed state.'),
  }),
  [core('NodeSpec')]: struct('The desired behaviour of a node.', {
    configSource: ref(core('NodeConfigSource'), 'Deprecated: where the kubelet configuration comes from.'),
    externalID: str('Deprecated.'),
    podCIDR: str('The pod IP range of the node.'),
    podCIDRs: strings('The pod IP ranges of the node, one per family.', patch(undefined), set),
    providerID: str('The ID the cloud provider knows the node by.'),
    taints: listOf(core('Taint'), 'Taints repelling pods.', atomic),
    unschedulable: bool('Whether new pods may not be scheduled here.'),
  }),
  [core('NodeConfigSource')]: struct('Deprecated: a source of kubelet configuration.', {
    configMap: ref(core('ConfigMapNodeConfigSource'), 'A ConfigMap.'),
  }),
  [core('ConfigMapNodeConfigSource')]: struct(
    'A ConfigMap holding kubelet configuration.',
    {
      kubeletConfigKey: str('The key holding the configuration.'),
      name: str('The name of the ConfigMap.'),
      namespace: str('The namespace of the ConfigMap.'),
      resourceVersion: str('The resource version seen.'),
      uid: str('The UID seen.'),
    },
    ['namespace', 'name', 'kubeletConfigKey'],
  ),
  [core('Taint')]: struct(
    'A mark on a node that repels pods not tolerating it.',
    {
      effect: enumOf(['NoExecute', 'NoSchedule', 'PreferNoSchedule'], 'What happens to intolerant pods.'),
      key: str('The taint key.'),
      timeAdded: time('When a NoExecute taint was added.'),
      value: str('The taint value.'),
    },
    ['key', 'effect'],
  ),
  [core('NodeStatus')]: struct('The observed state of a node.', {
    addresses: listOf(core('NodeAddress'), 'Addresses of the node.', patch('type'), mapKeys('type')),
    allocatable: quantityMap('Resources available to pods.'),
    capacity: quantityMap('Total resources of the node.'),
    conditions: listOf(core('NodeCondition'), 'The current conditions.', patch('type'), mapKeys('type')),
    config: ref(core('NodeConfigStatus'), 'Deprecated: the state of dynamic kubelet configuration.'),
    daemonEndpoints: ref(core('NodeDaemonEndpoints'), 'Ports of the daemons on the node.'),
    features: ref(core('NodeFeatures'), 'Features the node supports.'),
    images: listOf(core('ContainerImage'), 'Images present on the node.', atomic),
    nodeInfo: ref(core('NodeSystemInfo'), 'Versions and identifiers of the node.'),
    phase: enumOf(['Pending', 'Running', 'Terminated'], 'Deprecated: the phase.'),
    runtimeHandlers: listOf(core('NodeRuntimeHandler'), 'Runtime handlers available.', atomic),
    volumesAttached: listOf(core('AttachedVolume'), 'Volumes attached to the node.', atomic),
    volumesInUse: strings('Volumes in use on the node.', atomic),
  }),
  [core('NodeAddress')]: struct(
    'An address of a node.',
    {
      address: str('The address.'),
      type: str('Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.'),
    },
    ['type', 'address'],
  ),
  [core('NodeCondition')]: condition('node', {
    lastHeartbeatTime: time('When the condition was last reported.'),
  }),
  [core('NodeConfigStatus')]: struct('Deprecated: the state of dynamic kubelet configuration.', {
    active: ref(core('NodeConfigSource'), 'The configuration in use.'),
    assigned: ref(core('NodeConfigSource'), 'The configuration assigned.'),
    error: str('A problem with the configuration.'),
    lastKnownGood: ref(core('NodeConfigSource'), 'The configuration to fall back to.'),
  }),
  [core('NodeDaemonEndpoints')]: struct('Ports of the daemons on a node.', {
    kubeletEndpoint: ref(core('DaemonEndpoint'), 'The kubelet port.'),
  }),
  [core('DaemonEndpoint')]: struct('A port of a daemon.', { Port: int32('The port number.') }, ['Port']),
  [core('NodeFeatures')]: struct('Features a node supports.', {
    supplementalGroupsPolicy: bool('Whether supplementalGroupsPolicy is honoured.'),
  }),
  [core('ContainerImage')]: struct('An image present on a node.', {
    names: strings('Its names.', atomic),
    sizeBytes: int64('Its size.'),
  }),
  [core('NodeSystemInfo')]: struct(
    'Versions and identifiers of a node.',
    {
      architecture: str('The CPU architecture.'),
      bootID: str('The boot ID.'),
      containerRuntimeVersion: str('The container runtime and its version.'),
      kernelVersion: str('The kernel version.'),
      kubeProxyVersion: str('Deprecated: the kube-proxy version.'),
      kubeletVersion: str('The kubelet version.'),
      machineID: str('The machine ID.'),
      operatingSystem: str('The operating system.'),
      osImage: str('The OS image.'),
      swap: ref(core('NodeSwapStatus'), 'Swap memory of the node.'),
      systemUUID: str('The system UUID.'),
    },
    [
      'machineID',
      'systemUUID',
      'bootID',
      'kernelVersion',
      'osImage',
      'containerRuntimeVersion',
      'kubeletVersion',
      'kubeProxyVersion',
      'operatingSystem',
      'architecture',
    ],
  ),
  [core('NodeSwapStatus')]: struct('Swap memory of a node.', { capacity: int64('Swap size in bytes.') }),
  [core('NodeRuntimeHandler')]: struct('A runtime handler of a node.', {
    features: ref(core('NodeRuntimeHandlerFeatures'), 'What the handler supports.'),
    name: str('The handler name; empty for the default.'),
  }),
  [core('NodeRuntimeHandlerFeatures')]: struct('What a runtime handler supports.', {
    recursiveReadOnlyMounts: bool('Recursive read-only mounts.'),
    userNamespaces: bool('User namespaces.'),
  }),
  [core('AttachedVolume')]: struct(
    'A volume attached to a node.',
    { devicePath: str('Where the device is.'), name: str('The volume.') },
    ['name', 'devicePath'],
  ),
  [core('Event')]: kind(
    v1('Event'),
    'A report of something that happened to an object.',
    {
      action: str('What was done, or failed.'),
      count: int32('How often the event occurred.'),
      eventTime: microTime('When the event first occurred, precisely.'),
      firstTimestamp: time('When the event was first recorded.'),
      involvedObject: ref(core('ObjectReference'), 'The object the event is about.'),
      lastTimestamp: time('When the event last occurred.'),
      message: str('A human-readable description.'),
      reason: str('A short CamelCase reason.'),
      related: ref(core('ObjectReference'), 'A second object involved.'),
      reportingComponent: str('The controller that reported the event.'),
      reportingInstance: str('The instance of that controller.'),
      series: ref(core('EventSeries'), 'Data on a series of recurring events.'),
      source: ref(core('EventSource'), 'The component that reported the event.'),
      type: str('Normal or Warning.'),
    },
    ['metadata', 'involvedObject'],
  ),
  [core('EventSeries')]: struct('A series of recurring events.', {
    count: int32('Occurrences so far.'),
    lastObservedTime: microTime('When the last occurrence was seen.'),
  }),
  [core('EventSource')]: struct('The reporter of an event.', {
    component: str('The component.'),
    host: str('The node.'),
  }),
  [core('ResourceQuota')]: kind(v1('ResourceQuota'), 'Limits on the resources a namespace consumes.', {
    spec: ref(core('ResourceQuotaSpec'), 'The limits.'),
    status: ref(core('ResourceQuotaStatus'), 'The observed usage.'),
  }),
  [core('ResourceQuotaSpec')]: struct('The limits of a quota.', {
    hard: quantityMap('The most of each resource.'),
    scopeSelector: ref(core('ScopeSelector'), 'Narrows the objects counted, by scope expressions.'),
    scopes: strings('Scopes the objects counted must match.', atomic),
  }),
  [core('ScopeSelector')]: {
    ...struct('Scope requirements, all of which must hold.', {
      matchExpressions: listOf(core('ScopedResourceSelectorRequirement'), 'The requirements.', atomic),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('ScopedResourceSelectorRequirement')]: struct(
    'A requirement on a quota scope.',
    {
      operator: enumOf(['DoesNotExist', 'Exists', 'In', 'NotIn'], 'How scope and values relate.'),
      scopeName: str('The scope.'),
      values: strings('The values.', atomic),
    },
    ['scopeName', 'operator'],
  ),
  [core('ResourceQuotaStatus')]: struct('The observed usage of a quota.', {
    hard: quantityMap('The limits in force.'),
    used: quantityMap('What the namespace uses.'),
  }),
  [core('LimitRange')]: kind(v1('LimitRange'), 'Per-object resource limits and defaults in a namespace.', {
    spec: ref(core('LimitRangeSpec'), 'The limits.'),
  }),
  [core('LimitRangeSpec')]: struct(
    'The limits of a limit range.',
    { limits: listOf(core('LimitRangeItem'), 'The limits, by kind of object.', atomic) },
    ['limits'],
  ),
  [core('LimitRangeItem')]: struct(
    'Limits on one kind of object.',
    {
      default: quantityMap('Default limits.'),
      defaultRequest: quantityMap('Default requests.'),
      max: quantityMap('The most allowed.'),
      maxLimitRequestRatio: quantityMap('The largest limit-to-request ratio allowed.'),
      min: quantityMap('The least allowed.'),
      type: str('Pod, Container or PersistentVolumeClaim.'),
    },
    ['type'],
  ),
  [core('Binding')]: kind(
    v1('Binding'),
    'Binds a pod to a node.',
    { target: ref(core('ObjectReference'), 'The node.') },
    ['target'],
  ),
  [core('TopologySelectorTerm')]: {
    ...struct('Topology requirements, all of which must hold.', {
      matchLabelExpressions: listOf(core('TopologySelectorLabelRequirement'), 'The requirements.', atomic),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('TopologySelectorLabelRequirement')]: struct(
    'A topology label and the values it may have.',
    { key: str('The label.'), values: strings('The values allowed.', atomic) },
    ['key', 'values'],
  ),
  [core('ComponentStatus')]: kind(v1('ComponentStatus'), 'Deprecated: the health of a component.', {
    conditions: listOf(core('ComponentCondition'), 'The conditions.', patch('type'), mapKeys('type')),
  }),
  [core('ComponentCondition')]: struct(
    'A condition of a component.',
    {
      error: str('The error, when unhealthy.'),
      message: str('The message.'),
      status: str('True, False or Unknown.'),
      type: str('Healthy.'),
    },
    ['type', 'status'],
  ),
};
