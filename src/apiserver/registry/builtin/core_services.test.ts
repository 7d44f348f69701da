import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { servicesResource } from './core_services.js';

const def = servicesResource();
const ctx = { user: 'admin' };
const now = new Date('2024-05-01T12:00:00Z');

function svc(spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' },
    spec,
    ...(status ? { status } : {}),
  };
}

function created(spec: Record<string, unknown>): KubeObject {
  const obj = svc(structuredClone(spec));
  def.strategy.prepareForCreate?.(obj, ctx);
  def.strategy.defaults?.(obj);
  return obj;
}

describe('service defaults', () => {
  it('fills type, affinity, protocol, targetPort and traffic policies', () => {
    const obj = created({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    assert.deepEqual(obj.spec, {
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
    });
  });

  it('gives NodePort services an external traffic policy, and LoadBalancers node ports', () => {
    assert.equal(
      (created({ type: 'NodePort', ports: [{ port: 80 }] }).spec as Record<string, unknown>)
        .externalTrafficPolicy,
      'Cluster',
    );
    assert.equal(
      (created({ type: 'LoadBalancer', ports: [{ port: 80 }] }).spec as Record<string, unknown>)
        .allocateLoadBalancerNodePorts,
      true,
    );
  });

  it('defaults the ClientIP affinity timeout', () => {
    const spec = created({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }).spec as Record<
      string,
      unknown
    >;
    assert.deepEqual(spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  });

  it('copies clusterIP into clusterIPs for old clients', () => {
    const spec = created({ clusterIP: 'None', ports: [{ port: 80 }] }).spec as Record<string, unknown>;
    assert.deepEqual(spec.clusterIPs, ['None']);
  });
});

describe('service printer', () => {
  const cases: Array<{ name: string; obj: KubeObject; cells: unknown[] }> = [
    {
      name: 'NodePort service',
      obj: svc({
        type: 'NodePort',
        clusterIP: '10.43.0.10',
        clusterIPs: ['10.43.0.10'],
        selector: { app: 'web', tier: 'fe' },
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      }),
      cells: ['web', 'NodePort', '10.43.0.10', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=web,tier=fe'],
    },
    {
      name: 'pending LoadBalancer',
      obj: svc({
        type: 'LoadBalancer',
        clusterIPs: ['10.43.0.11'],
        ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
      }),
      cells: ['web', 'LoadBalancer', '10.43.0.11', '<pending>', '443:31443/TCP', '60m', '<none>'],
    },
    {
      name: 'LoadBalancer with ingress and external IPs',
      obj: svc(
        {
          type: 'LoadBalancer',
          clusterIPs: ['10.43.0.11'],
          externalIPs: ['1.2.3.4'],
          ports: [{ port: 443, protocol: 'TCP' }],
        },
        { loadBalancer: { ingress: [{ ip: '192.168.1.5' }, { hostname: 'lb.example.com' }] } },
      ),
      cells: [
        'web',
        'LoadBalancer',
        '10.43.0.11',
        '192.168.1.5,lb.example.com,1.2.3.4',
        '443/TCP',
        '60m',
        '<none>',
      ],
    },
    {
      name: 'headless service without ports',
      obj: svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      cells: ['web', 'ClusterIP', 'None', '<none>', '<none>', '60m', '<none>'],
    },
    {
      name: 'ExternalName',
      obj: svc({ type: 'ExternalName', externalName: 'db.example.com' }),
      cells: ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '60m', '<none>'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(def.printRow(c.obj, now), c.cells));

  it('has upstream columns', () => {
    assert.deepEqual(
      def.columns.map((c) => `${c.name}${c.priority ? '*' : ''}`),
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*'],
    );
  });
});

describe('service validation', () => {
  const errs = (spec: Record<string, unknown>) =>
    (def.strategy.validate?.(created(spec)) ?? []).map(fieldErrorText);
  const cases: Array<{ name: string; spec: Record<string, unknown>; errors: string[] }> = [
    { name: 'ports are required', spec: { selector: { app: 'x' } }, errors: ['spec.ports: Required value'] },
    { name: 'headless without ports is fine', spec: { clusterIP: 'None' }, errors: [] },
    {
      name: 'ExternalName without ports is fine',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      errors: [],
    },
    {
      name: 'ExternalName needs a name',
      spec: { type: 'ExternalName' },
      errors: ['spec.externalName: Required value'],
    },
    {
      name: 'port out of range, unknown type',
      spec: { type: 'Balanced', ports: [{ port: 0 }] },
      errors: [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.type: Unsupported value: "Balanced": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    },
    {
      name: 'several ports need names',
      spec: { ports: [{ port: 80 }, { port: 443 }] },
      errors: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'],
    },
    {
      name: 'nodePort on a ClusterIP service',
      spec: { ports: [{ port: 80, nodePort: 30000 }] },
      errors: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'duplicate port',
      spec: {
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      },
      errors: [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(errs(c.spec), c.errors));
});

describe('service updates', () => {
  const stored = () => {
    const obj = created({ type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] });
    const spec = obj.spec as Record<string, unknown>;
    spec.clusterIP = '10.43.0.10';
    spec.clusterIPs = ['10.43.0.10'];
    (spec.ports as Array<Record<string, unknown>>)[0]!.nodePort = 30080;
    obj.metadata.resourceVersion = '5';
    return obj;
  };

  it('keeps the allocated cluster IP and node port when a manifest omits them (kubectl apply)', () => {
    const old = stored();
    const next = svc({
      type: 'NodePort',
      selector: { app: 'web', v: '2' },
      ports: [{ name: 'http', port: 80 }],
    });
    def.strategy.prepareForUpdate?.(next, old, ctx);
    def.strategy.defaults?.(next);
    const spec = next.spec as Record<string, unknown>;
    assert.equal(spec.clusterIP, '10.43.0.10');
    assert.deepEqual(spec.clusterIPs, ['10.43.0.10']);
    assert.equal((spec.ports as Array<Record<string, unknown>>)[0]!.nodePort, 30080);
    assert.deepEqual(
      [...(def.strategy.validate?.(next) ?? []), ...(def.strategy.validateUpdate?.(next, old) ?? [])],
      [],
    );
  });

  it('refuses to change the cluster IP', () => {
    const old = stored();
    const next = structuredClone(old);
    const spec = next.spec as Record<string, unknown>;
    spec.clusterIP = '10.43.0.99';
    spec.clusterIPs = ['10.43.0.99'];
    assert.deepEqual((def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.43.0.99"}: may not change once set',
    ]);
  });

  it('drops node ports when switching to ClusterIP', () => {
    const old = stored();
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).type = 'ClusterIP';
    def.strategy.prepareForUpdate?.(next, old, ctx);
    const spec = next.spec as Record<string, unknown>;
    assert.equal((spec.ports as Array<Record<string, unknown>>)[0]!.nodePort, undefined);
    assert.equal(spec.externalTrafficPolicy, undefined);
    assert.deepEqual(def.strategy.validate?.(next), []);
  });
});
