/**
 * The kubelet against a real API server and the FakeRuntime: registration and lease, pods run to
 * Running with upstream's status, crash loops back off, finished pods stop, deleted pods are
 * stopped and removed, bad images and missing config show upstream's reasons, and a restarted
 * kubelet adopts what runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { CoreEvent, Lease } from '../api/types/cluster.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { FakeProbes } from './hollow/fake_probes.js';
import { FakeRuntime } from './hollow/fake_runtime.js';
import { FakeVolumes } from './hollow/fake_volumes.js';
import { Kubelet } from './kubelet.js';

/** The fake volume manager, remembering which pods it tore down. */
class RecordingVolumes extends FakeVolumes {
  readonly tornDown: string[] = [];
  override async tearDown(uid: string) {
    this.tornDown.push(uid);
  }
}

describe('kubelet with the fake runtime', () => {
  let tc: TestCluster;
  let pods: ResourceClient<Pod>;
  let runtime: FakeRuntime;
  let kubelet: Kubelet;
  let volumes: RecordingVolumes;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelet-test-'));
  const manifests = path.join(dir, 'manifests');
  fs.mkdirSync(manifests);
  const log = pino({ level: process.env.KUBETS_LOG_LEVEL ?? 'silent' });

  function newKubelet(): Kubelet {
    return new Kubelet({
      rest: tc.newClient(),
      log,
      nodeName: 'node-a',
      nodeIPs: ['192.0.2.10'],
      runtime,
      images: runtime,
      rootDir: dir,
      podLogsDir: path.join(dir, 'logs'),
      port: 10250,
      clusterDns: ['10.43.0.10'],
      volumes: () => volumes,
      probes: () => new FakeProbes(),
      relistMs: 50,
      nodeStatusUpdateMs: 200,
      staticPodPath: manifests,
      staticPodCheckMs: 100,
    });
  }

  before(async () => {
    tc = await startTestCluster();
    pods = new ResourceClient(tc.rest, Resources.pods);
    runtime = new FakeRuntime({
      imageExists: (img) => !img.includes('does-not-exist'),
      onStart: (cfg) =>
        cfg.metadata.name === 'crasher'
          ? { exitCode: 1 }
          : cfg.metadata.name === 'done'
            ? { exitCode: 0 }
            : undefined,
    });
    volumes = new RecordingVolumes();
    kubelet = newKubelet();
    await kubelet.start();
  });

  after(async () => {
    await kubelet.stop();
    await tc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function pod(name: string, containers: Pod['spec']['containers'], extra: Partial<Pod['spec']> = {}): Pod {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: 'node-a', containers, ...extra },
    };
  }

  async function waitPod(name: string, pred: (p: Pod) => boolean, what: string): Promise<Pod> {
    let last: Pod | undefined;
    await waitFor(async () => {
      last = await pods.get('default', name).catch(() => undefined);
      return last !== undefined && pred(last);
    }, `${name}: ${what}`);
    return last!;
  }

  it('registers a Ready node with capacity, addresses and a lease', async () => {
    const node = await new ResourceClient<Node>(tc.rest, Resources.nodes).get('', 'node-a');
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    assert.equal(ready?.status, 'True');
    assert.equal(ready?.reason, 'KubeletReady');
    assert.equal(node.status?.capacity?.pods, '110');
    assert.deepEqual(node.status?.addresses?.[0], { type: 'InternalIP', address: '192.0.2.10' });
    assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'node-a');
    assert.equal(node.status?.nodeInfo?.containerRuntimeVersion, 'fake://1.0.0');
    await waitFor(async () => {
      const l = await new ResourceClient<Lease>(tc.rest, Resources.leases)
        .get('kube-node-lease', 'node-a')
        .catch(() => undefined);
      return l?.spec?.holderIdentity === 'node-a';
    }, 'node lease');
  });

  it('runs a pod to Running and Ready with upstream status fields', async () => {
    await pods.create(pod('web', [{ name: 'app', image: 'busybox:1.36' }]));
    const p = await waitPod(
      'web',
      (x) => x.status?.phase === 'Running' && x.status.containerStatuses?.[0]?.ready === true,
      'running',
    );
    const cs = p.status!.containerStatuses![0]!;
    assert.ok(cs.state?.running?.startedAt);
    assert.match(cs.containerID ?? '', /^fake:\/\/[0-9a-f]{64}$/);
    assert.equal(cs.restartCount, 0);
    assert.match(p.status!.podIP ?? '', /^10\.88\./);
    assert.equal(p.status!.hostIP, '192.0.2.10');
    for (const t of ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'])
      assert.equal(p.status!.conditions!.find((c) => c.type === t)?.status, 'True', t);
    const events = await new ResourceClient<CoreEvent>(tc.rest, Resources.events).list('default');
    const reasons = events.items.filter((e) => e.involvedObject?.name === 'web').map((e) => e.reason);
    for (const r of ['Pulled', 'Created', 'Started'])
      assert.ok(reasons.includes(r), `${r} in ${reasons.join(',')}`);
  });

  it("times the start into its /metrics, and a change of only the pod's status brings no sync", async () => {
    const metrics = async () => (await kubelet.metrics.registry.metrics()).split('\n');
    const count = (lines: string[], series: string) =>
      Number(lines.find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? NaN);
    const text = await metrics();
    assert.ok(count(text, 'kubelet_pod_start_duration_seconds_count') >= 1);
    for (const phase of [
      'worker_start',
      'run_podsandbox',
      'create_container',
      'start_container',
      'status_write',
    ])
      assert.ok(count(text, `kubelet_pod_start_phase_duration_seconds_count{phase="${phase}"}`) >= 1, phase);
    assert.ok(count(text, 'kubelet_runtime_operations_total{operation_type="run_podsandbox"}') >= 1);

    const web = await pods.get('default', 'web');
    const syncs = () =>
      metrics().then(
        (l) => count(l, 'kubelet_pod_worker_duration_seconds_count{operation_type="sync"}') || 0,
      );
    await kubelet.whenIdle();
    const before = await syncs();
    const message = 'written by someone else';
    await pods.patch('default', 'web', 'merge', { status: { message } }, { subresource: 'status' });
    await waitFor(
      async () => kubelet.pod(web.metadata.uid!)?.status?.message === message,
      'the kubelet sees it',
    );
    await kubelet.whenIdle();
    assert.equal(await syncs(), before);
    // A spec-level change (a label) is synced.
    await pods.patch('default', 'web', 'merge', { metadata: { labels: { touched: 'yes' } } });
    await waitFor(async () => (await syncs()) > before, 'a sync after the label change');
  });

  it('restarts a crashing container, then backs off with CrashLoopBackOff', async () => {
    await pods.create(pod('crashy', [{ name: 'crasher', image: 'busybox:1.36' }]));
    const p = await waitPod(
      'crashy',
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
      'CrashLoopBackOff',
    );
    const cs = p.status!.containerStatuses![0]!;
    assert.equal(cs.restartCount, 1);
    assert.match(
      cs.state!.waiting!.message!,
      /^back-off 10s restarting failed container=crasher pod=crashy_default\(/,
    );
    assert.equal(cs.lastState?.terminated?.exitCode, 1);
    assert.equal(cs.lastState?.terminated?.reason, 'Error');
    assert.equal(p.status!.phase, 'Running');
  });

  it('runs a restartPolicy Never pod to Succeeded and stops its sandbox', async () => {
    const created = await pods.create(
      pod('job', [{ name: 'done', image: 'busybox:1.36' }], { restartPolicy: 'Never' }),
    );
    const p = await waitPod('job', (x) => x.status?.phase === 'Succeeded', 'Succeeded');
    assert.equal(p.status!.containerStatuses![0]!.state?.terminated?.reason, 'Completed');
    assert.equal(p.status!.conditions!.find((c) => c.type === 'Ready')?.reason, 'PodCompleted');
    await waitFor(
      () =>
        [...runtime.sandboxes.values()].every(
          (s) => s.config.metadata.uid !== created.metadata.uid || s.state === 'SANDBOX_NOTREADY',
        ),
      'sandbox stopped',
    );
  });

  it('shows ErrImagePull, then ImagePullBackOff, for an image that does not exist', async () => {
    await pods.create(pod('badimg', [{ name: 'app', image: 'example.com/does-not-exist:1' }]));
    const p = await waitPod('badimg', (x) => !!x.status?.containerStatuses?.[0]?.state?.waiting, 'waiting');
    assert.ok(
      ['ErrImagePull', 'ImagePullBackOff'].includes(p.status!.containerStatuses![0]!.state!.waiting!.reason!),
    );
    await waitPod(
      'badimg',
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      'ImagePullBackOff',
    );
    assert.equal(p.status!.phase, 'Pending');
  });

  it('shows CreateContainerConfigError for a missing ConfigMap', async () => {
    await pods.create(
      pod('nocm', [
        {
          name: 'app',
          image: 'busybox:1.36',
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }],
        },
      ]),
    );
    const p = await waitPod(
      'nocm',
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError',
      'CreateContainerConfigError',
    );
    assert.equal(p.status!.containerStatuses![0]!.state!.waiting!.message, 'configmap "missing" not found');
  });

  it('stops a deleted pod and removes it from the API', async () => {
    const created = await pods.create(pod('doomed', [{ name: 'app', image: 'busybox:1.36' }]));
    await waitPod('doomed', (x) => x.status?.phase === 'Running', 'running');
    await pods.delete('default', 'doomed', { gracePeriodSeconds: 30 });
    await waitFor(
      async () => (await pods.get('default', 'doomed').catch(() => undefined)) === undefined,
      'pod gone',
    );
    await waitFor(
      () => ![...runtime.sandboxes.values()].some((s) => s.config.metadata.uid === created.metadata.uid),
      'sandbox removed',
    );
    await waitFor(() => volumes.tornDown.includes(created.metadata.uid!), 'volumes torn down');
  });

  it('runs a static pod from its manifest, mirrors it in the API and stops it when the file goes', async () => {
    fs.writeFileSync(
      path.join(manifests, 'static-web.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\n  namespace: default\nspec:\n  containers:\n  - name: web\n    image: busybox\n',
    );
    fs.writeFileSync(path.join(manifests, 'broken.yaml'), 'kind: Deployment\n');
    const mirror = await waitPod('static-web-node-a', (x) => x.status?.phase === 'Running', 'mirror running');
    const hash = mirror.metadata.annotations?.['kubernetes.io/config.mirror'];
    assert.match(hash ?? '', /^[0-9a-f]{32}$/);
    assert.equal(mirror.metadata.annotations?.['kubernetes.io/config.source'], 'file');
    assert.equal(mirror.metadata.ownerReferences?.[0]?.kind, 'Node');
    assert.notEqual(mirror.metadata.uid, hash, 'the mirror has its own UID');
    assert.equal(kubelet.pod(hash!)?.metadata.name, 'static-web-node-a');
    // Deleting the mirror leaves the static pod running; the kubelet creates the mirror again.
    const started = runtime.callCount('startContainer');
    await pods.delete('default', 'static-web-node-a', { gracePeriodSeconds: 0 });
    const again = await waitPod(
      'static-web-node-a',
      (x) => x.metadata.uid !== mirror.metadata.uid && x.status?.phase === 'Running',
      'mirror recreated',
    );
    assert.equal(again.metadata.annotations?.['kubernetes.io/config.mirror'], hash);
    assert.equal(runtime.callCount('startContainer'), started, 'not restarted');
    fs.rmSync(path.join(manifests, 'static-web.yaml'));
    await waitFor(
      async () => (await pods.list('default')).items.every((x) => x.metadata.name !== 'static-web-node-a'),
      'mirror deleted',
    );
    await waitFor(
      () => runtime.running().every((c) => c.config.labels?.['io.kubernetes.pod.uid'] !== hash),
      'static pod stopped',
    );
  });

  it('adopts running containers after a restart instead of duplicating them', async () => {
    const before = runtime.callCount('startContainer');
    await kubelet.stop();
    kubelet = newKubelet();
    await kubelet.start();
    await new Promise((r) => setTimeout(r, 500));
    await kubelet.whenIdle();
    const web = runtime.running('app').filter((c) => c.config.labels?.['io.kubernetes.pod.name'] === 'web');
    assert.equal(web.length, 1);
    // Only the crash-looping container may have been started again.
    const started = runtime.callCount('startContainer') - before;
    assert.ok(started <= 1, `started ${started} containers after restart`);
  });
});
