import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { configMapsResource } from './core_configmaps.js';
import { endpointsResource } from './core_endpoints.js';
import { coreEventsResource, eventsV1Resource } from './core_events.js';
import { namespacesResource } from './core_namespaces.js';
import { nodesResource } from './core_nodes.js';
import { podTemplatesResource } from './core_podtemplates.js';
import { limitRangesResource, resourceQuotasResource } from './core_quota.js';
import { replicationControllersResource } from './core_replicationcontrollers.js';
import { secretsResource } from './core_secrets.js';
import { serviceAccountsResource } from './core_serviceaccounts.js';
import { persistentVolumeClaimsResource, persistentVolumesResource } from './core_volumes.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-04-30T12:00:00Z';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  creationTimestamp: created,
  ...extra,
});
const obj = (fields: Record<string, unknown>, name = 'x', m: Record<string, unknown> = {}): KubeObject => ({
  metadata: meta(name, m),
  ...fields,
});

describe('core printers', () => {
  const cases: Array<{
    name: string;
    print: (o: KubeObject, now: Date) => unknown[];
    obj: KubeObject;
    cells: unknown[];
  }> = [
    {
      name: 'Ready control-plane node',
      print: nodesResource().printRow,
      obj: obj(
        {
          spec: {},
          status: {
            conditions: [
              { type: 'MemoryPressure', status: 'False' },
              { type: 'Ready', status: 'True' },
            ],
            addresses: [
              { type: 'InternalIP', address: '192.168.1.10' },
              { type: 'Hostname', address: 'n1' },
            ],
            nodeInfo: {
              kubeletVersion: 'v1.30.0',
              osImage: 'Debian GNU/Linux 12',
              kernelVersion: '6.1.0',
              containerRuntimeVersion: 'containerd://1.7.13',
            },
          },
        },
        'n1',
        {
          labels: {
            'node-role.kubernetes.io/control-plane': '',
            'node-role.kubernetes.io/master': 'true',
            'kubernetes.io/role': 'etcd',
          },
        },
      ),
      cells: [
        'n1',
        'Ready',
        'control-plane,etcd,master',
        '24h',
        'v1.30.0',
        '192.168.1.10',
        '<none>',
        'Debian GNU/Linux 12',
        '6.1.0',
        'containerd://1.7.13',
      ],
    },
    {
      name: 'cordoned NotReady node without roles',
      print: nodesResource().printRow,
      obj: obj(
        { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
        'n2',
      ),
      cells: [
        'n2',
        'NotReady,SchedulingDisabled',
        '<none>',
        '24h',
        '',
        '<none>',
        '<none>',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    },
    {
      name: 'node that never reported',
      print: nodesResource().printRow,
      obj: obj({}, 'n3'),
      cells: [
        'n3',
        'Unknown',
        '<none>',
        '24h',
        '',
        '<none>',
        '<none>',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    },
    {
      name: 'namespace',
      print: namespacesResource().printRow,
      obj: obj({ status: { phase: 'Active' } }, 'dev'),
      cells: ['dev', 'Active', '24h'],
    },
    {
      name: 'configmap',
      print: configMapsResource().printRow,
      obj: obj({ data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, 'cfg'),
      cells: ['cfg', 3, '24h'],
    },
    {
      name: 'secret',
      print: secretsResource().printRow,
      obj: obj({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'QQ==', 'tls.key': 'Qg==' } }, 's'),
      cells: ['s', 'kubernetes.io/tls', 2, '24h'],
    },
    {
      name: 'service account',
      print: serviceAccountsResource().printRow,
      obj: obj({}, 'default'),
      cells: ['default', 0, '24h'],
    },
    {
      name: 'endpoints, more than three',
      print: endpointsResource().printRow,
      obj: obj(
        {
          subsets: [
            { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
          ],
        },
        'web',
      ),
      cells: ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...', '24h'],
    },
    {
      name: 'endpoints, none',
      print: endpointsResource().printRow,
      obj: obj({}, 'web'),
      cells: ['web', '<none>', '24h'],
    },
    {
      name: 'core event',
      print: coreEventsResource().printRow,
      obj: obj(
        {
          involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
          reason: 'Pulled',
          message: 'Successfully pulled image "nginx"\n',
          type: 'Normal',
          source: { component: 'kubelet', host: 'n1' },
          firstTimestamp: '2024-05-01T11:00:00Z',
          lastTimestamp: '2024-05-01T11:58:00Z',
          count: 4,
        },
        'web-1.17c',
      ),
      cells: [
        '2m',
        'Normal',
        'Pulled',
        'pod/web-1',
        'spec.containers{web}',
        'kubelet, n1',
        'Successfully pulled image "nginx"',
        '60m',
        4,
        'web-1.17c',
      ],
    },
    {
      name: 'events.k8s.io event with a series',
      print: eventsV1Resource().printRow,
      obj: {
        apiVersion: 'events.k8s.io/v1',
        metadata: meta('e'),
        eventTime: '2024-05-01T11:50:00.000000Z',
        series: { count: 7, lastObservedTime: '2024-05-01T11:59:30.000000Z' },
        regarding: { kind: 'Node', name: 'n1' },
        reportingController: 'kubelet',
        reportingInstance: 'n1',
        reason: 'Rebooted',
        note: 'Node rebooted',
        type: 'Warning',
      },
      cells: ['30s', 'Warning', 'Rebooted', 'node/n1', '', 'kubelet, n1', 'Node rebooted', '10m', 7, 'e'],
    },
    {
      name: 'bound PV',
      print: persistentVolumesResource().printRow,
      obj: obj(
        {
          spec: {
            capacity: { storage: '10Gi' },
            accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
            persistentVolumeReclaimPolicy: 'Retain',
            claimRef: { namespace: 'default', name: 'data' },
            storageClassName: 'local',
            volumeMode: 'Filesystem',
          },
          status: { phase: 'Bound' },
        },
        'pv1',
      ),
      cells: [
        'pv1',
        '10Gi',
        'RWO,RWX',
        'Retain',
        'Bound',
        'default/data',
        'local',
        '<unset>',
        '',
        '24h',
        'Filesystem',
      ],
    },
    {
      name: 'pending PVC',
      print: persistentVolumeClaimsResource().printRow,
      obj: obj(
        {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          status: { phase: 'Pending' },
        },
        'data',
      ),
      cells: ['data', 'Pending', '', '', '', '', '<unset>', '24h', '<unset>'],
    },
    {
      name: 'bound PVC',
      print: persistentVolumeClaimsResource().printRow,
      obj: obj(
        {
          spec: { volumeName: 'pv1', storageClassName: 'local', volumeMode: 'Filesystem' },
          status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
        },
        'data',
      ),
      cells: ['data', 'Bound', 'pv1', '10Gi', 'RWO', 'local', '<unset>', '24h', 'Filesystem'],
    },
    {
      name: 'resource quota',
      print: resourceQuotasResource().printRow,
      obj: obj(
        {
          status: {
            hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '4Gi' },
            used: { pods: '1', 'requests.cpu': '500m' },
          },
        },
        'q',
      ),
      cells: ['q', 'pods: 1/10, requests.cpu: 500m/2', 'limits.memory: 0/4Gi', '24h'],
    },
    {
      name: 'limit range (default table)',
      print: limitRangesResource().printRow,
      obj: obj({}, 'lr'),
      cells: ['lr', '2024-04-30T12:00:00Z'],
    },
    {
      name: 'replication controller',
      print: replicationControllersResource().printRow,
      obj: obj(
        {
          spec: {
            replicas: 3,
            selector: { app: 'web' },
            template: {
              spec: {
                containers: [
                  { name: 'a', image: 'nginx' },
                  { name: 'b', image: 'busybox' },
                ],
              },
            },
          },
          status: { replicas: 3, readyReplicas: 2 },
        },
        'rc',
      ),
      cells: ['rc', 3, 3, 2, '24h', 'a,b', 'nginx,busybox', 'app=web'],
    },
    {
      name: 'pod template',
      print: podTemplatesResource().printRow,
      obj: obj(
        {
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'a', image: 'nginx' }] },
          },
        },
        't',
      ),
      cells: ['t', 'a', 'nginx', 'app=web'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(c.print(c.obj, now), c.cells));
});
