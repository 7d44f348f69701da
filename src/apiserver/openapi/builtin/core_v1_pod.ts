/**
 * core/v1 definitions of pods: Pod, PodSpec, PodStatus, scheduling constraints (affinity,
 * tolerations, topology spread), the pod security context, PodTemplate and
 * ReplicationController.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  kind,
  list,
  listOf,
  mapKeys,
  META,
  objectMeta,
  patch,
  quantityMap,
  ref,
  str,
  stringMap,
  strings,
  struct,
  time,
} from './dsl.js';

const core = (name: string) => `io.k8s.api.core.v1.${name}`;
const v1 = (k: string) => ({ group: '', version: 'v1', kind: k });

/** Definitions of pods, their templates and replication controllers. */
export const CORE_V1_POD: Definitions = {
  [core('Pod')]: kind(v1('Pod'), 'A group of containers run together on one node.', {
    spec: ref(core('PodSpec'), 'The desired behaviour of the pod.'),
    status: ref(core('PodStatus'), 'The observed state of the pod.'),
  }),
  [core('PodSpec')]: struct(
    'The desired behaviour of a pod.',
    {
      activeDeadlineSeconds: int64('Seconds the pod may be active before it is failed.'),
      affinity: ref(core('Affinity'), 'Scheduling constraints on nodes and other pods.'),
      automountServiceAccountToken: bool('Whether the service account token is mounted.'),
      containers: listOf(core('Container'), 'The containers of the pod.', patch('name'), mapKeys('name')),
      dnsConfig: ref(core('PodDNSConfig'), 'DNS settings merged into those of the DNS policy.'),
      dnsPolicy: enumOf(
        ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
        'How DNS is configured; ClusterFirst by default.',
      ),
      enableServiceLinks: bool('Whether service environment variables are injected.'),
      ephemeralContainers: listOf(
        core('EphemeralContainer'),
        'Debugging containers added to the running pod.',
        patch('name'),
        mapKeys('name'),
      ),
      hostAliases: listOf(core('HostAlias'), 'Extra entries of /etc/hosts.', patch('ip'), mapKeys('ip')),
      hostIPC: bool("Whether the pod uses the host's IPC namespace."),
      hostNetwork: bool("Whether the pod uses the host's network namespace."),
      hostPID: bool("Whether the pod uses the host's PID namespace."),
      hostUsers: bool("Whether the pod uses the host's user namespace."),
      hostname: str('The hostname of the pod; its name by default.'),
      hostnameOverride: str('A hostname that replaces the one computed from name and subdomain.'),
      imagePullSecrets: listOf(
        core('LocalObjectReference'),
        'Secrets used to pull the images.',
        patch('name'),
        mapKeys('name'),
      ),
      initContainers: listOf(
        core('Container'),
        'Containers run in order before the others start.',
        patch('name'),
        mapKeys('name'),
      ),
      nodeName: str('The node the pod is bound to.'),
      nodeSelector: {
        ...stringMap('Labels a node must have to run the pod.'),
        'x-kubernetes-map-type': 'atomic',
      },
      os: ref(core('PodOS'), 'The operating system the containers need.'),
      overhead: quantityMap('Resources the pod sandbox uses beyond its containers.'),
      preemptionPolicy: enumOf(['Never', 'PreemptLowerPriority'], 'Whether the pod may preempt others.'),
      priority: int32('The priority, resolved from the priority class.'),
      priorityClassName: str('The name of the priority class.'),
      readinessGates: listOf(core('PodReadinessGate'), 'Extra conditions the pod needs to be ready.', atomic),
      resourceClaims: listOf(
        core('PodResourceClaim'),
        'Dynamic resource claims the pod uses.',
        patch('name', 'merge,retainKeys'),
        mapKeys('name'),
      ),
      resources: ref(core('ResourceRequirements'), 'Resources of the pod as a whole.'),
      restartPolicy: enumOf(['Always', 'Never', 'OnFailure'], 'When containers are restarted.'),
      runtimeClassName: str('The runtime class to run the pod with.'),
      schedulerName: str('The scheduler that places the pod.'),
      schedulingGates: listOf(
        core('PodSchedulingGate'),
        'Gates that keep the pod from being scheduled while present.',
        patch('name'),
        mapKeys('name'),
      ),
      securityContext: ref(core('PodSecurityContext'), 'Security options of the pod.'),
      serviceAccount: str('Deprecated alias of serviceAccountName.'),
      serviceAccountName: str('The service account the pod runs as.'),
      setHostnameAsFQDN: bool('Whether the hostname is the fully qualified domain name.'),
      shareProcessNamespace: bool('Whether the containers share one PID namespace.'),
      subdomain: str('The subdomain of the pod: <hostname>.<subdomain>.<namespace>.svc.'),
      terminationGracePeriodSeconds: int64('Seconds the pod has to stop gracefully.'),
      tolerations: listOf(core('Toleration'), 'Taints the pod tolerates.', atomic),
      topologySpreadConstraints: listOf(
        core('TopologySpreadConstraint'),
        'How pods spread over topology domains.',
        patch('topologyKey'),
        mapKeys('topologyKey', 'whenUnsatisfiable'),
      ),
      volumes: listOf(
        core('Volume'),
        'Volumes the containers may mount.',
        patch('name', 'merge,retainKeys'),
        mapKeys('name'),
      ),
    },
    ['containers'],
  ),
  [core('PodStatus')]: struct('The observed state of a pod.', {
    conditions: listOf(core('PodCondition'), 'The current conditions.', patch('type'), mapKeys('type')),
    containerStatuses: listOf(core('ContainerStatus'), 'The state of each container.', atomic),
    ephemeralContainerStatuses: listOf(
      core('ContainerStatus'),
      'The state of each ephemeral container.',
      atomic,
    ),
    extendedResourceClaimStatus: ref(
      core('PodExtendedResourceClaimStatus'),
      'The claim made for extended resources.',
    ),
    hostIP: str('The primary IP of the node.'),
    hostIPs: listOf(core('HostIP'), 'The IPs of the node.', patch('ip'), atomic),
    initContainerStatuses: listOf(core('ContainerStatus'), 'The state of each init container.', atomic),
    message: str('Why the pod is in this phase.'),
    nominatedNodeName: str('The node a preemption made room on.'),
    observedGeneration: int64('The metadata.generation this status was computed for.'),
    phase: enumOf(['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'], 'The phase of the pod.'),
    podIP: str('The primary IP of the pod.'),
    podIPs: listOf(core('PodIP'), 'The IPs of the pod.', patch('ip'), mapKeys('ip')),
    qosClass: enumOf(['BestEffort', 'Burstable', 'Guaranteed'], 'The quality of service class.'),
    reason: str('A CamelCase reason for the phase (Evicted, …).'),
    resize: str('Deprecated: the state of an in-place resize.'),
    resourceClaimStatuses: listOf(
      core('PodResourceClaimStatus'),
      'The ResourceClaims made for the pod.',
      patch('name', 'merge,retainKeys'),
      mapKeys('name'),
    ),
    startTime: time('When the kubelet accepted the pod.'),
  }),
  [core('PodCondition')]: struct(
    'One condition of a pod.',
    {
      lastProbeTime: time('When the condition was last probed.'),
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      observedGeneration: int64('The metadata.generation the condition was computed for.'),
      reason: str('A CamelCase reason for the last transition.'),
      status: str('True, False or Unknown.'),
      type: str('The condition type (PodScheduled, Ready, …).'),
    },
    ['type', 'status'],
  ),
  [core('PodIP')]: struct('An IP address of a pod.', { ip: str('The address.') }, ['ip']),
  [core('HostIP')]: struct('An IP address of the node of a pod.', { ip: str('The address.') }, ['ip']),
  [core('PodResourceClaim')]: struct(
    'A resource claim of a pod.',
    {
      name: str('The name containers use to refer to the claim.'),
      resourceClaimName: str('An existing ResourceClaim.'),
      resourceClaimTemplateName: str('A template a ResourceClaim is made from for the pod.'),
    },
    ['name'],
  ),
  [core('PodResourceClaimStatus')]: struct(
    'The ResourceClaim made for one claim of a pod.',
    {
      name: str('The claim of the pod spec.'),
      resourceClaimName: str('The ResourceClaim made.'),
    },
    ['name'],
  ),
  [core('PodExtendedResourceClaimStatus')]: struct(
    'The ResourceClaim made for the extended resources of a pod.',
    {
      requestMappings: listOf(
        core('ContainerExtendedResourceRequest'),
        'Which container request each claim request serves.',
        atomic,
      ),
      resourceClaimName: str('The ResourceClaim made.'),
    },
    ['requestMappings', 'resourceClaimName'],
  ),
  [core('ContainerExtendedResourceRequest')]: struct(
    'The claim request serving one extended resource of a container.',
    {
      containerName: str('The container.'),
      requestName: str('The request of the claim.'),
      resourceName: str('The extended resource.'),
    },
    ['containerName', 'resourceName', 'requestName'],
  ),
  [core('PodSchedulingGate')]: struct('A gate holding back scheduling.', { name: str('The gate.') }, [
    'name',
  ]),
  [core('PodReadinessGate')]: struct(
    'A condition a pod needs for readiness.',
    { conditionType: str('The condition type.') },
    ['conditionType'],
  ),
  [core('PodOS')]: struct('The operating system of a pod.', { name: str('linux or windows.') }, ['name']),
  [core('HostAlias')]: struct(
    'An /etc/hosts entry.',
    {
      hostnames: strings('The host names.', atomic),
      ip: str('The IP address.'),
    },
    ['ip'],
  ),
  [core('PodDNSConfig')]: struct('DNS settings of a pod.', {
    nameservers: strings('DNS server IPs.', atomic),
    options: listOf(core('PodDNSConfigOption'), 'Resolver options.', atomic),
    searches: strings('Search domains.', atomic),
  }),
  [core('PodDNSConfigOption')]: struct('A resolver option.', {
    name: str('The option name.'),
    value: str('The option value.'),
  }),
  [core('PodSecurityContext')]: struct('Security options of a pod, applying to all its containers.', {
    appArmorProfile: ref(core('AppArmorProfile'), 'The AppArmor profile.'),
    fsGroup: int64('A GID owning the volumes and added to every container.'),
    fsGroupChangePolicy: enumOf(['Always', 'OnRootMismatch'], 'When volume ownership is changed.'),
    runAsGroup: int64('The GID of container processes.'),
    runAsNonRoot: bool('Whether containers must run as a non-root user.'),
    runAsUser: int64('The UID of container processes.'),
    seLinuxChangePolicy: str('How the SELinux label is applied to volumes.'),
    seLinuxOptions: ref(core('SELinuxOptions'), 'The SELinux context.'),
    seccompProfile: ref(core('SeccompProfile'), 'The seccomp profile.'),
    supplementalGroups: list(
      { type: 'integer', format: 'int64', default: 0 },
      'GIDs added to every container process.',
      atomic,
    ),
    supplementalGroupsPolicy: enumOf(['Merge', 'Strict'], 'How supplemental groups are computed.'),
    sysctls: listOf(core('Sysctl'), 'Namespaced sysctls to set.', atomic),
    windowsOptions: ref(core('WindowsSecurityContextOptions'), 'Windows-specific options.'),
  }),
  [core('Sysctl')]: struct('A kernel parameter.', { name: str('The parameter.'), value: str('Its value.') }, [
    'name',
    'value',
  ]),
  [core('Toleration')]: struct('Lets a pod run on nodes with a matching taint.', {
    effect: enumOf(
      ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
      'The taint effect matched; all when empty.',
    ),
    key: str('The taint key matched; all keys when empty (with Exists).'),
    operator: enumOf(['Equal', 'Exists'], 'How the value is compared; Equal by default.'),
    tolerationSeconds: int64('For NoExecute: how long the pod stays bound after the taint appears.'),
    value: str('The taint value matched.'),
  }),
  [core('TopologySpreadConstraint')]: struct(
    'How matching pods spread over a topology.',
    {
      labelSelector: ref(`${META}.LabelSelector`, 'The pods counted.'),
      matchLabelKeys: strings('Label keys whose values of this pod narrow the pods counted.', atomic),
      maxSkew: int32('The most the number of pods may differ between domains.'),
      minDomains: int32('The least number of eligible domains.'),
      nodeAffinityPolicy: enumOf(['Honor', 'Ignore'], 'Whether node affinity limits the domains.'),
      nodeTaintsPolicy: enumOf(['Honor', 'Ignore'], 'Whether node taints limit the domains.'),
      topologyKey: str('The node label defining the domains.'),
      whenUnsatisfiable: enumOf(['DoNotSchedule', 'ScheduleAnyway'], 'What to do when the skew is exceeded.'),
    },
    ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
  ),
  [core('Affinity')]: struct('Scheduling constraints.', {
    nodeAffinity: ref(core('NodeAffinity'), 'Constraints on the node.'),
    podAffinity: ref(core('PodAffinity'), 'Pods to run near.'),
    podAntiAffinity: ref(core('PodAntiAffinity'), 'Pods to keep away from.'),
  }),
  [core('NodeAffinity')]: struct('Constraints on the node of a pod.', {
    preferredDuringSchedulingIgnoredDuringExecution: listOf(
      core('PreferredSchedulingTerm'),
      'Weighted preferences.',
      atomic,
    ),
    requiredDuringSchedulingIgnoredDuringExecution: ref(core('NodeSelector'), 'Requirements.'),
  }),
  [core('NodeSelector')]: {
    ...struct(
      'Node selector terms, any of which may match.',
      { nodeSelectorTerms: listOf(core('NodeSelectorTerm'), 'The terms (ORed).', atomic) },
      ['nodeSelectorTerms'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('NodeSelectorTerm')]: {
    ...struct('Requirements that must all hold for a node.', {
      matchExpressions: listOf(core('NodeSelectorRequirement'), 'Requirements on node labels.', atomic),
      matchFields: listOf(core('NodeSelectorRequirement'), 'Requirements on node fields.', atomic),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('NodeSelectorRequirement')]: struct(
    'A requirement on one node label or field.',
    {
      key: str('The label or field.'),
      operator: enumOf(['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'], 'How key and values relate.'),
      values: strings('The values compared.', atomic),
    },
    ['key', 'operator'],
  ),
  [core('PreferredSchedulingTerm')]: struct(
    'A weighted node preference.',
    {
      preference: ref(core('NodeSelectorTerm'), 'The term.'),
      weight: int32('Its weight, 1-100.'),
    },
    ['weight', 'preference'],
  ),
  [core('PodAffinity')]: struct('Pods a pod should run near.', {
    preferredDuringSchedulingIgnoredDuringExecution: listOf(
      core('WeightedPodAffinityTerm'),
      'Weighted preferences.',
      atomic,
    ),
    requiredDuringSchedulingIgnoredDuringExecution: listOf(core('PodAffinityTerm'), 'Requirements.', atomic),
  }),
  [core('PodAntiAffinity')]: struct('Pods a pod should keep away from.', {
    preferredDuringSchedulingIgnoredDuringExecution: listOf(
      core('WeightedPodAffinityTerm'),
      'Weighted preferences.',
      atomic,
    ),
    requiredDuringSchedulingIgnoredDuringExecution: listOf(core('PodAffinityTerm'), 'Requirements.', atomic),
  }),
  [core('PodAffinityTerm')]: struct(
    'Pods whose domain (by topology key) the pod is placed in or out of.',
    {
      labelSelector: ref(`${META}.LabelSelector`, 'The pods.'),
      matchLabelKeys: strings('Label keys whose values of this pod narrow the pods.', atomic),
      mismatchLabelKeys: strings('Label keys whose values of this pod exclude pods.', atomic),
      namespaceSelector: ref(`${META}.LabelSelector`, 'The namespaces of the pods.'),
      namespaces: strings('Namespaces of the pods; that of the pod by default.', atomic),
      topologyKey: str('The node label defining the domain.'),
    },
    ['topologyKey'],
  ),
  [core('WeightedPodAffinityTerm')]: struct(
    'A weighted pod affinity term.',
    {
      podAffinityTerm: ref(core('PodAffinityTerm'), 'The term.'),
      weight: int32('Its weight, 1-100.'),
    },
    ['weight', 'podAffinityTerm'],
  ),
  [core('LocalObjectReference')]: {
    ...struct('A reference to an object in the same namespace.', { name: str('The name.') }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('PodTemplate')]: kind(v1('PodTemplate'), 'A template of pods.', {
    template: ref(core('PodTemplateSpec'), 'The pods made from it.'),
  }),
  [core('PodTemplateSpec')]: struct('What pods made from a template look like.', {
    metadata: objectMeta('Metadata of the pods.'),
    spec: ref(core('PodSpec'), 'The spec of the pods.'),
  }),
  [core('ReplicationController')]: kind(v1('ReplicationController'), 'Keeps a number of pods running.', {
    spec: ref(core('ReplicationControllerSpec'), 'The desired state.'),
    status: ref(core('ReplicationControllerStatus'), 'The observed state.'),
  }),
  [core('ReplicationControllerSpec')]: struct('The desired state of a replication controller.', {
    minReadySeconds: int32('Seconds a ready pod must stay ready to count as available.'),
    replicas: int32('The number of pods wanted; 1 by default.'),
    selector: {
      ...stringMap('Labels of the pods it controls; those of the template by default.'),
      'x-kubernetes-map-type': 'atomic',
    },
    template: ref(core('PodTemplateSpec'), 'The pods it makes.'),
  }),
  [core('ReplicationControllerStatus')]: struct(
    'The observed state of a replication controller.',
    {
      availableReplicas: int32('Pods available for minReadySeconds.'),
      conditions: listOf(
        core('ReplicationControllerCondition'),
        'The current conditions.',
        patch('type'),
        mapKeys('type'),
      ),
      fullyLabeledReplicas: int32('Pods whose labels match the template.'),
      observedGeneration: int64('The generation last acted on.'),
      readyReplicas: int32('Ready pods.'),
      replicas: int32('Pods it has.'),
    },
    ['replicas'],
  ),
  [core('ReplicationControllerCondition')]: struct(
    'One condition of a replication controller.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('The condition type.'),
    },
    ['type', 'status'],
  ),
};
