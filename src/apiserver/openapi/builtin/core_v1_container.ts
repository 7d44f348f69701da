/**
 * core/v1 definitions of containers: Container and EphemeralContainer with their ports,
 * environment, resources, probes, lifecycle hooks and security context.
 */
import type { Definitions, Schema } from './dsl.js';
import { core } from './core_v1_names.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  intOrString,
  listOf,
  mapKeys,
  patch,
  quantity,
  quantityMap,
  ref,
  str,
  strings,
  struct,
  time,
  list,
} from './dsl.js';

const PULL_POLICY = ['Always', 'IfNotPresent', 'Never'];

/** The fields Container and EphemeralContainer share. */
function containerFields(ephemeral: boolean): Record<string, Schema> {
  const probe = (what: string) =>
    ephemeral ? ref(core('Probe'), 'Not allowed for ephemeral containers.') : ref(core('Probe'), what);
  return {
    args: strings('Arguments to the entrypoint; $(VAR) references are expanded.', atomic),
    command: strings('The entrypoint, run without a shell; the image ENTRYPOINT when unset.', atomic),
    env: listOf(core('EnvVar'), 'Environment variables to set.', patch('name'), mapKeys('name')),
    envFrom: listOf(core('EnvFromSource'), 'Sources of environment variables (ConfigMaps, Secrets).', atomic),
    image: str('The container image reference.'),
    imagePullPolicy: enumOf(PULL_POLICY, 'When to pull the image.'),
    lifecycle: ref(core('Lifecycle'), 'Hooks run after start and before stop.'),
    livenessProbe: probe('Restarts the container when it fails.'),
    name: str('The name of the container, a DNS label unique within the pod.'),
    ports: listOf(
      core('ContainerPort'),
      'Ports the container exposes (informational).',
      patch('containerPort'),
      mapKeys('containerPort', 'protocol'),
    ),
    readinessProbe: probe('Takes the container out of service endpoints when it fails.'),
    resizePolicy: listOf(core('ContainerResizePolicy'), 'How each resource is resized.', atomic),
    resources: ref(core('ResourceRequirements'), 'Compute resources requested and limited.'),
    restartPolicy: str('Per-container restart policy; only Always, for sidecar init containers.'),
    restartPolicyRules: listOf(
      core('ContainerRestartRule'),
      'Rules deciding whether an exited container restarts.',
      atomic,
    ),
    securityContext: ref(core('SecurityContext'), 'Security options of the container.'),
    startupProbe: probe('Delays the other probes until it succeeds.'),
    stdin: bool('Whether to allocate a stdin buffer.'),
    stdinOnce: bool('Whether stdin closes after the first attach session.'),
    terminationMessagePath: str('File whose contents become the termination message.'),
    terminationMessagePolicy: enumOf(
      ['FallbackToLogsOnError', 'File'],
      'Where the termination message comes from.',
    ),
    tty: bool('Whether to allocate a TTY.'),
    volumeDevices: listOf(
      core('VolumeDevice'),
      'Block devices to expose.',
      patch('devicePath'),
      mapKeys('devicePath'),
    ),
    volumeMounts: listOf(core('VolumeMount'), 'Volumes to mount.', patch('mountPath'), mapKeys('mountPath')),
    workingDir: str('The working directory; the image default when unset.'),
  };
}

