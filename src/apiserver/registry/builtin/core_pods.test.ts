import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { podGracePeriod, podsResource } from './core_pods.js';
import { defaultPullPolicy } from '../../../api/pod_defaults.js';
import { computePodQOS } from './pod_qos.js';

const def = podsResource();
const ctx = { user: 'admin' };

function pod(spec: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec, ...extra };
}

/** Runs the create path of the strategy and returns the error texts. */
function createErrors(spec: Record<string, unknown>): string[] {
  const obj = pod(structuredClone(spec));
  def.strategy.prepareForCreate?.(obj, ctx);
  def.strategy.defaults?.(obj);
  return (def.strategy.validate?.(obj) ?? []).map(fieldErrorText);
}

describe('pod defaults', () => {
  it('fills what upstream fills', () => {
    const obj = pod({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    def.strategy.prepareForCreate?.(obj, ctx);
    def.strategy.defaults?.(obj);
    assert.deepEqual(obj.spec, {
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      enableServiceLinks: true,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
    assert.deepEqual(obj.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  const pullCases: Array<[string, string]> = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    ['busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
  ];
  for (const [image, policy] of pullCases) {
    it(`imagePullPolicy of ${image} is ${policy}`, () => assert.equal(defaultPullPolicy(image), policy));
  }

  it('defaults requests from limits, which makes the pod Guaranteed', () => {
    const obj = pod({
      containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    });
    def.strategy.prepareForCreate?.(obj, ctx);
    const c = (obj.spec as { containers: Array<{ resources: unknown }> }).containers[0]!;
    assert.deepEqual(c.resources, {
      limits: { cpu: '1', memory: '1Gi' },
      requests: { cpu: '1', memory: '1Gi' },
    });
    assert.equal((obj.status as { qosClass: string }).qosClass, 'Guaranteed');
  });

  it('computes Burstable when requests are below limits', () => {
    const spec = {
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m' }, limits: { cpu: '1', memory: '1Gi' } } },
      ],
    };
    assert.equal(computePodQOS(spec), 'Burstable');
  });

  it('marks a gated pod SchedulingGated', () => {
    const obj = pod({
      containers: [{ name: 'a', image: 'x' }],
      schedulingGates: [{ name: 'example.com/wait' }],
    });
    def.strategy.prepareForCreate?.(obj, ctx);
    const conditions = (obj.status as { conditions: Array<{ reason: string }> }).conditions;
    assert.equal(conditions[0]!.reason, 'SchedulingGated');
  });
});

describe('pod validation', () => {
  const cases: Array<{ name: string; spec: Record<string, unknown>; errors: string[] }> = [
    { name: 'no containers', spec: { containers: [] }, errors: ['spec.containers: Required value'] },
    {
      name: 'container without name and image',
      spec: { containers: [{}] },
      errors: ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value'],
    },
    {
      name: 'container name not a DNS label',
      spec: { containers: [{ name: 'Web_1', image: 'x' }] },
      errors: [
        `spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    },
    {
      name: 'duplicate container names',
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'a', image: 'y' },
        ],
      },
      errors: ['spec.containers[1].name: Duplicate value: "a"'],
    },
    {
      name: 'port out of range',
      spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
      errors: [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'bad port name and protocol',
      spec: {
        containers: [
          { name: 'a', image: 'x', ports: [{ name: 'HTTP', containerPort: 80, protocol: 'HTTP' }] },
        ],
      },
      errors: [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'unknown restartPolicy',
      spec: { containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Sometimes' },
      errors: [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    },
    {
      name: 'requests above limits',
      spec: {
        containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }],
      },
      errors: [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    },
    {
      name: 'mount of an undeclared volume',
      spec: { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      errors: ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    },
    {
      name: 'volume without a source gets emptyDir; duplicate volume names are reported',
      spec: { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'v' }, { name: 'v' }] },
      errors: ['spec.volumes[1].name: Duplicate value: "v"'],
    },
    {
      name: 'negative resource quantity',
      spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { memory: '-1Gi' } } }] },
      errors: [
        'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
        'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
      ],
    },
    {
      name: 'toleration with empty key needs Exists',
      spec: { containers: [{ name: 'a', image: 'x' }], tolerations: [{ operator: 'Equal', value: 'x' }] },
      errors: [
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ],
    },
    {
      name: 'a minimal valid pod',
      spec: { containers: [{ name: 'a', image: 'x' }] },
      errors: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(createErrors(c.spec), c.errors));
  }

  it('rejects a non-standard finalizer without a domain', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'x' }] });
    obj.metadata.finalizers = ['mine'];
    def.strategy.defaults?.(obj);
    assert.deepEqual((def.strategy.validate?.(obj) ?? []).map(fieldErrorText), [
      'metadata.finalizers[0]: Invalid value: "mine": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('pod updates', () => {
  const base = () => {
    const obj = pod({ containers: [{ name: 'a', image: 'nginx:1' }], nodeName: 'n1' });
    def.strategy.defaults?.(obj);
    return obj;
  };

  it('allows an image change', () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { containers: Array<{ image: string }> }).containers[0]!.image = 'nginx:2';
    assert.deepEqual(def.strategy.validateUpdate?.(next, old), []);
  });

  it('forbids other changes with upstream text', () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).nodeName = 'n2';
    const errs = (def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText);
    assert.equal(errs.length, 1);
    assert.ok(
      errs[0]!.startsWith(
        'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
      ),
    );
    assert.match(errs[0]!, /- \tNodeName: "n1",\n\+ \tNodeName: "n2",/);
  });

  it('forbids adding containers', () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { containers: unknown[] }).containers.push({ name: 'b', image: 'x' });
    assert.deepEqual((def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText), [
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('allows adding a toleration but not changing one', () => {
    const old = base();
    (old.spec as Record<string, unknown>).tolerations = [{ key: 'a', operator: 'Exists' }];
    const added = structuredClone(old);
    (added.spec as { tolerations: unknown[] }).tolerations.push({ key: 'b', operator: 'Exists' });
    assert.deepEqual(def.strategy.validateUpdate?.(added, old), []);
    const changed = structuredClone(old);
    (changed.spec as { tolerations: unknown[] }).tolerations = [{ key: 'c', operator: 'Exists' }];
    assert.deepEqual((def.strategy.validateUpdate?.(changed, old) ?? []).map(fieldErrorText), [
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });
});

describe('pod grace period', () => {
  const cases: Array<{
    name: string;
    spec: Record<string, unknown>;
    status?: Record<string, unknown>;
    requested?: number;
    want: number;
  }> = [
    { name: 'unscheduled pods go at once', spec: { terminationGracePeriodSeconds: 30 }, want: 0 },
    {
      name: 'scheduled pods wait their grace period',
      spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 },
      want: 30,
    },
    {
      name: 'the requested period wins',
      spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 },
      requested: 5,
      want: 5,
    },
    {
      name: 'finished pods go at once',
      spec: { nodeName: 'n', terminationGracePeriodSeconds: 30 },
      status: { phase: 'Succeeded' },
      want: 0,
    },
    { name: 'a negative request becomes 1', spec: { nodeName: 'n' }, requested: -3, want: 1 },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.equal(podGracePeriod(pod(c.spec, c.status ? { status: c.status } : {}), c.requested), c.want),
    );
  }
});
