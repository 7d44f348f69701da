import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { hpaV1Resource, hpaV2Resource } from './autoscaling.js';
import { certificateSigningRequestsResource } from './certificates.js';
import { leasesResource } from './coordination.js';
import { endpointSlicesResource } from './discovery.js';
import { ingressClassesResource, ingressesResource, networkPoliciesResource } from './networking.js';
import { runtimeClassesResource } from './node.js';
import { podDisruptionBudgetsResource } from './policy.js';
import { roleBindingsResource } from './rbac.js';
import { priorityClassesResource } from './scheduling.js';
import {
  csiDriversResource,
  csiNodesResource,
  storageClassesResource,
  volumeAttachmentsResource,
} from './storage.js';

const now = new Date('2024-05-01T12:00:00Z');
const o = (fields: Record<string, unknown>, name = 'x', meta: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, creationTimestamp: '2024-05-01T11:00:00Z', ...meta },
  ...fields,
});
describe('group printers', () => {
  const cases: Array<{
    name: string;
    print: (o: KubeObject, now: Date) => unknown[];
    obj: KubeObject;
    cells: unknown[];
  }> = [
    {
      name: 'HPA v2 with a CPU target and a current value',
      print: hpaV2Resource().printRow,
      obj: o(
        {
          apiVersion: 'autoscaling/v2',
          spec: {
            scaleTargetRef: { kind: 'Deployment', name: 'web' },
            minReplicas: 1,
            maxReplicas: 5,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
              },
            ],
          },
          status: {
            currentReplicas: 2,
            currentMetrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '45m' } },
              },
            ],
          },
        },
        'web',
      ),
      cells: ['web', 'Deployment/web', 'cpu: 45%/80%', '1', 5, 2, '60m'],
    },
    {
      name: 'HPA v2, three metrics, one unknown yet',
      print: hpaV2Resource().printRow,
      obj: o(
        {
          apiVersion: 'autoscaling/v2',
          spec: {
            scaleTargetRef: { kind: 'Deployment', name: 'web' },
            maxReplicas: 3,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
              },
              {
                type: 'Pods',
                pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } },
              },
              {
                type: 'External',
                external: { metric: { name: 'q' }, target: { type: 'Value', value: '100' } },
              },
            ],
          },
        },
        'web',
      ),
      cells: [
        'web',
        'Deployment/web',
        'memory: <unknown>/500Mi, <unknown>/10 + 1 more...',
        '<unset>',
        3,
        0,
        '60m',
      ],
    },
    {
      name: 'HPA v1',
      print: hpaV1Resource().printRow,
      obj: o(
        {
          apiVersion: 'autoscaling/v1',
          spec: {
            scaleTargetRef: { kind: 'Deployment', name: 'web' },
            minReplicas: 2,
            maxReplicas: 10,
            targetCPUUtilizationPercentage: 50,
          },
          status: { currentReplicas: 2, currentCPUUtilizationPercentage: 12 },
        },
        'web',
      ),
      cells: ['web', 'Deployment/web', 'cpu: 12%/50%', '2', 10, 2, '60m'],
    },
    {
      name: 'ingress with TLS and a load balancer',
      print: ingressesResource().printRow,
      obj: o(
        {
          spec: {
            ingressClassName: 'traefik',
            rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }],
            tls: [{ hosts: ['a.example.com'] }],
          },
          status: { loadBalancer: { ingress: [{ ip: '10.0.0.5' }] } },
        },
        'web',
      ),
      cells: ['web', 'traefik', 'a.example.com,b.example.com', '10.0.0.5', '80, 443', '60m'],
    },
    {
      name: 'ingress without hosts or class',
      print: ingressesResource().printRow,
      obj: o({ spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }, 'web'),
      cells: ['web', '<none>', '*', '', '80', '60m'],
    },
    {
      name: 'ingress class',
      print: ingressClassesResource().printRow,
      obj: o(
        {
          spec: {
            controller: 'example.com/ingress',
            parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' },
          },
        },
        'nginx',
      ),
      cells: ['nginx', 'example.com/ingress', 'IngressParameters.k8s.example.com/p', '60m'],
    },
    {
      name: 'network policy',
      print: networkPoliciesResource().printRow,
      obj: o({ spec: { podSelector: { matchLabels: { app: 'db' } } } }, 'np'),
      cells: ['np', 'app=db', '60m'],
    },
    {
      name: 'network policy selecting every pod',
      print: networkPoliciesResource().printRow,
      obj: o({ spec: { podSelector: {} } }, 'np'),
      cells: ['np', '<none>', '60m'],
    },
    {
      name: 'pod disruption budget',
      print: podDisruptionBudgetsResource().printRow,
      obj: o({ spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, 'pdb'),
      cells: ['pdb', '50%', 'N/A', 1, '60m'],
    },
    {
      name: 'role binding',
      print: roleBindingsResource().printRow,
      obj: o(
        {
          roleRef: { kind: 'ClusterRole', name: 'view' },
          subjects: [
            { kind: 'User', name: 'jane' },
            { kind: 'Group', name: 'devs' },
            { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
            { kind: 'User', name: 'joe' },
          ],
        },
        'rb',
      ),
      cells: ['rb', 'ClusterRole/view', '60m', 'jane, joe', 'devs', 'build/ci'],
    },
    {
      name: 'default storage class',
      print: storageClassesResource().printRow,
      obj: o(
        { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
        'local-path',
        { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      ),
      cells: [
        'local-path (default)',
        'rancher.io/local-path',
        'Delete',
        'WaitForFirstConsumer',
        false,
        '60m',
      ],
    },
    {
      name: 'CSI driver',
      print: csiDriversResource().printRow,
      obj: o(
        { spec: { attachRequired: false, volumeLifecycleModes: ['Persistent', 'Ephemeral'] } },
        'csi.example.com',
      ),
      cells: ['csi.example.com', false, false, false, '<unset>', false, 'Persistent,Ephemeral', '60m'],
    },
    {
      name: 'CSI node',
      print: csiNodesResource().printRow,
      obj: o({ spec: { drivers: [{ name: 'a' }] } }, 'n1'),
      cells: ['n1', 1, '60m'],
    },
    {
      name: 'volume attachment',
      print: volumeAttachmentsResource().printRow,
      obj: o(
        {
          spec: { attacher: 'csi.example.com', source: { persistentVolumeName: 'pv1' }, nodeName: 'n1' },
          status: { attached: true },
        },
        'va',
      ),
      cells: ['va', 'csi.example.com', 'pv1', 'n1', true, '60m'],
    },
    {
      name: 'approved and issued CSR',
      print: certificateSigningRequestsResource().printRow,
      obj: o(
        {
          spec: {
            signerName: 'kubernetes.io/kube-apiserver-client',
            username: 'jane',
            expirationSeconds: 86400,
          },
          status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'QQ==' },
        },
        'csr-1',
      ),
      cells: ['csr-1', '60m', 'kubernetes.io/kube-apiserver-client', 'jane', '24h', 'Approved,Issued'],
    },
    {
      name: 'priority class',
      print: priorityClassesResource().printRow,
      obj: o({ value: 1000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }, 'high'),
      cells: ['high', 1000, false, '60m', 'PreemptLowerPriority'],
    },
    {
      name: 'lease',
      print: leasesResource().printRow,
      obj: o({ spec: { holderIdentity: 'n1' } }, 'n1'),
      cells: ['n1', 'n1', '60m'],
    },
    {
      name: 'runtime class',
      print: runtimeClassesResource().printRow,
      obj: o({ handler: 'runc' }, 'runc'),
      cells: ['runc', 'runc', '60m'],
    },
    {
      name: 'endpoint slice',
      print: endpointSlicesResource().printRow,
      obj: o(
        {
          addressType: 'IPv4',
          ports: [{ name: 'http', port: 80 }, { name: 'x' }],
          endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
        },
        'web-abc',
      ),
      cells: ['web-abc', 'IPv4', '80,x', '10.0.0.1,10.0.0.2', '60m'],
    },
    {
      name: 'endpoint slice without endpoints',
      print: endpointSlicesResource().printRow,
      obj: o({ addressType: 'IPv4' }, 'e'),
      cells: ['e', 'IPv4', '<unset>', '<unset>', '60m'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(c.print(c.obj, now), c.cells));
});
