/**
 * The built-in schemas lose nothing our own code writes: a Pod using every volume source, probe,
 * hook and security option with a full status, and the statuses the kubelet generates for pods
 * and its node, pass the unknown-field walker untouched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_DEFINITIONS } from '../../src/apiserver/openapi/builtin/definitions.js';
import { dropUnknownFields } from '../../src/apiserver/openapi/builtin/unknown_fields.js';
import type { Pod } from '../../src/api/types/pod.js';
import { nodeForRegistration } from '../../src/kubelet/node_status.js';
import { generatePodStatus } from '../../src/kubelet/pod_status.js';

const T = '2026-12-07T00:00:00Z';
const ref = { name: 's' };
const items = [{ key: 'k', path: 'p', mode: 0o400 }];
const selector = { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] };
const nodeTerm = {
  matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }],
  matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n'] }],
};
const podTerm = {
  labelSelector: selector,
  namespaceSelector: selector,
  namespaces: ['ns'],
  topologyKey: 'kubernetes.io/hostname',
  matchLabelKeys: ['pod-template-hash'],
  mismatchLabelKeys: ['x'],
};
const handler = {
  exec: { command: ['true'] },
  httpGet: { host: 'h', path: '/', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'a', value: 'b' }] },
  tcpSocket: { host: 'h', port: 80 },
  sleep: { seconds: 1 },
};
const probe = {
  exec: { command: ['true'] },
  httpGet: { path: '/healthz', port: 8080 },
  tcpSocket: { port: 80 },
  grpc: { port: 9000, service: 'svc' },
  initialDelaySeconds: 1,
  periodSeconds: 2,
  timeoutSeconds: 3,
  successThreshold: 1,
  failureThreshold: 4,
  terminationGracePeriodSeconds: 5,
};
const securityContext = {
  allowPrivilegeEscalation: false,
  appArmorProfile: { type: 'Localhost', localhostProfile: 'p' },
  capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
  privileged: false,
  procMount: 'Default',
  readOnlyRootFilesystem: true,
  runAsGroup: 1,
  runAsNonRoot: true,
  runAsUser: 1,
  seLinuxOptions: { level: 's0', role: 'r', type: 't', user: 'u' },
  seccompProfile: { type: 'RuntimeDefault' },
  windowsOptions: {
    gmsaCredentialSpec: 'x',
    gmsaCredentialSpecName: 'y',
    hostProcess: false,
    runAsUserName: 'z',
  },
};
const container = {
  name: 'app',
  image: 'busybox',
  command: ['sh'],
  args: ['-c', 'sleep 1'],
  workingDir: '/',
  ports: [{ name: 'http', containerPort: 80, hostPort: 8080, hostIP: '0.0.0.0', protocol: 'TCP' }],
  envFrom: [
    { prefix: 'P_', configMapRef: { name: 'c', optional: true }, secretRef: { name: 's', optional: true } },
  ],
  env: [
    { name: 'A', value: 'a' },
    {
      name: 'B',
      valueFrom: {
        fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
        resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' },
        configMapKeyRef: { name: 'c', key: 'k', optional: true },
        secretKeyRef: { name: 's', key: 'k', optional: false },
        fileKeyRef: { volumeName: 'v', path: 'env', key: 'K', optional: true },
      },
    },
  ],
  resources: {
    limits: { cpu: '1', memory: '1Gi' },
    requests: { cpu: '100m' },
    claims: [{ name: 'gpu', request: 'r' }],
  },
  resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
  restartPolicy: 'Always',
  restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
  volumeMounts: [
    {
      name: 'v',
      mountPath: '/v',
      readOnly: true,
      recursiveReadOnly: 'Enabled',
      subPath: 's',
      subPathExpr: '$(A)',
      mountPropagation: 'None',
    },
  ],
  volumeDevices: [{ name: 'blk', devicePath: '/dev/xvda' }],
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: { postStart: handler, preStop: handler, stopSignal: 'SIGTERM' },
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'FallbackToLogsOnError',
  imagePullPolicy: 'IfNotPresent',
  securityContext,
  stdin: true,
  stdinOnce: true,
  tty: true,
};
const claimSpec = {
  accessModes: ['ReadWriteOnce'],
  selector,
  resources: { limits: { storage: '2Gi' }, requests: { storage: '1Gi' } },
  volumeName: 'pv',
  storageClassName: 'standard',
  volumeMode: 'Filesystem',
  dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' },
  dataSourceRef: { apiGroup: 'x', kind: 'Y', name: 'z', namespace: 'ns' },
  volumeAttributesClassName: 'gold',
};
const volumes = [
  { name: 'v1', hostPath: { path: '/tmp', type: 'Directory' } },
  { name: 'v2', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
  { name: 'v3', gcePersistentDisk: { pdName: 'd', fsType: 'ext4', partition: 1, readOnly: true } },
  { name: 'v4', awsElasticBlockStore: { volumeID: 'v', fsType: 'ext4', partition: 1, readOnly: true } },
  { name: 'v5', gitRepo: { repository: 'r', revision: 'h', directory: '.' } },
  { name: 'v6', secret: { secretName: 's', items, defaultMode: 0o644, optional: true } },
  { name: 'v7', nfs: { server: 's', path: '/', readOnly: true } },
  {
    name: 'v8',
    iscsi: {
      targetPortal: 't',
      iqn: 'i',
      lun: 0,
      iscsiInterface: 'default',
      fsType: 'ext4',
      readOnly: true,
      portals: ['p'],
      chapAuthDiscovery: true,
      chapAuthSession: true,
      secretRef: ref,
      initiatorName: 'n',
    },
  },
  { name: 'v9', glusterfs: { endpoints: 'e', path: 'p', readOnly: true } },
  { name: 'v10', persistentVolumeClaim: { claimName: 'c', readOnly: true } },
  {
    name: 'v11',
    rbd: {
      monitors: ['m'],
      image: 'i',
      fsType: 'ext4',
      pool: 'p',
      user: 'u',
      keyring: 'k',
      secretRef: ref,
      readOnly: true,
    },
  },
  {
    name: 'v12',
    flexVolume: { driver: 'd', fsType: 'ext4', secretRef: ref, readOnly: true, options: { a: 'b' } },
  },
  { name: 'v13', cinder: { volumeID: 'v', fsType: 'ext4', readOnly: true, secretRef: ref } },
  {
    name: 'v14',
    cephfs: { monitors: ['m'], path: '/', user: 'u', secretFile: 'f', secretRef: ref, readOnly: true },
  },
  { name: 'v15', flocker: { datasetName: 'd', datasetUUID: 'u' } },
  {
    name: 'v16',
    downwardAPI: {
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, mode: 0o400 },
        { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
      ],
      defaultMode: 0o644,
    },
  },
  { name: 'v17', fc: { targetWWNs: ['w'], lun: 0, fsType: 'ext4', readOnly: true, wwids: ['i'] } },
  { name: 'v18', azureFile: { secretName: 's', shareName: 'sh', readOnly: true } },
  { name: 'v19', configMap: { name: 'c', items, defaultMode: 0o644, optional: true } },
  {
    name: 'v20',
    vsphereVolume: { volumePath: 'p', fsType: 'ext4', storagePolicyName: 'n', storagePolicyID: 'i' },
  },
  {
    name: 'v21',
    quobyte: { registry: 'r', volume: 'v', readOnly: true, user: 'u', group: 'g', tenant: 't' },
  },
  {
    name: 'v22',
    azureDisk: {
      diskName: 'd',
      diskURI: 'u',
      cachingMode: 'None',
      fsType: 'ext4',
      readOnly: true,
      kind: 'Managed',
    },
  },
  { name: 'v23', photonPersistentDisk: { pdID: 'p', fsType: 'ext4' } },
  {
    name: 'v24',
    projected: {
      defaultMode: 0o644,
      sources: [
        { secret: { name: 's', items, optional: true } },
        { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
        { configMap: { name: 'c', items, optional: true } },
        { serviceAccountToken: { audience: 'a', expirationSeconds: 3607, path: 'token' } },
        {
          clusterTrustBundle: {
            name: 'b',
            signerName: 's',
            labelSelector: selector,
            optional: true,
            path: 'ca',
          },
        },
        {
          podCertificate: {
            signerName: 's',
            keyType: 'ED25519',
            maxExpirationSeconds: 3600,
            credentialBundlePath: 'b',
            keyPath: 'k',
            certificateChainPath: 'c',
          },
        },
      ],
    },
  },
  { name: 'v25', portworxVolume: { volumeID: 'v', fsType: 'ext4', readOnly: true } },
  {
    name: 'v26',
    scaleIO: {
      gateway: 'g',
      system: 's',
      secretRef: ref,
      sslEnabled: true,
      protectionDomain: 'p',
      storagePool: 'sp',
      storageMode: 'ThinProvisioned',
      volumeName: 'v',
      fsType: 'xfs',
      readOnly: true,
    },
  },
  {
    name: 'v27',
    storageos: { volumeName: 'v', volumeNamespace: 'n', fsType: 'ext4', readOnly: true, secretRef: ref },
  },
  {
    name: 'v28',
    csi: {
      driver: 'd',
      readOnly: true,
      fsType: 'ext4',
      volumeAttributes: { a: 'b' },
      nodePublishSecretRef: ref,
    },
  },
  {
    name: 'v29',
    ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: 'b' } }, spec: claimSpec } },
  },
  { name: 'v30', image: { reference: 'busybox', pullPolicy: 'IfNotPresent' } },
];
const containerStatus = {
  name: 'app',
  state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
  lastState: {
    terminated: {
      exitCode: 1,
      signal: 9,
      reason: 'Error',
      message: 'm',
      startedAt: T,
      finishedAt: T,
      containerID: 'containerd://1',
    },
  },
  ready: false,
  restartCount: 3,
  image: 'docker.io/library/busybox:latest',
  imageID: 'sha256:1',
  containerID: 'containerd://2',
  started: false,
  allocatedResources: { cpu: '1' },
  resources: { limits: { cpu: '1' } },
  volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true, recursiveReadOnly: 'Enabled' }],
  user: { linux: { uid: 1, gid: 1, supplementalGroups: [2] } },
  allocatedResourcesStatus: [
    { name: 'example.com/gpu', resources: [{ resourceID: 'g0', health: 'Healthy' }] },
  ],
  stopSignal: 'SIGTERM',
};

const fullPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    generateName: 'p-',
    namespace: 'ns',
    uid: 'u',
    resourceVersion: '1',
    generation: 1,
    creationTimestamp: T,
    deletionTimestamp: T,
    deletionGracePeriodSeconds: 30,
    labels: { a: 'b' },
    annotations: { c: 'd' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'r',
        uid: 'u2',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
    finalizers: ['example.com/f'],
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: T,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': {} },
        subresource: '',
      },
    ],
  },
  spec: {
    volumes,
    initContainers: [{ ...container, name: 'init' }],
    containers: [container],
    ephemeralContainers: [{ ...container, name: 'debug', targetContainerName: 'app' }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    activeDeadlineSeconds: 60,
    dnsPolicy: 'None',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'sa',
    serviceAccount: 'sa',
    automountServiceAccountToken: false,
    nodeName: 'n',
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    shareProcessNamespace: false,
    securityContext: {
      seLinuxOptions: securityContext.seLinuxOptions,
      windowsOptions: securityContext.windowsOptions,
      runAsUser: 1,
      runAsGroup: 1,
      runAsNonRoot: true,
      supplementalGroups: [1, 2],
      supplementalGroupsPolicy: 'Merge',
      fsGroup: 1,
      sysctls: [{ name: 'net.core.somaxconn', value: '1024' }],
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
      appArmorProfile: { type: 'RuntimeDefault' },
      seLinuxChangePolicy: 'MountOption',
    },
    imagePullSecrets: [{ name: 'reg' }],
    hostname: 'h',
    subdomain: 's',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeTerm] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: nodeTerm }],
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [podTerm],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: podTerm }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [podTerm],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: podTerm }],
      },
    },
    schedulerName: 'default-scheduler',
    tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 300 }],
    hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local'] }],
    priorityClassName: 'high',
    priority: 1000,
    dnsConfig: { nameservers: ['1.1.1.1'], searches: ['s'], options: [{ name: 'ndots', value: '2' }] },
    readinessGates: [{ conditionType: 'example.com/ready' }],
    runtimeClassName: 'runc',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    overhead: { cpu: '10m' },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: selector,
        minDomains: 1,
        nodeAffinityPolicy: 'Honor',
        nodeTaintsPolicy: 'Ignore',
        matchLabelKeys: ['pod-template-hash'],
      },
    ],
    setHostnameAsFQDN: false,
    os: { name: 'linux' },
    hostUsers: true,
    schedulingGates: [{ name: 'g' }],
    resourceClaims: [
      { name: 'gpu', resourceClaimTemplateName: 't' },
      { name: 'c', resourceClaimName: 'rc' },
    ],
    resources: { limits: { cpu: '2' } },
    hostnameOverride: 'o',
  },
  status: {
    observedGeneration: 1,
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        observedGeneration: 1,
        lastProbeTime: null,
        lastTransitionTime: T,
        reason: 'ContainersNotReady',
        message: 'm',
      },
    ],
    message: 'm',
    reason: 'r',
    nominatedNodeName: 'n2',
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.1.0.1',
    podIPs: [{ ip: '10.1.0.1' }, { ip: 'fd00::1' }],
    startTime: T,
    initContainerStatuses: [
      { ...containerStatus, name: 'init', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ],
    containerStatuses: [{ ...containerStatus, state: { running: { startedAt: T } } }, containerStatus],
    ephemeralContainerStatuses: [{ ...containerStatus, name: 'debug' }],
    qosClass: 'Burstable',
    resize: 'InProgress',
    resourceClaimStatuses: [{ name: 'gpu', resourceClaimName: 'p-gpu-x' }],
    extendedResourceClaimStatus: {
      resourceClaimName: 'p-extended',
      requestMappings: [{ containerName: 'app', resourceName: 'example.com/gpu', requestName: 'r' }],
    },
  },
};

const walk = (kind: string, obj: unknown) => {
  const copy = structuredClone(obj);
  const dropped = dropUnknownFields(copy, ALL_DEFINITIONS[`io.k8s.api.core.v1.${kind}`]!, ALL_DEFINITIONS);
  return { dropped, copy };
};

test('a pod using every field keeps every field', () => {
  const { dropped, copy } = walk('Pod', fullPod);
  assert.deepEqual(dropped, []);
  assert.deepEqual(copy, fullPod);
});

test('the pod status the kubelet generates keeps every field', () => {
  const pod = { ...(structuredClone(fullPod) as unknown as Pod), status: undefined };
  const status = generatePodStatus(
    pod,
    { id: 'sb', ips: ['10.1.0.1'], containers: [], sandboxes: [] } as never,
    {
      runtimeName: 'containerd',
      hostIPs: ['10.0.0.1'],
      nowMs: Date.parse(T),
      isReady: () => true,
      isStarted: () => true,
      waiting: new Map([['app', { reason: 'ImagePullBackOff', message: 'back-off' }]]),
    },
  );
  assert.ok(status.containerStatuses?.length);
  assert.deepEqual(walk('Pod', { ...pod, status }).dropped, []);
});

test('the node the kubelet registers keeps every field', () => {
  const node = nodeForRegistration(
    {
      nodeName: 'n',
      hostname: 'n',
      addresses: ['10.0.0.1'],
      kubeletPort: 10250,
      machine: {
        cpus: 2,
        memoryBytes: 2 ** 31,
        ephemeralStorageBytes: 2 ** 34,
        machineID: 'm',
        systemUUID: 's',
        bootID: 'b',
        kernelVersion: 'k',
        osImage: 'o',
        architecture: 'amd64',
      },
      maxPods: 110,
      reservations: { cpuMilli: 100, memoryBytes: 2 ** 20, ephemeralFraction: 0.1 },
      kubeletVersion: 'v1.31.0',
      runtimeVersion: 'containerd://1.7',
      images: [{ id: 'i', repoTags: ['busybox:latest'], repoDigests: ['busybox@sha256:1'], size: 1 }],
      nowMs: Date.parse(T),
    },
    { 'kubernetes.io/hostname': 'n' },
    [{ key: 'k', effect: 'NoSchedule' }],
  );
  const { dropped, copy } = walk('Node', node);
  assert.deepEqual(dropped, []);
  assert.deepEqual(copy, node);
});
