import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { customResourceDefinitionsResource } from './apiextensions.js';
import { hpaV2Resource } from './autoscaling.js';
import { certificateSigningRequestsResource } from './certificates.js';
import { endpointSlicesResource } from './discovery.js';
import { ingressesResource, networkPoliciesResource } from './networking.js';
import { runtimeClassesResource } from './node.js';
import { podDisruptionBudgetsResource } from './policy.js';
import { clusterRoleBindingsResource, rolesResource } from './rbac.js';
import { priorityClassesResource } from './scheduling.js';
import { storageClassesResource } from './storage.js';

const ctx = { user: 'jane' };
const o = (fields: Record<string, unknown>, name = 'x', meta: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, creationTimestamp: '2024-05-01T11:00:00Z', ...meta },
  ...fields,
});
const errors = (
  errs:
    ReturnType<NonNullable<ReturnType<typeof runtimeClassesResource>['strategy']['validate']>> | undefined,
) => (errs ?? []).map(fieldErrorText);

describe('group defaults and validation', () => {
  it('HPA v2 defaults min replicas and an 80% CPU target; checks bounds', () => {
    const def = hpaV2Resource();
    const hpa = o({
      apiVersion: 'autoscaling/v2',
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 0, minReplicas: 2 },
    });
    def.strategy.defaults?.(hpa);
    assert.deepEqual((hpa.spec as Record<string, unknown>).metrics, [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    assert.deepEqual(errors(def.strategy.validate?.(hpa)), [
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ]);
  });

  it('ingress paths need a path type and a backend port', () => {
    const def = ingressesResource();
    const ing = o({
      spec: {
        rules: [
          { host: '10.0.0.1', http: { paths: [{ path: 'api', backend: { service: { name: 'api' } } }] } },
        ],
      },
    });
    assert.deepEqual(errors(def.strategy.validate?.(ing)), [
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required',
    ]);
  });

  it('network policies default their policy types', () => {
    const def = networkPoliciesResource();
    const np = o({ spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } });
    def.strategy.defaults?.(np);
    assert.deepEqual((np.spec as Record<string, unknown>).policyTypes, ['Ingress', 'Egress']);
  });

  it('PDBs take one of minAvailable and maxUnavailable', () => {
    const def = podDisruptionBudgetsResource();
    const errs = errors(def.strategy.validate?.(o({ spec: { minAvailable: 1, maxUnavailable: 1 } })));
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  it('role rules need verbs; bindings default apiGroups and keep their roleRef', () => {
    assert.deepEqual(
      errors(rolesResource().strategy.validate?.(o({ rules: [{ apiGroups: [''], resources: ['pods'] }] }))),
      ['rules[0].verbs: Required value: verbs must contain at least one value'],
    );
    const def = clusterRoleBindingsResource();
    const crb = o({
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'ServiceAccount', name: 'ci' },
      ],
    });
    def.strategy.defaults?.(crb);
    assert.deepEqual(crb.roleRef, {
      kind: 'ClusterRole',
      name: 'view',
      apiGroup: 'rbac.authorization.k8s.io',
    });
    assert.deepEqual(errors(def.strategy.validate?.(crb)), ['subjects[1].namespace: Required value']);
    const changed = structuredClone(crb);
    (changed.roleRef as Record<string, unknown>).name = 'edit';
    assert.deepEqual(errors(def.strategy.validateUpdate?.(changed, crb)), [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });

  it('storage classes default their policies and refuse parameter changes', () => {
    const def = storageClassesResource();
    const sc = o({ provisioner: 'example.com/p', parameters: { a: '1' } });
    def.strategy.defaults?.(sc);
    assert.deepEqual([sc.reclaimPolicy, sc.volumeBindingMode], ['Delete', 'Immediate']);
    const next = { ...structuredClone(sc), parameters: { a: '2' } };
    assert.deepEqual(errors(def.strategy.validateUpdate?.(next, sc)), [
      'parameters: Forbidden: updates to parameters are forbidden.',
    ]);
  });

  it('CSRs record the requester and start without conditions', () => {
    const def = certificateSigningRequestsResource();
    const csr = o({
      spec: {
        username: 'mallory',
        groups: ['system:masters'],
        signerName: 'example.com/x',
        usages: ['client auth'],
        request: Buffer.from(
          '-----BEGIN CERTIFICATE REQUEST-----\nAA\n-----END CERTIFICATE REQUEST-----\n',
        ).toString('base64'),
      },
      status: { conditions: [{ type: 'Approved' }] },
    });
    def.strategy.prepareForCreate?.(csr, ctx);
    assert.equal((csr.spec as Record<string, unknown>).username, 'jane');
    assert.equal((csr.spec as Record<string, unknown>).groups, undefined);
    assert.deepEqual(csr.status, { conditions: [] });
    assert.deepEqual(def.strategy.validate?.(csr), []);
    assert.deepEqual(
      errors(
        def.strategy.validate?.(o({ spec: { request: 'aGk=', usages: ['client auth'], signerName: 'x' } })),
      ),
      [
        'spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST',
        'spec.signerName: Invalid value: "x": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
      ],
    );
  });

  it('priority classes reserve system- names and cap user values', () => {
    const def = priorityClassesResource();
    assert.deepEqual(errors(def.strategy.validate?.(o({ value: 2000000000 }, 'huge'))), [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    assert.deepEqual(errors(def.strategy.validate?.(o({ value: 1 }, 'system-mine'))), [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved",
    ]);
  });

  it('runtime classes need a DNS-label handler', () => {
    assert.deepEqual(errors(runtimeClassesResource().strategy.validate?.(o({}))), [
      'handler: Required value',
    ]);
  });

  it('endpoint slices need a known address type', () => {
    assert.deepEqual(
      errors(
        endpointSlicesResource().strategy.validate?.(
          o({ addressType: 'IPv5', endpoints: [{ addresses: [] }] }),
        ),
      ),
      [
        'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
        'endpoints[0].addresses: Required value: must contain at least 1 address',
      ],
    );
  });

  it('CRDs are named <plural>.<group> and have one storage version', () => {
    const def = customResourceDefinitionsResource();
    const crd = o(
      {
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets' },
          scope: 'Namespaced',
          versions: [
            { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
          ],
        },
      },
      'widgets.example.com',
    );
    def.strategy.prepareForCreate?.(crd, ctx);
    def.strategy.defaults?.(crd);
    assert.deepEqual(def.strategy.validate?.(crd), []);
    assert.deepEqual((crd.spec as { names: unknown }).names, {
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      listKind: 'WidgetList',
    });
    assert.deepEqual((crd.status as { storedVersions: unknown }).storedVersions, ['v1']);
    const bad = o(
      {
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: false }],
        },
      },
      'widget',
    );
    assert.deepEqual(errors(def.strategy.validate?.(bad)), [
      'metadata.name: Invalid value: "widget": must be spec.names.plural+"."+spec.group',
      'spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version',
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
    ]);
  });
});
