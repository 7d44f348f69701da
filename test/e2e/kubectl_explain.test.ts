/**
 * The real kubectl (1.27, the one on PATH, 1.33) against the built-in kinds' OpenAPI schemas:
 * `kubectl explain` of nested fields and `--recursive`, and server-side field validation of
 * `kubectl apply` (a typo'd field refused with upstream's message under the default Strict,
 * dropped under `--validate=false`, warned about under `--validate=warn`).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { E2eCluster } from '../fixtures/kubectl_runner.js';
import { KUBECTLS, kubectlRunner, startE2eCluster } from '../fixtures/kubectl_runner.js';

let cluster: E2eCluster;

before(async () => {
  cluster = await startE2eCluster(builtinResources());
});

after(async () => {
  await cluster.stop();
});

const pod = (ns: string, name: string, containerExtra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  containers:
  - name: c
    image: busybox
${containerExtra}`;

for (const kubectl of KUBECTLS) {
  describe(`kubectl ${path.basename(kubectl)}`, () => {
    const { k, ok } = kubectlRunner(kubectl, () => cluster);
    const ns = `ex-${path.basename(kubectl).replace(/\W/g, '')}`;

    test('explain prints nested fields with their types', async () => {
      const probe = await ok(['explain', 'pods.spec.containers.livenessProbe']);
      assert.match(probe, /KIND:\s+Pod/);
      assert.match(probe, /FIELD:\s+livenessProbe <Probe>/);
      assert.match(probe, /Restarts the container when it fails\./);
      assert.match(probe, /httpGet\s+<HTTPGetAction>/);
      assert.match(probe, /initialDelaySeconds\s+<integer>/);
      const containers = await ok(['explain', 'pod.spec.containers']);
      assert.match(containers, /FIELD:\s+containers <\[\]Container>/);
      assert.match(containers, /name\s+<string> -required-/);
      assert.match(containers, /resources\s+<ResourceRequirements>/);
      const strategy = await ok(['explain', 'deployment.spec.strategy']);
      assert.match(strategy, /GROUP:\s+apps/);
      assert.match(strategy, /rollingUpdate\s+<RollingUpdateDeployment>/);
      assert.match(strategy, /type\s+<string>/);
    });

    test('explain reads /openapi/v2 when asked to', async () => {
      const out = await ok(['explain', 'pods.spec.containers.ports', '--output=plaintext-openapiv2']);
      assert.match(out, /RESOURCE:\s+ports <\[\]Object>/);
      assert.match(out, /containerPort\s+<integer> -required-/);
      assert.match(out, /protocol\s+<string>/);
    });

    test('explain --recursive prints the whole tree', async () => {
      const out = await ok(['explain', 'deployment', '--recursive']);
      for (const re of [
        /spec\s+<DeploymentSpec>/,
        /template\s+<PodTemplateSpec> -required-/,
        /containers\s+<\[\]Container> -required-/,
        /livenessProbe\s+<Probe>/,
        /maxSurge\s+<IntOrString>/,
        /conditions\s+<\[\]DeploymentCondition>/,
      ])
        assert.match(out, re);
    });

    test('apply refuses an unknown field under Strict, drops it with --validate=false', async () => {
      await ok(['create', 'namespace', ns]);
      // No controller manager runs here to make the namespace's default service account.
      await ok(['create', 'serviceaccount', 'default', '-n', ns]);
      const typo = pod(ns, 'typo', '    imagee: busybox');
      const refused = await k(['apply', '-f', '-'], typo);
      assert.notEqual(refused.code, 0);
      assert.match(
        refused.stderr,
        /Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec\.containers\[0\]\.imagee"/,
      );
      assert.equal((await k(['get', 'pod', 'typo', '-n', ns])).code, 1);
      await ok(['apply', '--validate=false', '-f', '-'], typo);
      const stored = JSON.parse(await ok(['get', 'pod', 'typo', '-n', ns, '-o', 'json'])) as {
        spec: { containers: Record<string, unknown>[] };
      };
      assert.equal(stored.spec.containers[0]!.image, 'busybox');
      assert.equal('imagee' in stored.spec.containers[0]!, false);
      const warned = await k(['apply', '--validate=warn', '-f', '-'], pod(ns, 'warned', '    foo: 1'));
      assert.equal(warned.code, 0, warned.stderr);
      assert.match(warned.stderr, /Warning: unknown field "spec\.containers\[0\]\.foo"/);
    });

    test('apply updates by the strategic merge patch kubectl computes from the published schema', async () => {
      const deployment = (image: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: web}
  strategy:
    type: Recreate
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        env:
${env}
      - name: side
        image: busybox
`;
      await ok(['apply', '-f', '-'], deployment('nginx:1', '        - {name: A, value: "1"}'));
      const out = await ok(
        ['apply', '-f', '-'],
        deployment('nginx:2', '        - {name: A, value: "2"}\n        - {name: B, value: "3"}'),
      );
      assert.match(out, /deployment\.apps\/web configured/);
      const got = JSON.parse(await ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json'])) as {
        spec: {
          strategy: Record<string, unknown>;
          template: { spec: { containers: { name: string; image: string; env?: unknown[] }[] } };
        };
      };
      const containers = got.spec.template.spec.containers;
      assert.deepEqual(
        containers.map((c) => [c.name, c.image]),
        [
          ['web', 'nginx:2'],
          ['side', 'busybox'],
        ],
      );
      assert.deepEqual(containers[0]!.env, [
        { name: 'A', value: '2' },
        { name: 'B', value: '3' },
      ]);
      assert.equal(got.spec.strategy.type, 'Recreate');
    });
  });
}
