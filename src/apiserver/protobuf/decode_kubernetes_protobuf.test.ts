import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_MAGIC } from './decode_kubernetes_protobuf.js';
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';
import { protobufMessageForKind } from './protobuf_kinds.js';
import { encodeEnvelope, encodeMessage } from './protobuf_test_encoding.js';

const CORE = 'k8s.io.api.core.v1';
/** 2026-01-02T03:04:05Z. */
const SECONDS = Date.UTC(2026, 0, 2, 3, 4, 5) / 1000;

/** ObjectMeta as gogo writes it: every value field present, zero or not. */
function meta(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    generateName: '',
    namespace: '',
    selfLink: '',
    uid: '',
    resourceVersion: '',
    generation: 0,
    creationTimestamp: {},
    ...extra,
  };
}

function decodeError(body: Uint8Array): KubernetesProtobufError {
  try {
    decodeKubernetesProtobuf(body);
  } catch (err) {
    assert.ok(
      err instanceof KubernetesProtobufError,
      `expected a KubernetesProtobufError, got ${String(err)}`,
    );
    return err;
  }
  assert.fail('expected the body to be refused');
}

test('a Namespace decodes to its JSON form; zero value fields are left out, the zero time is null', () => {
  const body = encodeEnvelope('v1', 'Namespace', `${CORE}.Namespace`, {
    metadata: meta('ns1', { labels: { team: 'a' }, creationTimestamp: { seconds: SECONDS, nanos: 7 } }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: '' },
  });
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: 'ns1', creationTimestamp: '2026-01-02T03:04:05Z', labels: { team: 'a' } },
    spec: { finalizers: ['kubernetes'] },
    status: {},
  });
  const bare = encodeEnvelope('v1', 'Namespace', `${CORE}.Namespace`, { metadata: meta('ns2') });
  assert.deepEqual(decodeKubernetesProtobuf(bare), {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: 'ns2', creationTimestamp: null },
  });
});

test('a ConfigMap keeps data, base64-encodes binaryData and keeps a pointer false', () => {
  const body = encodeEnvelope('v1', 'ConfigMap', `${CORE}.ConfigMap`, {
    metadata: meta('cm', { namespace: 'default' }),
    immutable: false,
    data: { 'app.conf': 'x=1\n', empty: '' },
    binaryData: { blob: Buffer.from([0, 1, 2, 255]) },
  });
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'cm', namespace: 'default', creationTimestamp: null },
    immutable: false,
    data: { 'app.conf': 'x=1\n', empty: '' },
    binaryData: { blob: 'AAEC/w==' },
  });
});

test('a Secret carries data as base64 and stringData as text', () => {
  const body = encodeEnvelope('v1', 'Secret', `${CORE}.Secret`, {
    metadata: meta('s', { annotations: { note: 'ü' } }),
    data: { password: Buffer.from('s3cr3t') },
    stringData: { user: 'admin' },
    type: 'Opaque',
  });
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: 's', creationTimestamp: null, annotations: { note: 'ü' } },
    data: { password: Buffer.from('s3cr3t').toString('base64') },
    stringData: { user: 'admin' },
    type: 'Opaque',
  });
});

test('a Deployment: replicas 0 kept, quantities, IntOrString, inlined structs, probes and volumes', () => {
  const container = {
    name: 'web',
    image: 'nginx:1.27',
    ports: [{ name: 'http', hostPort: 0, containerPort: 8080, protocol: 'TCP', hostIP: '' }],
    env: [
      { name: 'A', value: '1' },
      {
        name: 'B',
        value: '',
        valueFrom: { configMapKeyRef: { localObjectReference: { name: 'cm' }, key: 'k', optional: true } },
      },
    ],
    resources: {
      limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } },
      requests: { cpu: { string: '250m' } },
    },
    livenessProbe: {
      handler: {
        httpGet: { path: '/healthz', port: { type: 0, intVal: 8080, strVal: '' }, host: '', scheme: '' },
      },
      initialDelaySeconds: 3,
      timeoutSeconds: 0,
    },
    volumeMounts: [{ name: 'data', readOnly: false, mountPath: '/data', subPath: '' }],
    terminationMessagePath: '',
    imagePullPolicy: '',
    stdin: false,
  };
  const body = encodeEnvelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
    metadata: meta('web', { namespace: 'default', labels: { app: 'web' } }),
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: meta('', { labels: { app: 'web' } }),
        spec: {
          containers: [container],
          volumes: [
            { name: 'data', volumeSource: { emptyDir: { medium: '', sizeLimit: { string: '1Gi' } } } },
          ],
          restartPolicy: '',
          hostNetwork: false,
        },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxUnavailable: { type: 0, intVal: 0, strVal: '' },
          maxSurge: { type: 1, intVal: 0, strVal: '25%' },
        },
      },
      minReadySeconds: 0,
      paused: false,
    },
    status: {},
  });
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: null, labels: { app: 'web' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: true } } },
              ],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3 },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    },
    status: {},
  });
});

