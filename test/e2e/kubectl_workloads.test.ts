/**
 * The real kubectl (1.27, the one on PATH, 1.33) driving workloads through kubets' controller
 * manager: create deployment, scale, set image, rollout status/history/undo/pause/resume/restart,
 * and delete with --cascade=background|foreground|orphan. A stand-in kubelet in the test marks
 * pods Running and Ready.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';
import type { ControllerManager } from '../../src/controllers/controller_manager.js';
import { startControllerManager } from '../../src/controllers/controller_manager.js';
import type { E2eCluster } from '../fixtures/kubectl_runner.js';
import { KUBECTLS, kubectlRunner, startE2eCluster } from '../fixtures/kubectl_runner.js';
import { markAllReady } from '../fixtures/pod_readiness.js';
import { waitFor } from '../fixtures/test_cluster.js';

let cluster: E2eCluster;
let cm: ControllerManager;
let rest: RestClient;
let cmRest: RestClient;
let kubelet: NodeJS.Timeout;

before(async () => {
  cluster = await startE2eCluster(builtinResources());
  rest = RestClient.fromKubeconfig(cluster.cp.kubeconfigPath);
  cmRest = RestClient.fromKubeconfig(cluster.cp.kubeconfigPath);
  cm = await startControllerManager({
    rest: cmRest,
    log: pino({ level: 'silent' }),
    leaderElect: false,
  });
  const pods = new ResourceClient<Pod>(rest, Resources.pods);
  let busy = false;
  kubelet = setInterval(() => {
    if (busy) return;
    busy = true;
    void markAllReady(pods, '').finally(() => (busy = false));
  }, 100);
});

after(async () => {
  clearInterval(kubelet);
  await cm.stop();
  rest.close();
  cmRest.close();
  await cluster.stop();
});

for (const kubectl of KUBECTLS) {
  describe(`kubectl ${path.basename(kubectl)}`, () => {
    const { k, ok } = kubectlRunner(kubectl, () => cluster);
    const ns = `wl-${path.basename(kubectl).replace(/\W/g, '')}`;
    const n = ['-n', ns];
    const rolledOut = async (name: string) =>
      assert.match(
        await ok(['rollout', 'status', `deployment/${name}`, '--timeout=60s', ...n]),
        new RegExp(`deployment "${name}" successfully rolled out`),
      );
    const images = async (name: string) =>
      (
        await ok([
          'get',
          'pods',
          '-l',
          `app=${name}`,
          '-o',
          'jsonpath={.items[*].spec.containers[0].image}',
          ...n,
        ])
      )
        .split(' ')
        .filter(Boolean);
    const gone = async (args: string[]) => (await k(['get', ...args, ...n])).code !== 0;

    test('create, scale, set image, history, undo', async () => {
      await ok(['create', 'namespace', ns]);
      await ok(['create', 'deployment', 'web', '--image=nginx:1', '--replicas=3', ...n]);
      await rolledOut('web');
      assert.match(await ok(['get', 'deploy', 'web', ...n]), /web\s+3\/3\s+3\s+3/);
      await ok(['scale', 'deployment', 'web', '--replicas=5', ...n]);
      await rolledOut('web');
      assert.equal((await images('web')).length, 5);
      await ok(['set', 'image', 'deployment/web', 'nginx=nginx:2', ...n]);
      await rolledOut('web');
      await waitFor(
        async () => (await images('web')).every((i) => i === 'nginx:2') && (await images('web')).length === 5,
        'nginx:2 pods',
      );
      const history = await ok(['rollout', 'history', 'deployment/web', ...n]);
      assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
      assert.match(await ok(['rollout', 'undo', 'deployment/web', ...n]), /deployment.apps\/web rolled back/);
      await rolledOut('web');
      await waitFor(async () => (await images('web')).every((i) => i === 'nginx:1'), 'nginx:1 pods again');
      assert.match(await ok(['rollout', 'history', 'deployment/web', ...n]), /\n2\s+<none>\n3\s+<none>/);
      const rs = await ok(['get', 'rs', '-l', 'app=web', ...n]);
      assert.equal(rs.trim().split('\n').length, 3, rs);
      const events = await ok(['get', 'events', '--field-selector', 'reason=ScalingReplicaSet', ...n]);
      assert.match(events, /Scaled up replica set web-\w+ from 0 to 3/);
    });

    test('pause, resume and restart', async () => {
      await ok(['rollout', 'pause', 'deployment/web', ...n]);
      await ok(['set', 'image', 'deployment/web', 'nginx=nginx:3', ...n]);
      await waitFor(
        async () =>
          /DeploymentPaused/.test(
            await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions}', ...n]),
          ),
        'paused condition',
      );
      assert.ok(
        (await images('web')).every((i) => i === 'nginx:1'),
        'nothing rolls out while paused',
      );
      await ok(['rollout', 'resume', 'deployment/web', ...n]);
      await rolledOut('web');
      await waitFor(async () => (await images('web')).every((i) => i === 'nginx:3'), 'nginx:3 after resume');
      await ok(['rollout', 'restart', 'deployment/web', ...n]);
      await rolledOut('web');
      const annotations = await ok([
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={.spec.template.metadata.annotations}',
        ...n,
      ]);
      assert.match(annotations, /kubectl.kubernetes.io\/restartedAt/);
      assert.match(await ok(['rollout', 'history', 'deployment/web', ...n]), /\n5\s+<none>/);
    });

    test('delete with --cascade=foreground, background and orphan', async () => {
      await ok(['delete', 'deployment', 'web', '--cascade=foreground', ...n]);
      await waitFor(() => gone(['deploy', 'web']), 'web deleted');
      await waitFor(
        async () => (await ok(['get', 'rs,pods', '-l', 'app=web', '-o', 'name', ...n])).trim() === '',
        'web dependents',
      );
      await ok(['create', 'deployment', 'bg', '--image=busybox', '--replicas=2', ...n]);
      await rolledOut('bg');
      await ok(['delete', 'deployment', 'bg', '--cascade=background', ...n]);
      await waitFor(
        async () => (await ok(['get', 'rs,pods', '-l', 'app=bg', '-o', 'name', ...n])).trim() === '',
        'bg dependents',
      );
      await ok(['create', 'deployment', 'orph', '--image=busybox', '--replicas=2', ...n]);
      await rolledOut('orph');
      await ok(['delete', 'deployment', 'orph', '--cascade=orphan', ...n]);
      await waitFor(() => gone(['deploy', 'orph']), 'orph deleted');
      const left = await ok([
        'get',
        'rs',
        '-l',
        'app=orph',
        '-o',
        'jsonpath={.items[*].metadata.ownerReferences}',
        ...n,
      ]);
      assert.equal(left.trim(), '', 'the orphaned ReplicaSet has no owner');
      assert.equal((await images('orph')).length, 2);
      await ok(['delete', 'namespace', ns, '--wait=false']);
    });
  });
}
