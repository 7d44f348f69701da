import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/types/pod.js';
import type { SandboxContext } from './sandbox_config.js';
import { podHostname, podSandboxConfig } from './sandbox_config.js';

const ctx: SandboxContext = {
  logRoot: '/var/log/pods',
  dns: { clusterDns: ['10.43.0.10'], clusterDomain: 'cluster.local', host: { servers: ['192.0.2.1'] } },
};

function pod(spec: Partial<Pod['spec']>, name = 'web-0'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns1', uid: 'u1' },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
  };
}

describe('podSandboxConfig', () => {
  it('names the sandbox host after the pod, or spec.hostname', () => {
    assert.equal(podSandboxConfig(pod({}), 0, ctx).hostname, 'web-0');
    assert.equal(podSandboxConfig(pod({ hostname: 'db' }), 0, ctx).hostname, 'db');
  });

  it('sets no hostname for a hostNetwork pod, which keeps the node UTS namespace', () => {
    const cfg = podSandboxConfig(pod({ hostNetwork: true }), 0, ctx);
    assert.equal(cfg.hostname, undefined);
    assert.equal(cfg.linux?.securityContext?.namespaceOptions?.network, 'NODE');
  });

  it('cuts a long pod name to 63 characters without a trailing dash, as upstream', () => {
    assert.equal(podHostname(pod({}, `${'a'.repeat(62)}-b`)), 'a'.repeat(62));
    assert.equal(podHostname(pod({}, 'ends-with-dash-')), 'ends-with-dash-');
  });
});
