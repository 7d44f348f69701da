import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/types/pod.js';
import type { Service } from '../api/types/service.js';
import { podServiceEnv } from './service_env.js';

function svc(
  ns: string,
  name: string,
  ip: string,
  ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[],
): Service {
  return { metadata: { name, namespace: ns }, spec: { clusterIP: ip, ports } } as Service;
}

const services = [
  svc('default', 'kubernetes', '10.43.0.1', [{ name: 'https', port: 443 }]),
  svc('team', 'web-api', '10.43.5.5', [
    { name: 'http', port: 80 },
    { port: 53, protocol: 'UDP' },
  ]),
  svc('team', 'headless', 'None', [{ port: 80 }]),
  svc('other', 'db', '10.43.9.9', [{ port: 5432 }]),
];

function pod(links?: boolean): Pod {
  return { metadata: { name: 'p', namespace: 'team' }, spec: { containers: [], enableServiceLinks: links } };
}

describe('podServiceEnv', () => {
  it('gives the namespace services and kubernetes, as upstream names them', () => {
    const m = Object.fromEntries(podServiceEnv(pod(), services).map((e) => [e.key, e.value]));
    assert.equal(m.KUBERNETES_SERVICE_HOST, '10.43.0.1');
    assert.equal(m.KUBERNETES_SERVICE_PORT, '443');
    assert.equal(m.KUBERNETES_SERVICE_PORT_HTTPS, '443');
    assert.equal(m.KUBERNETES_PORT, 'tcp://10.43.0.1:443');
    assert.equal(m.KUBERNETES_PORT_443_TCP_ADDR, '10.43.0.1');
    assert.equal(m.WEB_API_SERVICE_HOST, '10.43.5.5');
    assert.equal(m.WEB_API_SERVICE_PORT_HTTP, '80');
    assert.equal(m.WEB_API_PORT_53_UDP, 'udp://10.43.5.5:53');
    assert.equal(m.WEB_API_PORT_53_UDP_PROTO, 'udp');
    assert.ok(!('HEADLESS_SERVICE_HOST' in m));
    assert.ok(!('DB_SERVICE_HOST' in m));
  });
  it('enableServiceLinks false keeps only kubernetes', () => {
    const keys = podServiceEnv(pod(false), services).map((e) => e.key);
    assert.ok(keys.every((k) => k.startsWith('KUBERNETES_')));
    assert.ok(keys.length > 0);
  });
});