test('a Service: targetPort as a name or a number, nodePort 0 left out, port 0 kept (no omitempty)', () => {
  const port = (name: string, p: number, target: Record<string, unknown>) => ({
    name,
    protocol: 'TCP',
    port: p,
    targetPort: target,
    nodePort: 0,
  });
  const body = encodeEnvelope('v1', 'Service', `${CORE}.Service`, {
    metadata: meta('svc'),
    spec: {
      ports: [
        port('http', 80, { type: 1, intVal: 0, strVal: 'http' }),
        port('metrics', 9090, { type: 0, intVal: 9091, strVal: '' }),
        port('zero', 0, { type: 0, intVal: 0, strVal: '' }),
      ],
      selector: { app: 'web' },
      clusterIP: '',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'svc', creationTimestamp: null },
    spec: {
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
        { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9091 },
        { name: 'zero', protocol: 'TCP', port: 0, targetPort: 0 },
      ],
      selector: { app: 'web' },
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
});

test('a ClusterRole keeps empty strings inside lists and its aggregation rule', () => {
  const body = encodeEnvelope(
    'rbac.authorization.k8s.io/v1',
    'ClusterRole',
    'k8s.io.api.rbac.v1.ClusterRole',
    {
      metadata: meta('reader'),
      rules: [
        { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
    },
  );
  assert.deepEqual(decodeKubernetesProtobuf(body), {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    metadata: { name: 'reader', creationTimestamp: null },
    rules: [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ],
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
  });
});

test('DeleteOptions in any group version: gracePeriodSeconds 0 and preconditions kept', () => {
  const options = {
    gracePeriodSeconds: 0,
    preconditions: { uid: 'abc', resourceVersion: '' },
    propagationPolicy: 'Foreground',
    dryRun: ['All'],
  };
  for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
    const body = encodeEnvelope(
      apiVersion,
      'DeleteOptions',
      'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      options,
    );
    assert.deepEqual(decodeKubernetesProtobuf(body), {
      kind: 'DeleteOptions',
      apiVersion,
      gracePeriodSeconds: 0,
      preconditions: { uid: 'abc', resourceVersion: '' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  }
});

test('int64, MicroTime, FieldsV1, json_name, ExtraValue and value fields without omitempty', () => {
  const event = encodeEnvelope('v1', 'Event', `${CORE}.Event`, {
    metadata: meta('e', {
      deletionGracePeriodSeconds: 9007199254740991,
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: { seconds: SECONDS, nanos: 0 },
          fieldsType: 'FieldsV1',
          fieldsV1: { Raw: Buffer.from('{"f:metadata":{}}') },
          subresource: '',
        },
      ],
    }),
    involvedObject: { kind: 'Pod', name: 'p' },
    eventTime: { seconds: SECONDS, nanos: 123456789 },
    count: 0,
  });
  assert.deepEqual(decodeKubernetesProtobuf(event), {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: {
      name: 'e',
      creationTimestamp: null,
      deletionGracePeriodSeconds: 9007199254740991,
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-01-02T03:04:05Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': {} },
        },
      ],
    },
    involvedObject: { kind: 'Pod', name: 'p' },
    eventTime: '2026-01-02T03:04:05.123456Z',
  });

  const token = encodeEnvelope(
    'authentication.k8s.io/v1',
    'TokenRequest',
    'k8s.io.api.authentication.v1.TokenRequest',
    {
      metadata: meta(''),
      spec: {
        audiences: ['api'],
        expirationSeconds: 3600,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uID: 'u-1' },
      },
    },
  );
  assert.deepEqual(decodeKubernetesProtobuf(token), {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: {
      audiences: ['api'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' },
    },
  });

  const review = encodeEnvelope(
    'authorization.k8s.io/v1',
    'SubjectAccessReview',
    'k8s.io.api.authorization.v1.SubjectAccessReview',
    {
      metadata: meta(''),
      spec: { user: 'alice', extra: { scopes: { items: ['a', 'b'] } } },
      status: { allowed: false, denied: false, reason: '' },
    },
  );
  assert.deepEqual(decodeKubernetesProtobuf(review), {
    kind: 'SubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { user: 'alice', extra: { scopes: ['a', 'b'] } },
    status: { allowed: false },
  });

  const priority = encodeEnvelope(
    'scheduling.k8s.io/v1',
    'PriorityClass',
    'k8s.io.api.scheduling.v1.PriorityClass',
    {
      metadata: meta('zero'),
      value: 0,
      globalDefault: false,
      description: '',
    },
  );
  assert.deepEqual(decodeKubernetesProtobuf(priority), {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    metadata: { name: 'zero', creationTimestamp: null },
    value: 0,
  });
});

test('a RawExtension holds JSON or a nested protobuf object', () => {
  const nested = encodeEnvelope('v1', 'ConfigMap', `${CORE}.ConfigMap`, {
    metadata: meta('inner'),
    data: { a: 'b' },
  });
  for (const [raw, want] of [
    [Buffer.from('{"spec":{"replicas":2}}'), { spec: { replicas: 2 } }],
    [
      nested,
      {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { name: 'inner', creationTimestamp: null },
        data: { a: 'b' },
      },
    ],
  ] as const) {
    const body = encodeEnvelope('apps/v1', 'ControllerRevision', 'k8s.io.api.apps.v1.ControllerRevision', {
      metadata: meta('rev'),
      data: { raw },
      revision: 0,
    });
    assert.deepEqual(decodeKubernetesProtobuf(body), {
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: { name: 'rev', creationTimestamp: null },
      data: want,
      revision: 0,
    });
  }
});

test('malformed bodies are refused with a clear error, never a crash', () => {
  const good = encodeEnvelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
    metadata: meta('d', { labels: { app: 'd' } }),
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
  });
  assert.match(decodeError(Buffer.from('{"kind":"Namespace"}')).message, /prefix "k8s\\x00"/);
  assert.equal(decodeError(Buffer.alloc(0)).reason, 'Malformed');
  assert.equal(decodeError(KUBERNETES_PROTOBUF_MAGIC.slice(0, 3)).reason, 'Malformed');
  assert.match(decodeError(good.subarray(0, good.length - 5)).message, /invalid protobuf for/);
  assert.match(
    decodeError(Buffer.concat([KUBERNETES_PROTOBUF_MAGIC, Buffer.from([0xff, 0xff])])).message,
    /invalid protobuf/,
  );
  // Every truncation either still parses (cut between fields) or is refused as Malformed.
  for (let n = 0; n < good.length; n++) {
    try {
      decodeKubernetesProtobuf(good.subarray(0, n));
    } catch (err) {
      assert.ok(
        err instanceof KubernetesProtobufError && err.reason === 'Malformed',
        `cut at ${n}: ${String(err)}`,
      );
    }
  }
  // Random bytes after the prefix: decoded or refused, nothing else.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256;
  for (let i = 0; i < 300; i++) {
    const junk = Buffer.from(Array.from({ length: 1 + (i % 40) }, next));
    try {
      decodeKubernetesProtobuf(Buffer.concat([KUBERNETES_PROTOBUF_MAGIC, junk]));
    } catch (err) {
      assert.ok(err instanceof KubernetesProtobufError, `junk ${junk.toString('hex')}: ${String(err)}`);
    }
  }
  const noKind = Buffer.concat([
    KUBERNETES_PROTOBUF_MAGIC,
    encodeMessage('k8s.io.apimachinery.pkg.runtime.Unknown', { typeMeta: { apiVersion: 'v1', kind: '' } }),
  ]);
  assert.match(decodeError(noKind).message, /Kind' is missing/);
  const badIntOrString = encodeEnvelope(
    'policy/v1',
    'PodDisruptionBudget',
    'k8s.io.api.policy.v1.PodDisruptionBudget',
    {
      metadata: meta('p'),
      spec: { minAvailable: { type: 7 } },
    },
  );
  assert.match(decodeError(badIntOrString).message, /IntOrString/);
});

test('a kind without a protobuf schema is UnsupportedKind', () => {
  const body = encodeEnvelope('example.com/v1', 'Widget', `${CORE}.ConfigMap`, { metadata: meta('w') });
  const err = decodeError(body);
  assert.equal(err.reason, 'UnsupportedKind');
  assert.match(err.message, /"Widget" in version "example.com\/v1"/);
  assert.equal(protobufMessageForKind('v1', 'Deployment'), undefined);
});
