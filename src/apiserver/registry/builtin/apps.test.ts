import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { controllerRevisionsResource } from './apps_controllerrevisions.js';
import { TEMPLATE_GENERATION_ANNOTATION, daemonSetsResource } from './apps_daemonsets.js';
import { deploymentsResource } from './apps_deployments.js';
import { replicaSetsResource } from './apps_replicasets.js';
import { statefulSetsResource } from './apps_statefulsets.js';

const ctx = { user: 'admin' };
const now = new Date('2024-05-01T12:00:00Z');
const template = (labels: Record<string, string> = { app: 'web' }) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
});

function workload(kind: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' },
    spec,
  };
}

describe('deployments', () => {
  const def = deploymentsResource();
  const create = (spec: Record<string, unknown>) => {
    const obj = workload('Deployment', structuredClone(spec));
    def.strategy.prepareForCreate?.(obj, ctx);
    def.strategy.defaults?.(obj);
    return obj;
  };
  const errors = (spec: Record<string, unknown>) =>
    (def.strategy.validate?.(create(spec)) ?? []).map(fieldErrorText);

  it('defaults replicas, strategy, history and deadline', () => {
    const spec = create({ selector: { matchLabels: { app: 'web' } }, template: template() }).spec as Record<
      string,
      unknown
    >;
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.strategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.progressDeadlineSeconds, 600);
    const pod = (spec.template as { spec: Record<string, unknown> }).spec;
    assert.equal(pod.restartPolicy, 'Always');
    assert.equal(pod.enableServiceLinks, undefined, 'pod-only defaults stay off templates');
  });

  const cases: Array<{ name: string; spec: Record<string, unknown>; errors: string[] }> = [
    { name: 'valid', spec: { selector: { matchLabels: { app: 'web' } }, template: template() }, errors: [] },
    {
      name: 'selector does not match the template labels',
      spec: { selector: { matchLabels: { app: 'x' } }, template: template({ app: 'web' }) },
      errors: [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'missing selector',
      spec: { template: template() },
      errors: [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'empty selector',
      spec: { selector: {}, template: template() },
      errors: [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    },
    {
      name: 'negative replicas',
      spec: { replicas: -1, selector: { matchLabels: { app: 'web' } }, template: template() },
      errors: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'template restartPolicy must be Always',
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          ...template(),
          spec: { restartPolicy: 'Never', containers: [{ name: 'web', image: 'x' }] },
        },
      },
      errors: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    },
    {
      name: 'container errors are reported under the template',
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { ...template(), spec: { containers: [{ name: 'web' }] } },
      },
      errors: ['spec.template.spec.containers[0].image: Required value'],
    },
    {
      name: 'both maxSurge and maxUnavailable zero',
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: template(),
        strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
      },
      errors: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'bad percentage',
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: template(),
        strategy: { rollingUpdate: { maxSurge: '25', maxUnavailable: '120%' } },
      },
      errors: [
        `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
      ],
    },
    {
      name: 'progress deadline not above minReadySeconds',
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: template(),
        minReadySeconds: 10,
        progressDeadlineSeconds: 10,
      },
      errors: ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(errors(c.spec), c.errors));

  it('refuses to change the selector', () => {
    const old = create({ selector: { matchLabels: { app: 'web' } }, template: template() });
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).selector = { matchLabels: { app: 'web', v: '2' } };
    assert.deepEqual((def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('prints NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR', () => {
    const obj = create({ replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template() });
    obj.status = { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    assert.deepEqual(def.printRow(obj, now), ['web', '2/3', 3, 2, '5m', 'web', 'nginx:1.25', 'app=web']);
    assert.deepEqual(
      def.columns.map((c) => `${c.name}${c.priority ? '*' : ''}`),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'],
    );
  });

  it('declares the scale subresource', () => {
    assert.deepEqual(def.scale, {
      specReplicasPath: 'spec.replicas',
      statusReplicasPath: 'status.replicas',
      labelSelectorPath: 'spec.selector',
    });
  });
});

describe('replica sets, stateful sets, daemon sets, revisions', () => {
  it('replica set printer and field selector', () => {
    const def = replicaSetsResource();
    const rs = workload('ReplicaSet', {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: template(),
    });
    rs.status = { replicas: 2, readyReplicas: 1 };
    assert.deepEqual(def.printRow(rs, now), ['web', 2, 2, 1, '5m', 'web', 'nginx:1.25', 'app=web']);
    assert.equal(def.fieldSelectors['status.replicas']?.(rs), '2');
  });

  it('stateful set defaults and printer', () => {
    const def = statefulSetsResource();
    const sts = workload('StatefulSet', {
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: template(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
    });
    def.strategy.defaults?.(sts);
    const spec = sts.spec as Record<string, unknown>;
    assert.equal(spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    assert.deepEqual((spec.volumeClaimTemplates as Array<Record<string, unknown>>)[0]!.status, {
      phase: 'Pending',
    });
    assert.deepEqual(def.strategy.validate?.(sts), []);
    sts.status = { readyReplicas: 1 };
    assert.deepEqual(def.printRow(sts, now), ['web', '1/1', '5m', 'web', 'nginx:1.25']);
  });

  it('stateful set updates may only touch some fields', () => {
    const def = statefulSetsResource();
    const old = workload('StatefulSet', { serviceName: 'web', replicas: 1 });
    const next = workload('StatefulSet', { serviceName: 'other', replicas: 3 });
    assert.deepEqual((def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('daemon sets keep the template generation annotation', () => {
    const def = daemonSetsResource();
    const ds = workload('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template() });
    def.strategy.prepareForCreate?.(ds, ctx);
    def.strategy.defaults?.(ds);
    assert.equal(ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION], '1');
    assert.deepEqual((ds.spec as Record<string, unknown>).updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    assert.deepEqual(def.strategy.validate?.(ds), []);
    const next = structuredClone(ds);
    delete next.metadata.annotations;
    (
      next.spec as { template: { spec: { containers: Array<{ image: string }> } } }
    ).template.spec.containers[0]!.image = 'nginx:2';
    def.strategy.prepareForUpdate?.(next, ds, ctx);
    assert.equal(next.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION], '2');
    ds.status = {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 2,
      updatedNumberScheduled: 3,
      numberAvailable: 2,
    };
    assert.deepEqual(def.printRow(ds, now), [
      'web',
      3,
      3,
      2,
      3,
      2,
      '<none>',
      '5m',
      'web',
      'nginx:1.25',
      'app=web',
    ]);
  });

  it('controller revisions print their controller', () => {
    const def = controllerRevisionsResource();
    const cr: KubeObject = {
      metadata: {
        name: 'web-5d8f',
        creationTimestamp: '2024-05-01T11:55:00Z',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true },
        ],
      },
      data: {},
      revision: 2,
    };
    assert.deepEqual(def.printRow(cr, now), ['web-5d8f', 'statefulset.apps/web', 2, '5m']);
    assert.deepEqual(
      (def.strategy.validate?.({ metadata: { name: 'x' }, revision: -1 }) ?? []).map(fieldErrorText),
      [
        'data: Required value: data is mandatory',
        'revision: Invalid value: -1: must be greater than or equal to 0',
      ],
    );
  });
});
