import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from '../api/types/pod.js';
import { containerConfig, milliCpuToQuota, milliCpuToShares, oomScoreAdj } from './container_config.js';
import { containerHash } from './container_hash.js';
import { containerEnv, ContainerConfigError } from './container_env.js';
import type { EnvSources } from './container_env.js';

const GiB = 1024 ** 3;

function pod(c: Container, qos: 'Guaranteed' | 'Burstable' | 'BestEffort' = 'BestEffort'): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'x' } },
    spec: { containers: [c], securityContext: { runAsUser: 1000, fsGroup: 2000 } },
    status: { qosClass: qos },
  };
}

describe('cgroup resources', () => {
  const cases: [number, number, number][] = [
    [0, 2, 0],
    [1, 2, 1000],
    [100, 102, 10000],
    [250, 256, 25000],
    [1000, 1024, 100000],
    [2500, 2560, 250000],
  ];
  for (const [m, shares, quota] of cases) {
    it(`${m}m → shares ${shares}, quota ${quota}`, () => {
      assert.equal(milliCpuToShares(m), shares);
      assert.equal(milliCpuToQuota(m), quota);
    });
  }
  it('OOM score by QoS', () => {
    const c: Container = { name: 'a', resources: { requests: { memory: '1Gi' } } };
    assert.equal(oomScoreAdj(pod(c, 'Guaranteed'), c, 4 * GiB), -997);
    assert.equal(oomScoreAdj(pod(c, 'BestEffort'), c, 4 * GiB), 1000);
    assert.equal(oomScoreAdj(pod(c, 'Burstable'), c, 4 * GiB), 750);
  });
});

describe('containerConfig', () => {
  const c: Container = {
    name: 'web',
    image: 'busybox',
    command: ['sh', '-c'],
    args: ['echo $(GREETING) $(MISSING)'],
    workingDir: '/w',
    resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    securityContext: {
      readOnlyRootFilesystem: true,
      capabilities: { add: ['net_admin'], drop: ['ALL'] },
    } as Container['securityContext'],
    tty: true,
  };
  const cfg = containerConfig(pod(c, 'Burstable'), c, {
    restartCount: 2,
    imageRef: 'sha256:img',
    env: [{ key: 'GREETING', value: 'hi' }],
    mounts: [{ containerPath: '/data', hostPath: '/var/lib/x' }],
    namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' },
    memoryCapacity: 4 * GiB,
  });
  it('expands args with the env and keeps unknown references', () => {
    assert.deepEqual(cfg.args, ['echo hi $(MISSING)']);
    assert.deepEqual(cfg.command, ['sh', '-c']);
  });
  it('names, labels, annotations and the log path', () => {
    assert.deepEqual(cfg.metadata, { name: 'web', attempt: 2 });
    assert.equal(cfg.logPath, 'web/2.log');
    assert.equal(cfg.labels?.['io.kubernetes.container.name'], 'web');
    assert.equal(cfg.labels?.['io.kubernetes.pod.uid'], 'u1');
    assert.equal(cfg.annotations?.['io.kubernetes.container.restartCount'], '2');
    assert.equal(cfg.annotations?.['io.kubernetes.container.hash'], containerHash(c));
    assert.equal(cfg.annotations?.['io.kubernetes.container.terminationMessagePath'], '/dev/termination-log');
    assert.equal(cfg.image.image, 'sha256:img');
    assert.equal(cfg.tty, true);
  });
  it('resources and security context', () => {
    const r = cfg.linux!.resources!;
    assert.equal(r.cpuShares, 256);
    assert.equal(r.cpuQuota, 50000);
    assert.equal(r.cpuPeriod, 100000);
    assert.equal(r.memoryLimitInBytes, 128 * 1024 * 1024);
    const sc = cfg.linux!.securityContext!;
    assert.deepEqual(sc.runAsUser, { value: 1000 });
    assert.deepEqual(sc.supplementalGroups, [2000]);
    assert.equal(sc.readonlyRootfs, true);
    assert.deepEqual(sc.capabilities, { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['ALL'] });
    assert.ok(sc.maskedPaths!.includes('/proc/kcore'));
  });
  it('the hash ignores resources and key order', () => {
    assert.equal(
      containerHash({ name: 'a', image: 'x' }),
      containerHash({ image: 'x', name: 'a', resources: { limits: { cpu: '1' } } }),
    );
    assert.notEqual(containerHash({ name: 'a', image: 'x' }), containerHash({ name: 'a', image: 'y' }));
  });
});

describe('containerEnv', () => {
  const sources: EnvSources = {
    getConfigMap: (_ns, name) =>
      name === 'cfg' ? { metadata: { name }, data: { color: 'blue', 'bad key': 'x' } } : undefined,
    getSecret: (_ns, name) =>
      name === 'sec'
        ? { metadata: { name }, data: { password: Buffer.from('s3cret').toString('base64') } }
        : undefined,
    fieldRef: (p, path) => (path === 'metadata.name' ? (p.metadata.name ?? '') : ''),
    resourceFieldRef: () => '1',
  };
  const p = pod({ name: 'x' });
  it('orders service env, envFrom, env, and expands with earlier values', () => {
    const env = containerEnv(
      p,
      {
        name: 'x',
        envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'sec' } }],
        env: [
          { name: 'A', value: 'a' },
          { name: 'B', value: '$(A)-$(CFG_color)-$(KUBERNETES_SERVICE_HOST)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
          { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
        ],
      },
      sources,
      [{ key: 'KUBERNETES_SERVICE_HOST', value: '10.43.0.1' }],
    );
    const m = Object.fromEntries(env.map((e) => [e.key, e.value]));
    assert.equal(m.CFG_color, 'blue');
    assert.equal(m['CFG_bad key'], undefined);
    assert.equal(m.password, 's3cret');
    assert.equal(m.B, 'a-blue-10.43.0.1');
    assert.equal(m.POD, 'p');
    assert.equal(m.PW, 's3cret');
    assert.ok(!('OPT' in m));
    assert.equal(env[0]!.key, 'KUBERNETES_SERVICE_HOST');
  });
  const errors: [Container['env'], string][] = [
    [
      [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }],
      'configmap "nope" not found',
    ],
    [
      [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }],
      "couldn't find key k in ConfigMap ns/cfg",
    ],
    [[{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }], 'secret "nope" not found'],
    [
      [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }],
      "couldn't find key k in Secret ns/sec",
    ],
  ];
  for (const [env, msg] of errors) {
    it(`fails with: ${msg}`, () => {
      assert.throws(
        () => containerEnv(p, { name: 'x', env }, sources, []),
        (e: unknown) => e instanceof ContainerConfigError && e.message === msg,
      );
    });
  }
});
