/**
 * The real kubectl (1.27, the one on PATH, 1.33) against an API server with the cluster
 * controllers running: `kubectl delete ns` completes and removes the namespace's objects,
 * services get Endpoints and EndpointSlices for pods the test marks Ready, and a node whose
 * lease stops being renewed turns NotReady with the unreachable taints.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { nowMicroTimestamp, nowTimestamp } from '../../src/api/object.js';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { useControllerCluster } from '../fixtures/controller_test_cluster.js';
import { waitFor } from '../fixtures/test_cluster.js';

const run = promisify(execFile);
const SDK = '/usr/lib/google-cloud-sdk/bin';
const KUBECTLS = [`${SDK}/kubectl.1.27`, 'kubectl', `${SDK}/kubectl.1.33`];

const cluster = useControllerCluster(['*'], {
  settings: { nodeMonitorGracePeriodMs: 1500, nodeMonitorPeriodMs: 200 },
});

for (const kubectl of KUBECTLS) {
  describe(`kubectl ${path.basename(kubectl)}`, () => {
    const tag = path.basename(kubectl).replace(/\W/g, '');
    const ok = async (args: string[], input?: string) => {
      const child = run(kubectl, ['--kubeconfig', cluster.tc.kubeconfigPath, ...args], { encoding: 'utf8' });
      if (input !== undefined) child.child.stdin!.end(input);
      try {
        return (await child).stdout;
      } catch (err) {
        const e = err as { stderr: string };
        assert.fail(`kubectl ${args.join(' ')}: ${e.stderr}`);
      }
    };

    test('kubectl delete ns finishes and removes what was inside', async () => {
      const ns = `gone-${tag}`;
      await ok(['create', 'namespace', ns]);
      await ok(['-n', ns, 'create', 'configmap', 'c', '--from-literal=a=1']);
      await ok(['-n', ns, 'create', 'secret', 'generic', 's', '--from-literal=a=1']);
      await ok(['-n', ns, 'run', 'p', '--image=busybox']);
      assert.match(await ok(['delete', 'ns', ns, '--timeout=60s']), new RegExp(`namespace "${ns}" deleted`));
      const nss = await ok(['get', 'ns', '-o', 'name']);
      assert.doesNotMatch(nss, new RegExp(`namespace/${ns}\\b`));
      assert.equal(await ok(['-n', ns, 'get', 'configmaps,secrets,pods', '-o', 'name']), '');
    });

    test('kubectl get endpoints,endpointslices for a service whose pods are Ready', async () => {
      const app = `web-${tag}`;
      const ip = `10.42.${KUBECTLS.indexOf(kubectl)}.5`;
      await ok(['create', 'service', 'clusterip', app, '--tcp=80:8080']);
      await ok(['run', app, '--image=busybox', `--labels=app=${app}`, '--port=8080']);
      const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
      const p: Pod = await pods.get('default', app);
      await pods.updateStatus({
        ...p,
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      });
      await waitFor(async () => (await ok(['get', 'endpoints', app])).includes(`${ip}:8080`), 'endpoints');
      const out = await ok(['get', 'endpoints,endpointslices', '-l', `kubernetes.io/service-name=${app}`]);
      assert.match(
        out,
        new RegExp(
          `endpointslice.discovery.k8s.io/${app}-[a-z0-9]{5}\\s+IPv4\\s+8080\\s+${ip.replace(/\./g, '\\.')}`,
        ),
      );
      assert.match(
        await ok(['get', 'endpoints', app]),
        new RegExp(`${app}\\s+${ip.replace(/\./g, '\\.')}:8080`),
      );
      await ok(['delete', 'service', app]);
      await ok(['delete', 'pod', app, '--wait=false']);
    });

    test('a node whose lease stops being renewed becomes NotReady and tainted', async () => {
      const name = `node-${tag}`;
      const nodes = new ResourceClient(cluster.tc.rest, Resources.nodes);
      await nodes.create({ metadata: { name } });
      const ts = nowTimestamp();
      // The nodeipam controller writes the new node too: retry on conflicts.
      await waitFor(async () => {
        const cur = await nodes.get('', name);
        const conditions = [
          {
            type: 'Ready',
            status: 'True' as const,
            reason: 'KubeletReady',
            lastHeartbeatTime: ts,
            lastTransitionTime: ts,
          },
        ];
        return nodes.updateStatus({ ...cur, status: { conditions } }).then(
          () => true,
          () => false,
        );
      }, 'node status posted');
      await new ResourceClient(cluster.tc.rest, Resources.leases).create({
        metadata: { name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: nowMicroTimestamp() },
      });
      assert.match(await ok(['get', 'node', name]), new RegExp(`${name}\\s+Ready\\s`));
      await waitFor(async () => /\sNotReady\s/.test(await ok(['get', 'node', name])), 'NotReady');
      await waitFor(
        async () =>
          (await ok(['get', 'node', name, '-o', 'jsonpath={.spec.taints[*].key}'])).includes('unreachable'),
        'taints',
      );
      const taints = JSON.parse(await ok(['get', 'node', name, '-o', 'jsonpath={.spec.taints}'])) as {
        key: string;
        effect: string;
      }[];
      assert.deepEqual(taints.map((t) => `${t.key}:${t.effect}`).sort(), [
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/unreachable:NoSchedule',
      ]);
      const cond = await ok([
        'get',
        'node',
        name,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
      ]);
      assert.equal(cond, 'Kubelet stopped posting node status.');
    });
  });
}