/** Definitions of containers and what they contain. */
export const CORE_V1_CONTAINER: Definitions = {
  [core('Container')]: struct('A container to run in a pod.', containerFields(false), ['name']),
  [core('EphemeralContainer')]: struct(
    'A temporary container added to a running pod for debugging.',
    {
      ...containerFields(true),
      targetContainerName: str('The container whose namespaces this one joins.'),
    },
    ['name'],
  ),
  [core('ContainerPort')]: struct(
    'A network port of a container.',
    {
      containerPort: int32('The port number on the pod IP.'),
      hostIP: str('The host IP to bind the host port to.'),
      hostPort: int32('The port number on the host.'),
      name: str('An IANA_SVC_NAME unique within the pod, used by services.'),
      protocol: enumOf(['SCTP', 'TCP', 'UDP'], 'The protocol; TCP by default.'),
    },
    ['containerPort'],
  ),
  [core('EnvVar')]: struct(
    'An environment variable.',
    {
      name: str('The variable name.'),
      value: str('The value; $(VAR) references are expanded.'),
      valueFrom: ref(core('EnvVarSource'), 'Where the value comes from, instead of value.'),
    },
    ['name'],
  ),
  [core('EnvVarSource')]: struct('The source of an environment variable value.', {
    configMapKeyRef: ref(core('ConfigMapKeySelector'), 'A key of a ConfigMap.'),
    fieldRef: ref(core('ObjectFieldSelector'), 'A field of the pod.'),
    fileKeyRef: ref(core('FileKeySelector'), 'A key of an env file in a volume.'),
    resourceFieldRef: ref(core('ResourceFieldSelector'), 'A resource limit or request of a container.'),
    secretKeyRef: ref(core('SecretKeySelector'), 'A key of a Secret.'),
  }),
  [core('ConfigMapKeySelector')]: {
    ...struct(
      'Selects a key of a ConfigMap.',
      {
        key: str('The key.'),
        name: str('The name of the ConfigMap.'),
        optional: bool('Whether the ConfigMap or key may be missing.'),
      },
      ['key'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('SecretKeySelector')]: {
    ...struct(
      'Selects a key of a Secret.',
      {
        key: str('The key.'),
        name: str('The name of the Secret.'),
        optional: bool('Whether the Secret or key may be missing.'),
      },
      ['key'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('FileKeySelector')]: {
    ...struct(
      'Selects a key of an env file in a volume.',
      {
        key: str('The key in the file.'),
        optional: bool('Whether the file or key may be missing.'),
        path: str('The path of the file within the volume.'),
        volumeName: str('The volume holding the file.'),
      },
      ['volumeName', 'path', 'key'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('ObjectFieldSelector')]: {
    ...struct(
      'Selects a field of the pod.',
      {
        apiVersion: str('The version the field path is written in; v1 by default.'),
        fieldPath: str('The path of the field.'),
      },
      ['fieldPath'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('ResourceFieldSelector')]: {
    ...struct(
      'Selects a resource of a container (limits.cpu, requests.memory, …).',
      {
        containerName: str('The container; required for volumes.'),
        divisor: quantity('The unit the value is expressed in; 1 by default.'),
        resource: str('The resource to select.'),
      },
      ['resource'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('EnvFromSource')]: struct('A source of a set of environment variables.', {
    configMapRef: ref(core('ConfigMapEnvSource'), 'The ConfigMap to take variables from.'),
    prefix: str('A prefix added to every variable name.'),
    secretRef: ref(core('SecretEnvSource'), 'The Secret to take variables from.'),
  }),
  [core('ConfigMapEnvSource')]: struct('A ConfigMap whose keys become environment variables.', {
    name: str('The name of the ConfigMap.'),
    optional: bool('Whether the ConfigMap may be missing.'),
  }),
  [core('SecretEnvSource')]: struct('A Secret whose keys become environment variables.', {
    name: str('The name of the Secret.'),
    optional: bool('Whether the Secret may be missing.'),
  }),
  [core('ResourceRequirements')]: struct('Compute resources of a container or pod.', {
    claims: listOf(core('ResourceClaim'), 'Dynamic resource claims this container uses.', mapKeys('name')),
    limits: quantityMap('The most of each resource allowed.'),
    requests: quantityMap('The least of each resource required; used for scheduling.'),
  }),
  [core('ResourceClaim')]: struct(
    'A reference to one of the pod resource claims.',
    {
      name: str('The name of an entry of the pod spec.resourceClaims.'),
      request: str('One request of the claim; all of them when unset.'),
    },
    ['name'],
  ),
  [core('ContainerResizePolicy')]: struct(
    'How a resource of a container is resized in place.',
    {
      resourceName: str('The resource: cpu or memory.'),
      restartPolicy: str('NotRequired or RestartContainer.'),
    },
    ['resourceName', 'restartPolicy'],
  ),
  [core('ContainerRestartRule')]: struct(
    'A rule on the exit of a container deciding whether it restarts.',
    {
      action: str('What to do when the rule matches: Restart.'),
      exitCodes: ref(core('ContainerRestartRuleOnExitCodes'), 'The exit codes the rule matches.'),
    },
    ['action'],
  ),
  [core('ContainerRestartRuleOnExitCodes')]: struct(
    'Exit codes a restart rule matches.',
    {
      operator: str('In or NotIn.'),
      values: list({ type: 'integer', format: 'int32', default: 0 }, 'The exit codes.', {
        'x-kubernetes-list-type': 'set',
      }),
    },
    ['operator'],
  ),
  [core('VolumeMount')]: struct(
    'A volume mounted into a container.',
    {
      mountPath: str('Where the volume is mounted in the container.'),
      mountPropagation: enumOf(['Bidirectional', 'HostToContainer', 'None'], 'How mounts propagate.'),
      name: str('The name of the volume.'),
      readOnly: bool('Whether the mount is read-only.'),
      recursiveReadOnly: str('Whether read-only mounts are read-only recursively.'),
      subPath: str('A path within the volume to mount instead of its root.'),
      subPathExpr: str('Like subPath, with $(VAR) references expanded.'),
    },
    ['name', 'mountPath'],
  ),
  [core('VolumeDevice')]: struct(
    'A raw block volume mapped into a container.',
    {
      devicePath: str('The path of the device in the container.'),
      name: str('The name of the persistent volume claim of the pod.'),
    },
    ['name', 'devicePath'],
  ),
  [core('Probe')]: struct('A health check of a container.', {
    exec: ref(core('ExecAction'), 'Runs a command.'),
    failureThreshold: int32('Consecutive failures before the probe counts as failed.'),
    grpc: ref(core('GRPCAction'), 'Calls the gRPC health service.'),
    httpGet: ref(core('HTTPGetAction'), 'Sends an HTTP GET request.'),
    initialDelaySeconds: int32('Seconds after start before the first probe.'),
    periodSeconds: int32('Seconds between probes.'),
    successThreshold: int32('Consecutive successes before the probe counts as passing.'),
    tcpSocket: ref(core('TCPSocketAction'), 'Opens a TCP connection.'),
    terminationGracePeriodSeconds: int64('Grace period when a failed probe kills the container.'),
    timeoutSeconds: int32('Seconds before one probe times out.'),
  }),
  [core('ExecAction')]: struct('A command run in the container.', {
    command: strings('The command and its arguments, run without a shell.', atomic),
  }),
  [core('HTTPGetAction')]: struct(
    'An HTTP GET request.',
    {
      host: str('The host to connect to; the pod IP by default.'),
      httpHeaders: listOf(core('HTTPHeader'), 'Headers to send.', atomic),
      path: str('The path to request.'),
      port: intOrString('The port number or name.'),
      scheme: enumOf(['HTTP', 'HTTPS'], 'The scheme; HTTP by default.'),
    },
    ['port'],
  ),
  [core('HTTPHeader')]: struct(
    'An HTTP header.',
    { name: str('The header name.'), value: str('The header value.') },
    ['name', 'value'],
  ),
  [core('TCPSocketAction')]: struct(
    'A TCP connection.',
    {
      host: str('The host to connect to; the pod IP by default.'),
      port: intOrString('The port number or name.'),
    },
    ['port'],
  ),
  [core('GRPCAction')]: struct(
    'A call of the gRPC health checking protocol.',
    {
      port: int32('The port number.'),
      service: str('The service name sent in the request.'),
    },
    ['port'],
  ),
  [core('SleepAction')]: struct('A pause.', { seconds: int64('Seconds to sleep.') }, ['seconds']),
  [core('Lifecycle')]: struct('Actions taken on container lifecycle events.', {
    postStart: ref(core('LifecycleHandler'), 'Runs right after the container is created.'),
    preStop: ref(core('LifecycleHandler'), 'Runs before the container is terminated.'),
    stopSignal: str('The signal that stops the container.'),
  }),
  [core('LifecycleHandler')]: struct('One action of a lifecycle hook.', {
    exec: ref(core('ExecAction'), 'Runs a command.'),
    httpGet: ref(core('HTTPGetAction'), 'Sends an HTTP GET request.'),
    sleep: ref(core('SleepAction'), 'Sleeps.'),
    tcpSocket: ref(core('TCPSocketAction'), 'Deprecated: opens a TCP connection.'),
  }),
  [core('SecurityContext')]: struct('Security options of a container, over those of the pod.', {
    allowPrivilegeEscalation: bool('Whether a process may gain more privileges than its parent.'),
    appArmorProfile: ref(core('AppArmorProfile'), 'The AppArmor profile.'),
    capabilities: ref(core('Capabilities'), 'Capabilities to add and drop.'),
    privileged: bool('Whether the container runs privileged.'),
    procMount: enumOf(['Default', 'Unmasked'], 'The kind of /proc mount.'),
    readOnlyRootFilesystem: bool('Whether the root filesystem is read-only.'),
    runAsGroup: int64('The GID of the entrypoint process.'),
    runAsNonRoot: bool('Whether the container must run as a non-root user.'),
    runAsUser: int64('The UID of the entrypoint process.'),
    seLinuxOptions: ref(core('SELinuxOptions'), 'The SELinux context.'),
    seccompProfile: ref(core('SeccompProfile'), 'The seccomp profile.'),
    windowsOptions: ref(core('WindowsSecurityContextOptions'), 'Windows-specific options.'),
  }),
  [core('Capabilities')]: struct('Linux capabilities to add and drop.', {
    add: strings('Capabilities to add.', atomic),
    drop: strings('Capabilities to drop.', atomic),
  }),
  [core('SELinuxOptions')]: struct('An SELinux label.', {
    level: str('The SELinux level.'),
    role: str('The SELinux role.'),
    type: str('The SELinux type.'),
    user: str('The SELinux user.'),
  }),
  [core('SeccompProfile')]: {
    ...struct(
      'A seccomp profile.',
      {
        localhostProfile: str('The profile file on the node, for Localhost.'),
        type: enumOf(['Localhost', 'RuntimeDefault', 'Unconfined'], 'The kind of profile.'),
      },
      ['type'],
    ),
    'x-kubernetes-unions': [
      { discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } },
    ],
  },
  [core('AppArmorProfile')]: {
    ...struct(
      'An AppArmor profile.',
      {
        localhostProfile: str('The profile loaded on the node, for Localhost.'),
        type: enumOf(['Localhost', 'RuntimeDefault', 'Unconfined'], 'The kind of profile.'),
      },
      ['type'],
    ),
    'x-kubernetes-unions': [
      { discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } },
    ],
  },
  [core('WindowsSecurityContextOptions')]: struct('Windows-specific security options.', {
    gmsaCredentialSpec: str('The GMSA credential spec inlined.'),
    gmsaCredentialSpecName: str('The name of the GMSA credential spec to use.'),
    hostProcess: bool('Whether the container runs as a host process.'),
    runAsUserName: str('The user name of the entrypoint process.'),
  }),
  [core('ContainerStatus')]: struct(
    'The observed state of a container.',
    {
      allocatedResources: quantityMap('Resources the node allocated to the container.'),
      allocatedResourcesStatus: listOf(
        core('ResourceStatus'),
        'Health of the resources allocated to the container.',
        patch('name'),
        mapKeys('name'),
      ),
      containerID: str('The runtime ID of the container: <type>://<id>.'),
      image: str('The image the container runs.'),
      imageID: str('The image ID the container runs.'),
      lastState: ref(core('ContainerState'), 'The state of the previous run of the container.'),
      name: str('The name of the container.'),
      ready: bool('Whether the container passes its readiness probe.'),
      resources: ref(core('ResourceRequirements'), 'Resources the runtime applies to the container.'),
      restartCount: int32('How often the container was restarted.'),
      started: bool('Whether the container passed its startup probe.'),
      state: ref(core('ContainerState'), 'The current state of the container.'),
      stopSignal: str('The signal that stops the container.'),
      user: ref(core('ContainerUser'), 'The identity of the container process.'),
      volumeMounts: listOf(
        core('VolumeMountStatus'),
        'The state of the volume mounts.',
        patch('mountPath'),
        mapKeys('mountPath'),
      ),
    },
    ['name', 'ready', 'restartCount', 'image', 'imageID'],
  ),
  [core('ContainerState')]: struct('Exactly one of the states of a container.', {
    running: ref(core('ContainerStateRunning'), 'The container is running.'),
    terminated: ref(core('ContainerStateTerminated'), 'The container has exited.'),
    waiting: ref(core('ContainerStateWaiting'), 'The container is not running yet.'),
  }),
  [core('ContainerStateRunning')]: struct('A running container.', {
    startedAt: time('When the container last started.'),
  }),
  [core('ContainerStateTerminated')]: struct(
    'An exited container.',
    {
      containerID: str('The runtime ID of the container.'),
      exitCode: int32('The exit status.'),
      finishedAt: time('When the container exited.'),
      message: str('Details of the exit.'),
      reason: str('Why it exited (Completed, Error, OOMKilled, …).'),
      signal: int32('The signal that ended it.'),
      startedAt: time('When the run started.'),
    },
    ['exitCode'],
  ),
  [core('ContainerStateWaiting')]: struct('A container not running yet.', {
    message: str('Details of why it waits.'),
    reason: str('Why it waits (ContainerCreating, CrashLoopBackOff, …).'),
  }),
  [core('ContainerUser')]: struct('The identity of a container process.', {
    linux: ref(core('LinuxContainerUser'), 'The Linux user and groups.'),
  }),
  [core('LinuxContainerUser')]: struct(
    'The Linux identity of a container process.',
    {
      gid: int64('The primary GID.'),
      supplementalGroups: list(
        { type: 'integer', format: 'int64', default: 0 },
        'Supplemental GIDs.',
        atomic,
      ),
      uid: int64('The UID.'),
    },
    ['uid', 'gid'],
  ),
  [core('VolumeMountStatus')]: struct(
    'The state of a volume mount.',
    {
      mountPath: str('Where the volume is mounted.'),
      name: str('The name of the volume.'),
      readOnly: bool('Whether the mount is read-only.'),
      recursiveReadOnly: str('Whether the read-only mount is recursive: Disabled or Enabled.'),
    },
    ['name', 'mountPath'],
  ),
  [core('ResourceStatus')]: struct(
    'Health of the devices of one resource of a container.',
    {
      name: str('The resource name.'),
      resources: listOf(core('ResourceHealth'), 'Health of each device.', mapKeys('resourceID')),
    },
    ['name'],
  ),
  [core('ResourceHealth')]: struct(
    'Health of one device.',
    {
      health: str('Healthy, Unhealthy or Unknown.'),
      resourceID: str('The device ID.'),
    },
    ['resourceID'],
  ),
};
