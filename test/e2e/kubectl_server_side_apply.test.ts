/**
 * Server-side apply as kubectl users see it, with kubectl 1.27, PATH and 1.33: field ownership in
 * managedFields, a conflict with another manager (here `kubectl scale`) refused with upstream's
 * message until `--force-conflicts`, fields dropped from the manifest removed, and the move from
 * client-side apply to server-side apply without conflicts.
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
after(() => cluster.stop());

const deployment = (ns: string, labels: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels: {${labels}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: nginx
        ports: [{containerPort: 80}]
`;

for (const kubectl of KUBECTLS) {
  describe(`server-side apply with ${path.basename(kubectl)}`, () => {
    const { k, ok } = kubectlRunner(kubectl, () => cluster);
    const ns = `ssa-${path.basename(kubectl).replace(/\W/g, '')}`;

    test('ownership, conflicts, force, removal', async () => {
      await ok(['create', 'namespace', ns]);
      assert.match(
        await ok(['apply', '--server-side', '-f', '-'], deployment(ns, 'app: web, tier: fe', 2)),
        /serverside-applied/,
      );
      const managers = await ok([
        '-n',
        ns,
        'get',
        'deploy',
        'web',
        '-o',
        'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation};{end}',
      ]);
      assert.equal(managers, 'kubectl/Apply;');
      await ok(['-n', ns, 'scale', 'deploy', 'web', '--replicas=5']);
      const conflict = await k(
        ['apply', '--server-side', '-f', '-'],
        deployment(ns, 'app: web, tier: fe', 2),
      );
      assert.notEqual(conflict.code, 0);
      assert.match(
        conflict.stderr,
        /Apply failed with 1 conflict: conflict with "kubectl.*" with subresource "scale" using apps\/v1: \.spec\.replicas/,
      );
      // Co-owning with the same value is no conflict.
      await ok(['apply', '--server-side', '-f', '-'], deployment(ns, 'app: web, tier: fe', 5));
      await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment(ns, 'app: web', 3));
      assert.equal(
        await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.labels}']),
        '3 {"app":"web"}',
      );
      const yaml = await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields']);
      assert.match(yaml, /f:containers:\n\s+k:\{"name":"c"\}:\n\s+\.: \{\}\n\s+f:image: \{\}/);
      assert.doesNotMatch(await ok(['-n', ns, 'get', 'deploy', 'web', '-o', 'yaml']), /managedFields/);
    });

    test('client-side apply, then server-side apply takes over without conflicts', async () => {
      const cm = (v: string) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: moved\n  namespace: ${ns}\ndata:\n  k: ${v}\n`;
      await ok(['apply', '-f', '-'], cm('one'));
      assert.match(await ok(['apply', '--server-side', '-f', '-'], cm('two')), /serverside-applied/);
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'moved', '-o', 'jsonpath={.data.k}']), 'two');
    });
  });
}
