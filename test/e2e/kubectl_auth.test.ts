/**
 * The real kubectl (1.27, the one on PATH, 1.33) against RBAC: `kubectl create token`, a
 * kubeconfig using that token forbidden and then allowed once `kubectl create rolebinding`
 * grants `view`, `kubectl auth can-i` (with `--as` impersonation, and `--list`),
 * `kubectl auth whoami`, and the default roles in `kubectl get clusterroles`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { E2eCluster, KubectlResult } from '../fixtures/kubectl_runner.js';
import { KUBECTLS, kubectlRunner, startE2eCluster } from '../fixtures/kubectl_runner.js';

const run = promisify(execFile);
let cluster: E2eCluster;

before(async () => {
  cluster = await startE2eCluster(builtinResources());
});

after(async () => {
  await cluster.stop();
});

/** A kubeconfig with the cluster and its CA but no credentials: the token comes from `--token`. */
function tokenKubeconfig(): string {
  const file = path.join(cluster.dir, 'token-kubeconfig.yaml');
  const ca = Buffer.from(cluster.cp.pki.serverCaPem).toString('base64');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: kubets`,
      `  cluster: {server: "${cluster.cp.url}", certificate-authority-data: "${ca}"}`,
      'users:',
      '- name: token-user',
      '  user: {}',
      'contexts:',
      '- name: kubets',
      '  context: {cluster: kubets, user: token-user, namespace: default}',
      'current-context: kubets',
      '',
    ].join('\n'),
  );
  return file;
}

for (const kubectl of KUBECTLS) {
  const version = path.basename(kubectl);
  describe(`kubectl ${version}`, () => {
    const { k, ok } = kubectlRunner(kubectl, () => cluster);
    const sa = `reader-${version.replace(/\W/g, '')}`;
    const user = `system:serviceaccount:default:${sa}`;
    const withToken = async (token: string, args: string[]): Promise<KubectlResult> => {
      const cache = path.join(cluster.dir, `token-cache-${version}`);
      try {
        const { stdout, stderr } = await run(
          kubectl,
          ['--kubeconfig', tokenKubeconfig(), '--cache-dir', cache, '--token', token, ...args],
          { encoding: 'utf8' },
        );
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    test('a service-account token is forbidden until a RoleBinding grants view', async () => {
      await ok(['create', 'serviceaccount', sa]);
      const token = (await ok(['create', 'token', sa])).trim();
      assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

      const denied = await withToken(token, ['get', 'pods']);
      assert.notEqual(denied.code, 0);
      assert.match(
        denied.stderr,
        new RegExp(
          `pods is forbidden: User "${user}" cannot list resource "pods" in API group "" in the namespace "default"`,
        ),
      );

      await ok([
        'create',
        'rolebinding',
        `${sa}-view`,
        '--clusterrole=view',
        `--serviceaccount=default:${sa}`,
      ]);
      // The authorizer follows RoleBindings through its watch: retry until it has seen this one.
      let allowed = await withToken(token, ['get', 'pods']);
      for (let i = 0; i < 50 && allowed.code !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        allowed = await withToken(token, ['get', 'pods']);
      }
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stderr + allowed.stdout, /No resources found in default namespace/);

      const secrets = await withToken(token, ['get', 'secrets']);
      assert.notEqual(secrets.code, 0);
      assert.match(secrets.stderr, /secrets is forbidden/);

      const list = await withToken(token, ['auth', 'can-i', '--list']);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
      assert.match(list.stdout, /selfsubjectaccessreviews\.authorization\.k8s\.io/);

      const expired = await k(['create', 'token', sa, '--duration=1m']);
      assert.notEqual(expired.code, 0);
      assert.match(
        expired.stderr,
        /spec\.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes/,
      );
    });

    test('kubectl auth can-i, with --as impersonation', async () => {
      assert.equal((await ok(['auth', 'can-i', 'list', 'pods', '--as', user])).trim(), 'yes');
      const del = await k(['auth', 'can-i', 'delete', 'pods', '--as', user]);
      assert.deepEqual([del.code, del.stdout.trim()], [1, 'no']);
      const jane = await k(['auth', 'can-i', 'list', 'pods', '--as', 'jane']);
      assert.deepEqual([jane.code, jane.stdout.trim()], [1, 'no']);
      assert.equal((await ok(['auth', 'can-i', '*', '*'])).trim(), 'yes');
      const asJane = await k(['get', 'pods', '--as', 'jane']);
      assert.match(
        asJane.stderr,
        /pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"/,
      );
    });

    test('kubectl get clusterroles lists the default roles', async () => {
      const out = await ok(['get', 'clusterroles', '-o', 'name']);
      for (const role of [
        'cluster-admin',
        'admin',
        'edit',
        'view',
        'system:discovery',
        'system:node',
        'system:kube-scheduler',
      ]) {
        assert.match(out, new RegExp(`^clusterrole.rbac.authorization.k8s.io/${role}$`, 'm'), role);
      }
      const bindings = await ok([
        'get',
        'clusterrolebinding',
        'cluster-admin',
        '-o',
        'jsonpath={.subjects[0].name}',
      ]);
      assert.equal(bindings, 'system:masters');
    });

    // `auth whoami` asks for selfsubjectreviews in authentication.k8s.io/v1 (1.28 on) or v1beta1 (1.27).
    test('kubectl auth whoami', async () => {
      const admin = await ok(['auth', 'whoami']);
      assert.match(admin, /^Username\s+system:admin$/m);
      assert.match(admin, /^Groups\s+\[system:masters system:authenticated\]$/m);
      const token = (await ok(['create', 'token', sa])).trim();
      const me = await withToken(token, ['auth', 'whoami']);
      assert.equal(me.code, 0, me.stderr);
      assert.match(me.stdout, new RegExp(`^Username\\s+${user}$`, 'm'));
      assert.match(me.stdout, /system:serviceaccounts:default/);
    });
  });
}
