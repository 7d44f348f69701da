import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { mountPoints } from './mounter.js';
import type { TestSources } from './test_helpers.js';
import { testPod, testSources } from './test_helpers.js';
import { tmpfsSize, VolumeManager, volumeType } from './volume_manager.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('VolumeManager', () => {
  let src: TestSources;
  let vm: VolumeManager;
  let podDir: string;
  beforeEach(() => {
    src = testSources();
    vm = new VolumeManager(src);
    podDir = path.join(src.rootDir, 'pods', 'uid-1');
  });
  afterEach(() => src.cleanup());

  it('emptyDir: a 0777 directory under kubernetes.io~empty-dir', async () => {
    const setup = await vm.setUp(testPod([{ name: 'scratch', emptyDir: {} }]));
    const dir = path.join(podDir, 'volumes/kubernetes.io~empty-dir/scratch');
    assert.equal(setup.paths.get('scratch'), dir);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o777);
    fs.writeFileSync(path.join(dir, 'kept'), 'x');
    await vm.setUp(testPod([{ name: 'scratch', emptyDir: {} }]));
    assert.equal(fs.readFileSync(path.join(dir, 'kept'), 'utf8'), 'x');
  });

  it('emptyDir medium Memory: a tmpfs with the sizeLimit, unmounted on tearDown', async () => {
    const pod = testPod([{ name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]);
    const setup = await vm.setUp(pod);
    const dir = setup.paths.get('mem')!;
    const line = fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .find((l) => l.split(' ')[4] === dir);
    assert.ok(line, 'tmpfs mounted');
    assert.match(line, / - tmpfs tmpfs /);
    assert.match(line, /size=16384k/);
    await vm.setUp(pod); // idempotent: not mounted twice
    assert.equal(mountPoints().filter((m) => m === dir).length, 1);
    await vm.tearDown('uid-1');
    assert.equal(mountPoints().includes(dir), false);
    assert.equal(fs.existsSync(podDir), false);
  });

  it('emptyDir with an unsupported medium fails', async () => {
    await assert.rejects(vm.setUp(testPod([{ name: 'h', emptyDir: { medium: 'HugePages' } }])), {
      message: 'MountVolume.SetUp failed for volume "h" : unsupported emptyDir medium "HugePages"',
    });
  });

  it('hostPath: the path itself, with type checks', async () => {
    const host = path.join(src.rootDir, 'host');
    const setup = await vm.setUp(
      testPod([{ name: 'h', hostPath: { path: host, type: 'DirectoryOrCreate' } }]),
    );
    assert.equal(setup.paths.get('h'), host);
    assert.ok(fs.statSync(host).isDirectory());
    await assert.rejects(vm.setUp(testPod([{ name: 'f', hostPath: { path: host, type: 'File' } }])), {
      message: `MountVolume.SetUp failed for volume "f" : hostPath type check failed: ${host} is not a file`,
    });
  });

  it('fsGroup: emptyDir and configMap volumes take the group; hostPath ones do not', async () => {
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { a: '1' } });
    const host = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-hostpath-'));
    try {
      const pod = testPod(
        [
          { name: 'scratch', emptyDir: {} },
          { name: 'c', configMap: { name: 'cfg', defaultMode: 0o600 } },
          { name: 'h', hostPath: { path: host } },
        ],
        { securityContext: { fsGroup: 3456 } },
      );
      const setup = await vm.setUp(pod);
      const scratch = setup.paths.get('scratch')!;
      assert.equal(fs.statSync(scratch).gid, 3456);
      assert.equal(fs.statSync(scratch).mode & 0o2000, 0o2000, 'setgid: new files get the group');
      const file = path.join(setup.paths.get('c')!, 'a');
      assert.equal(fs.statSync(file).gid, 3456);
      assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'read-only volumes: group read');
      assert.equal(fs.statSync(host).gid, 0);
    } finally {
      fs.rmSync(host, { recursive: true, force: true });
    }
  });

  it('configMap: files, defaultMode, and an atomic update when the data changes', async () => {
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { a: '1', old: 'o' } });
    const pod = testPod([{ name: 'c', configMap: { name: 'cfg', defaultMode: 0o600 } }]);
    const dir = (await vm.setUp(pod)).paths.get('c')!;
    assert.equal(dir, path.join(podDir, 'volumes/kubernetes.io~configmap/c'));
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '1');
    assert.equal(fs.readlinkSync(path.join(dir, 'a')), '..data/a');
    assert.equal(fs.statSync(path.join(dir, 'a')).mode & 0o777, 0o600);
    const before = fs.readlinkSync(path.join(dir, '..data'));

    await vm.setUp(pod); // unchanged: nothing rewritten
    assert.equal(fs.readlinkSync(path.join(dir, '..data')), before);

    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { a: '2', added: 'n' } });
    await vm.setUp(pod);
    const after = fs.readlinkSync(path.join(dir, '..data'));
    assert.notEqual(after, before);
    assert.equal(fs.existsSync(path.join(dir, before)), false);
    assert.equal(fs.readFileSync(path.join(dir, 'a'), 'utf8'), '2');
    assert.equal(fs.readFileSync(path.join(dir, 'added'), 'utf8'), 'n');
    assert.equal(fs.existsSync(path.join(dir, 'old')), false);
  });

  it('configMap: items, modes, optional and errors', async () => {
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { a: '1', b: '2' } });
    const items = [{ key: 'a', path: 'sub/x.conf', mode: 0o400 }];
    const dir = (await vm.setUp(testPod([{ name: 'c', configMap: { name: 'cfg', items } }]))).paths.get('c')!;
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => !n.startsWith('..')),
      ['sub'],
    );
    assert.equal(fs.readFileSync(path.join(dir, 'sub/x.conf'), 'utf8'), '1');
    assert.equal(fs.statSync(path.join(dir, 'sub/x.conf')).mode & 0o777, 0o400);

    const missing = testPod([{ name: 'm', configMap: { name: 'nope', optional: true } }]);
    const empty = (await vm.setUp(missing)).paths.get('m')!;
    assert.deepEqual(
      fs.readdirSync(empty).filter((n) => !n.startsWith('..')),
      [],
    );

    await assert.rejects(vm.setUp(testPod([{ name: 'm', configMap: { name: 'nope' } }])), {
      message: 'MountVolume.SetUp failed for volume "m" : configmap "nope" not found',
    });
    await assert.rejects(
      vm.setUp(testPod([{ name: 'k', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } }])),
      {
        message: 'MountVolume.SetUp failed for volume "k" : configmap references non-existent config key: zz',
      },
    );
    const opt = testPod([
      { name: 'k', configMap: { name: 'cfg', optional: true, items: [{ key: 'zz', path: 'z' }] } },
    ]);
    await vm.setUp(opt);
  });

  it('secret: decoded files under kubernetes.io~secret; a missing secret is an error', async () => {
    src.secrets.set('ns1/s', { metadata: { name: 's' }, data: { password: b64('hunter2') } });
    const dir = (await vm.setUp(testPod([{ name: 's', secret: { secretName: 's' } }]))).paths.get('s')!;
    assert.equal(dir, path.join(podDir, 'volumes/kubernetes.io~secret/s'));
    assert.equal(fs.readFileSync(path.join(dir, 'password'), 'utf8'), 'hunter2');
    assert.equal(fs.statSync(path.join(dir, 'password')).mode & 0o777, 0o644);
    await assert.rejects(vm.setUp(testPod([{ name: 'x', secret: { secretName: 'gone' } }])), {
      message: 'MountVolume.SetUp failed for volume "x" : secret "gone" not found',
    });
  });

  it('downwardAPI: fields and resources, updated when labels change', async () => {
    src.routes.set('GET /api/v1/nodes/node1', {
      metadata: { name: 'node1' },
      status: { allocatable: { cpu: '2' } },
    });
    const vol = {
      name: 'info',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
          { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
        ],
      },
    };
    const pod = testPod([vol]);
    const dir = (await vm.setUp(pod)).paths.get('info')!;
    assert.equal(dir, path.join(podDir, 'volumes/kubernetes.io~downward-api/info'));
    assert.equal(fs.readFileSync(path.join(dir, 'labels'), 'utf8'), 'app="web"');
    assert.equal(fs.readFileSync(path.join(dir, 'name'), 'utf8'), 'web');
    assert.equal(fs.readFileSync(path.join(dir, 'cpu'), 'utf8'), '2000');
    pod.metadata.labels = { app: 'web', tier: 'front' };
    await vm.setUp(pod);
    assert.equal(fs.readFileSync(path.join(dir, 'labels'), 'utf8'), 'app="web"\ntier="front"');
  });

  it('projected: configMap, secret, downwardAPI and a service account token', async () => {
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { 'ca.crt': 'CA' } });
    src.secrets.set('ns1/s', { metadata: { name: 's' }, data: { key: b64('K') } });
    src.routes.set('POST /api/v1/namespaces/ns1/serviceaccounts/default/token', {
      status: { token: 'jwt', expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() },
    });
    const pod = testPod([
      {
        name: 'proj',
        projected: {
          defaultMode: 0o640,
          sources: [
            { configMap: { name: 'cfg' } },
            { secret: { name: 's', items: [{ key: 'key', path: 'tls/key' }] } },
            {
              downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] },
            },
            { serviceAccountToken: { path: 'token', audience: 'vault' } },
          ],
        },
      },
    ]);
    const dir = (await vm.setUp(pod)).paths.get('proj')!;
    assert.equal(dir, path.join(podDir, 'volumes/kubernetes.io~projected/proj'));
    const read = (p: string) => fs.readFileSync(path.join(dir, p), 'utf8');
    assert.deepEqual(
      [read('ca.crt'), read('tls/key'), read('namespace'), read('token')],
      ['CA', 'K', 'ns1', 'jwt'],
    );
    assert.equal(fs.statSync(path.join(dir, 'token')).mode & 0o777, 0o640);
    const post = src.calls.find((c) => c.method === 'POST')!;
    assert.deepEqual((post.body as { spec: unknown }).spec, {
      audiences: ['vault'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'uid-1' },
    });
  });

  it('projected: a token the API cannot issue fails setUp with the API error', async () => {
    const pod = testPod([
      { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
    ]);
    await assert.rejects(vm.setUp(pod), {
      message:
        'MountVolume.SetUp failed for volume "tok" : failed to fetch token: the server could not find the requested resource',
    });
  });

  it('persistentVolumeClaim: the path of a bound hostPath or local PV', async () => {
    const host = path.join(src.rootDir, 'pv-data');
    fs.mkdirSync(host);
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/data', {
      metadata: { uid: 'claim-1' },
      spec: { volumeName: 'pv1' },
      status: { phase: 'Bound' },
    });
    src.routes.set('GET /api/v1/persistentvolumes/pv1', {
      spec: { claimRef: { uid: 'claim-1' }, hostPath: { path: host } },
    });
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/loc', {
      metadata: { uid: 'claim-2' },
      spec: { volumeName: 'pv2' },
      status: { phase: 'Bound' },
    });
    src.routes.set('GET /api/v1/persistentvolumes/pv2', {
      spec: { claimRef: { uid: 'claim-2' }, local: { path: host } },
    });
    const setup = await vm.setUp(
      testPod([
        { name: 'd', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
        { name: 'l', persistentVolumeClaim: { claimName: 'loc' } },
      ]),
    );
    assert.equal(setup.paths.get('d'), host);
    assert.equal(setup.paths.get('l'), host);
    const mounts = setup.mounts(
      { name: 'app', volumeMounts: [{ name: 'd', mountPath: '/d' }], terminationMessagePath: '' },
      [],
      [],
    );
    assert.deepEqual(mounts, [
      { containerPath: '/d', hostPath: host, readonly: true, propagation: 'PROPAGATION_PRIVATE' },
    ]);
  });

  it('persistentVolumeClaim: unbound, missing and unsupported claims fail', async () => {
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/pending', {
      status: { phase: 'Pending' },
    });
    await assert.rejects(
      vm.setUp(testPod([{ name: 'p', persistentVolumeClaim: { claimName: 'pending' } }])),
      {
        message:
          'MountVolume.SetUp failed for volume "p" : error processing PVC ns1/pending: PVC is not bound',
      },
    );
    await assert.rejects(vm.setUp(testPod([{ name: 'p', persistentVolumeClaim: { claimName: 'nope' } }])), {
      message:
        'MountVolume.SetUp failed for volume "p" : error processing PVC ns1/nope: failed to fetch PVC from API server: the server could not find the requested resource',
    });
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/nfs', {
      metadata: { uid: 'c3' },
      spec: { volumeName: 'pv3' },
      status: { phase: 'Bound' },
    });
    src.routes.set('GET /api/v1/persistentvolumes/pv3', {
      spec: { claimRef: { uid: 'c3' }, capacity: { storage: '1Gi' }, nfs: { server: 's', path: '/' } },
    });
    await assert.rejects(
      vm.setUp(testPod([{ name: 'p', persistentVolumeClaim: { claimName: 'nfs' } }])),
      /no volume plugin matched: PV pv3 has source nfs/,
    );
  });

  it('ephemeral: the claim <pod>-<volume>, which the pod must control', async () => {
    const host = path.join(src.rootDir, 'eph');
    fs.mkdirSync(host);
    const claim = (owner: string) => ({
      metadata: { uid: 'c9', ownerReferences: [{ uid: owner, controller: true }] },
      spec: { volumeName: 'pv9' },
      status: { phase: 'Bound' },
    });
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/web-scratch', claim('uid-1'));
    src.routes.set('GET /api/v1/persistentvolumes/pv9', {
      spec: { claimRef: { uid: 'c9' }, hostPath: { path: host } },
    });
    const pod = testPod([{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }]);
    assert.equal((await vm.setUp(pod)).paths.get('scratch'), host);
    src.routes.set('GET /api/v1/namespaces/ns1/persistentvolumeclaims/web-scratch', claim('someone-else'));
    await assert.rejects(vm.setUp(pod), {
      message:
        'MountVolume.SetUp failed for volume "scratch" : PVC ns1/web-scratch was not created for pod ns1/web (pod is not owner)',
    });
  });

  it('an unsupported volume type fails naming the type', async () => {
    await assert.rejects(vm.setUp(testPod([{ name: 'n', nfs: { server: 'x', path: '/' } }])), {
      message: 'MountVolume.SetUp failed for volume "n" : volume type "nfs" is not supported by this kubelet',
    });
  });

  it('tearDown removes the pod directory without following symlinks or touching hostPath contents', async () => {
    const host = path.join(src.rootDir, 'host');
    fs.mkdirSync(host);
    fs.writeFileSync(path.join(host, 'keep'), 'precious');
    src.configMaps.set('ns1/cfg', { metadata: { name: 'cfg' }, data: { a: '1' } });
    const pod = testPod([
      { name: 'h', hostPath: { path: host } },
      { name: 'c', configMap: { name: 'cfg' } },
      { name: 'e', emptyDir: {} },
    ]);
    const setup = await vm.setUp(pod);
    setup.mounts({ name: 'app', volumeMounts: [{ name: 'h', mountPath: '/h' }] }, [], ['10.1.0.4']);
    // A link out of the pod directory, as a container could leave in an emptyDir.
    fs.symlinkSync(host, path.join(setup.paths.get('e')!, 'escape'));
    await vm.tearDown('uid-1');
    assert.equal(fs.existsSync(podDir), false);
    assert.equal(fs.readFileSync(path.join(host, 'keep'), 'utf8'), 'precious');
    await vm.tearDown('uid-1'); // nothing left: fine
    await assert.rejects(vm.tearDown('../x'), /invalid pod uid/);
  });
});

describe('tmpfsSize', () => {
  const withLimits = (...mem: (string | undefined)[]) =>
    testPod([], {
      containers: mem.map((m, i) => ({ name: `c${i}`, resources: m ? { limits: { memory: m } } : {} })),
    });
  it('is the smallest of sizeLimit, the pod memory limit and the node memory', () => {
    assert.equal(tmpfsSize(withLimits('64Mi', '64Mi'), undefined), 128 * 1024 * 1024);
    assert.equal(tmpfsSize(withLimits('64Mi', '64Mi'), '1Mi'), 1024 * 1024);
    assert.equal(tmpfsSize(withLimits('64Mi', undefined), undefined), os.totalmem());
    assert.equal(tmpfsSize(withLimits('64Mi', undefined), '2Mi'), 2 * 1024 * 1024);
  });
});

describe('volumeType', () => {
  it('is the one source member', () => {
    assert.equal(volumeType({ name: 'a', configMap: { name: 'x' } }), 'configMap');
    assert.equal(volumeType({ name: 'a', iscsi: {} }), 'iscsi');
    assert.equal(volumeType({ name: 'a' }), '');
  });
});
