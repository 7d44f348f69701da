import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Container } from '../../api/types/pod.js';
import type { PodVolumeSetup } from '../pod_sync.js';
import type { TestSources } from './test_helpers.js';
import { testPod, testSources } from './test_helpers.js';
import { VolumeManager } from './volume_manager.js';

describe('container mounts', () => {
  let src: TestSources;
  let setup: PodVolumeSetup;
  let podDir: string;
  let host: string;
  beforeEach(async () => {
    src = testSources();
    podDir = path.join(src.rootDir, 'pods', 'uid-1');
    host = path.join(src.rootDir, 'host');
    fs.mkdirSync(host);
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { 'app.conf': 'x' } });
    setup = await new VolumeManager(src).setUp(
      testPod([
        { name: 'data', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'host', hostPath: { path: host } },
      ]),
    );
  });
  afterEach(() => src.cleanup());

  const noTermination = (c: Partial<Container>): Container => ({
    name: 'app',
    terminationMessagePath: '',
    ...c,
  });
  const data = () => setup.paths.get('data')!;

  it('maps volumeMounts with readOnly and propagation; configMaps are always read-only', () => {
    const mounts = setup.mounts(
      noTermination({
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'data', mountPath: '/ro', readOnly: true },
          { name: 'cfg', mountPath: '/etc/app' },
          { name: 'host', mountPath: '/host', mountPropagation: 'HostToContainer' } as never,
        ],
      }),
      [],
      [],
    );
    assert.deepEqual(mounts, [
      { containerPath: '/data', hostPath: data(), readonly: false, propagation: 'PROPAGATION_PRIVATE' },
      { containerPath: '/ro', hostPath: data(), readonly: true, propagation: 'PROPAGATION_PRIVATE' },
      {
        containerPath: '/etc/app',
        hostPath: setup.paths.get('cfg'),
        readonly: true,
        propagation: 'PROPAGATION_PRIVATE',
      },
      {
        containerPath: '/host',
        hostPath: host,
        readonly: false,
        propagation: 'PROPAGATION_HOST_TO_CONTAINER',
      },
    ]);
  });

  it('Bidirectional needs a privileged container', () => {
    const vm = [{ name: 'host', mountPath: '/host', mountPropagation: 'Bidirectional' } as never];
    assert.throws(
      () => setup.mounts(noTermination({ volumeMounts: vm }), [], []),
      /Bidirectional mount propagation is available only to privileged containers/,
    );
    const m = setup.mounts(
      noTermination({ volumeMounts: vm, securityContext: { privileged: true } }),
      [],
      [],
    );
    assert.equal(m[0]!.propagation, 'PROPAGATION_BIDIRECTIONAL');
  });

  it('subPath mounts a (created) directory inside the volume', () => {
    const [m] = setup.mounts(
      noTermination({ volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'a/b' }] }),
      [],
      [],
    );
    assert.equal(m!.hostPath, path.join(data(), 'a/b'));
    assert.ok(fs.statSync(m!.hostPath).isDirectory());
    const [f] = setup.mounts(
      noTermination({ volumeMounts: [{ name: 'cfg', mountPath: '/c', subPath: 'app.conf' }] }),
      [],
      [],
    );
    assert.equal(fs.readFileSync(f!.hostPath, 'utf8'), 'x');
  });

  it('subPathExpr expands $(VAR) from the container env', () => {
    const c = noTermination({
      volumeMounts: [{ name: 'data', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)' } as never],
    });
    const [m] = setup.mounts(c, [{ key: 'POD_NAME', value: 'web-1' }], []);
    assert.equal(m!.hostPath, path.join(data(), 'logs/web-1'));
  });

  it('rejects subPaths that leave the volume', () => {
    const mount = (subPath: string) =>
      setup.mounts(noTermination({ volumeMounts: [{ name: 'data', mountPath: '/d', subPath }] }), [], []);
    assert.throws(() => mount('../x'), /must not contain '\.\.'/);
    assert.throws(() => mount('/etc'), /must be relative path/);
    fs.symlinkSync('/etc', path.join(data(), 'out'));
    assert.throws(() => mount('out'), /not within volume path/);
    assert.throws(() => mount('out/new'), /not within volume path/);
    assert.equal(fs.existsSync('/etc/new'), false);
  });

  it('an unknown volume throws', () => {
    assert.throws(
      () => setup.mounts(noTermination({ volumeMounts: [{ name: 'nope', mountPath: '/x' }] }), [], []),
      {
        message: 'cannot find volume "nope" to mount into container "app"',
      },
    );
  });

  it('mounts the managed /etc/hosts when the pod has IPs', () => {
    const mounts = setup.mounts(noTermination({}), [], ['10.1.0.4']);
    const hostsFile = path.join(podDir, 'etc-hosts');
    assert.deepEqual(mounts, [{ containerPath: '/etc/hosts', hostPath: hostsFile, readonly: false }]);
    const text = fs.readFileSync(hostsFile, 'utf8');
    assert.ok(text.startsWith('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n'));
    assert.ok(text.endsWith('10.1.0.4\tweb\n'));
  });

  it('no /etc/hosts for hostNetwork pods, pods without IPs, or containers mounting their own', async () => {
    assert.deepEqual(setup.mounts(noTermination({}), [], []), []);
    const own = setup.mounts(
      noTermination({ volumeMounts: [{ name: 'host', mountPath: '/etc/hosts' }] }),
      [],
      ['10.1.0.4'],
    );
    assert.deepEqual(
      own.map((m) => m.hostPath),
      [host],
    );
    const hostNet = await new VolumeManager(src).setUp(testPod([], { hostNetwork: true }, 'uid-2'));
    assert.deepEqual(hostNet.mounts(noTermination({}), [], ['192.168.1.2']), []);
  });

  it('mounts a fresh, writable, empty termination-message file per container start', () => {
    const c: Container = { name: 'app' };
    const [m1] = setup.mounts(c, [], []);
    const [m2] = setup.mounts({ ...c, terminationMessagePath: '/tmp/done' }, [], []);
    assert.equal(m1!.containerPath, '/dev/termination-log');
    assert.equal(m2!.containerPath, '/tmp/done');
    assert.equal(path.dirname(m1!.hostPath), path.join(podDir, 'containers/app'));
    assert.notEqual(m1!.hostPath, m2!.hostPath);
    assert.equal(m1!.readonly, false);
    const st = fs.statSync(m1!.hostPath);
    assert.equal(st.size, 0);
    assert.equal(st.mode & 0o777, 0o666);
  });
});
