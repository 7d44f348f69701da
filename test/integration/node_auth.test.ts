/**
 * The Node authorizer and NodeRestriction over real HTTPS, with two kubelet identities (client
 * certificates CN=system:node:n1 and n2, O=system:nodes) against a control plane in RBAC mode:
 * n1 reads the secret its pod uses and no other, reads one named object by a list or watch of
 * `metadata.name=X` but no collection, changes its own Node and its pods' status but not n2 or
 * n2's pods, cannot give itself a node-role label, and gets tokens only for its pods. A kubelet
 * running as n3 (fake runtime) runs a pod with env from a config map and a secret.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { CertificateAndKey } from '../../src/server/certs/certificate.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { startControlPlane } from '../../src/server/control_plane.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';
import { RestClient } from '../../src/client/rest_client.js';
import { FakeProbes } from '../../src/kubelet/hollow/fake_probes.js';
import { FakeRuntime } from '../../src/kubelet/hollow/fake_runtime.js';
import { FakeVolumes } from '../../src/kubelet/hollow/fake_volumes.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import type { ContainerConfig } from '../../src/kubelet/cri/api.js';
import { clusterClientCa } from '../../src/agent/join.js';
import { publishClusterBootstrap } from '../../src/server/cluster_bootstrap.js';
import { waitFor } from '../fixtures/test_cluster.js';
import type { Reply } from '../fixtures/https_call.js';
import { httpsCall } from '../fixtures/https_call.js';

let cp: ControlPlane;
let dir: string;
let n1: CertificateAndKey;
let n2: CertificateAndKey;
let admin: CertificateAndKey;

function call(
  who: CertificateAndKey,
  method: string,
  urlPath: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const to = { port: cp.port, ca: cp.pki.serverCaPem, cert: who.certPem, key: who.keyPem, contentType };
  return httpsCall(to, method, urlPath, body);
}

const merge = 'application/merge-patch+json';

async function ok(who: CertificateAndKey, method: string, p: string, body?: unknown, ct?: string) {
  const r = await call(who, method, p, body, ct);
  assert.ok(r.code >= 200 && r.code < 300, `${method} ${p}: ${r.code} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function refused(
  who: CertificateAndKey,
  method: string,
  p: string,
  message: string,
  body?: unknown,
  ct?: string,
) {
  const r = await call(who, method, p, body, ct);
  assert.equal(r.code, 403, `${method} ${p}: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.reason, 'Forbidden');
  assert.equal(r.body.message, message, `${method} ${p}`);
}

const pod = (name: string, nodeName: string, secret: string) => ({
  metadata: { name },
  spec: {
    nodeName,
    serviceAccountName: 'default',
    automountServiceAccountToken: false,
    containers: [{ name: 'c', image: 'busybox', envFrom: [{ configMapRef: { name: `cm-${name}` } }] }],
    volumes: [{ name: 's', secret: { secretName: secret } }],
  },
});

const NS = '/api/v1/namespaces/default';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-node-auth-'));
  cp = await startControlPlane({
    dataDir: dir,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    resources: builtinResources(),
    log: pino({ level: 'silent' }),
    store: await SqliteStore.open({ path: ':memory:' }),
    serviceAccountAdmission: { requireAccount: false },
  });
  admin = { certPem: cp.pki.adminCertPem, keyPem: cp.pki.adminKeyPem };
  n1 = await cp.pki.issueClientCertificate({ commonName: 'system:node:n1', organizations: ['system:nodes'] });
  n2 = await cp.pki.issueClientCertificate({ commonName: 'system:node:n2', organizations: ['system:nodes'] });
  for (const [who, name] of [
    [n1, 'n1'],
    [n2, 'n2'],
  ] as const) {
    await ok(who, 'POST', '/api/v1/nodes', {
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    });
  }
  await ok(admin, 'POST', `${NS}/serviceaccounts`, { metadata: { name: 'default' } });
  for (const s of ['s1', 's2', 'unused'])
    await ok(admin, 'POST', `${NS}/secrets`, { metadata: { name: s }, data: { k: 'dg==' } });
  for (const c of ['cm-p1', 'cm-p2']) await ok(admin, 'POST', `${NS}/configmaps`, { metadata: { name: c } });
  await ok(admin, 'POST', `${NS}/pods`, pod('p1', 'n1', 's1'));
  await ok(admin, 'POST', `${NS}/pods`, pod('p2', 'n2', 's2'));
});

after(async () => {
  await cp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const noRelation = (verb: string, resource: string, where = 'in the namespace "default"') =>
  `User "system:node:n1" cannot ${verb} resource "${resource}" in API group "" ${where}: no relationship found between node 'n1' and this object`;

describe('Node authorizer', () => {
  it('n1 reads what its pod uses, and nothing of n2', async () => {
    await waitFor(async () => (await call(n1, 'GET', `${NS}/secrets/s1`)).code === 200, 'n1 reads s1');
    assert.equal((await call(n1, 'GET', `${NS}/configmaps/cm-p1`)).code, 200);
    await refused(
      n1,
      'GET',
      `${NS}/secrets/s2`,
      `secrets "s2" is forbidden: ${noRelation('get', 'secrets')}`,
    );
    await refused(
      n1,
      'GET',
      `${NS}/secrets/unused`,
      `secrets "unused" is forbidden: ${noRelation('get', 'secrets')}`,
    );
    await refused(
      n1,
      'GET',
      `${NS}/configmaps/cm-p2`,
      `configmaps "cm-p2" is forbidden: ${noRelation('get', 'configmaps')}`,
    );
    assert.equal((await call(n2, 'GET', `${NS}/secrets/s2`)).code, 200);
  });

  it('a list or watch of one named secret is allowed; of the collection it is not', async () => {
    const list = await ok(n1, 'GET', `${NS}/secrets?fieldSelector=metadata.name%3Ds1`);
    assert.deepEqual(
      (list.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['s1'],
    );
    const watch = await call(
      n1,
      'GET',
      `${NS}/secrets?fieldSelector=metadata.name%3Ds1&watch=1&timeoutSeconds=1`,
    );
    assert.equal(watch.code, 200, JSON.stringify(watch.body));
    assert.match(String(watch.body.text ?? JSON.stringify(watch.body)), /"name":"s1"/);
    await refused(
      n1,
      'GET',
      `${NS}/secrets?fieldSelector=metadata.name%3Ds2&watch=1`,
      `secrets "s2" is forbidden: ${noRelation('watch', 'secrets')}`,
    );
    await refused(
      n1,
      'GET',
      `${NS}/secrets`,
      'secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found',
    );
    await refused(
      n1,
      'GET',
      '/api/v1/secrets',
      'secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" at the cluster scope: can only read namespaced object of this type',
    );
  });

  it('a deleted pod takes its secrets away from its node', async () => {
    await ok(admin, 'POST', `${NS}/pods`, pod('p3', 'n1', 'unused'));
    await waitFor(
      async () => (await call(n1, 'GET', `${NS}/secrets/unused`)).code === 200,
      'n1 reads unused',
    );
    await ok(admin, 'DELETE', `${NS}/pods/p3?gracePeriodSeconds=0`);
    await waitFor(
      async () => (await call(n1, 'GET', `${NS}/secrets/unused`)).code === 403,
      'n1 refused unused',
    );
  });

  it('SelfSubjectReview in v1, v1beta1 and v1alpha1', async () => {
    for (const v of ['v1', 'v1beta1', 'v1alpha1']) {
      const r = await ok(n1, 'POST', `/apis/authentication.k8s.io/${v}/selfsubjectreviews`, {
        apiVersion: `authentication.k8s.io/${v}`,
        kind: 'SelfSubjectReview',
      });
      assert.equal(r.apiVersion, `authentication.k8s.io/${v}`);
      assert.equal((r.status as { userInfo: { username: string } }).userInfo.username, 'system:node:n1');
    }
  });
});

describe('NodeRestriction', () => {
  it('n1 changes its own Node and status, not n2, and gives itself no role', async () => {
    await ok(n1, 'PATCH', '/api/v1/nodes/n1', { metadata: { labels: { 'example.com/team': 'a' } } }, merge);
    await ok(
      n1,
      'PATCH',
      '/api/v1/nodes/n1/status',
      { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } },
      merge,
    );
    await refused(
      n1,
      'PATCH',
      '/api/v1/nodes/n2',
      'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
      { metadata: { labels: { x: 'y' } } },
      merge,
    );
    await refused(
      n1,
      'PATCH',
      '/api/v1/nodes/n2/status',
      'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
      { status: { conditions: [] } },
      merge,
    );
    await refused(
      n1,
      'PATCH',
      '/api/v1/nodes/n1',
      'nodes "n1" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/control-plane',
      { metadata: { labels: { 'node-role.kubernetes.io/control-plane': 'true' } } },
      merge,
    );
    await refused(
      n1,
      'PATCH',
      '/api/v1/nodes/n1',
      'nodes "n1" is forbidden: node "n1" is not allowed to modify taints',
      { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } },
      merge,
    );
    await refused(
      n1,
      'DELETE',
      '/api/v1/nodes/n2',
      'nodes "n2" is forbidden: User "system:node:n1" cannot delete resource "nodes" in API group "" at the cluster scope',
    );
    // An admin may label it.
    await ok(
      admin,
      'PATCH',
      '/api/v1/nodes/n1',
      { metadata: { labels: { 'node-role.kubernetes.io/control-plane': 'true' } } },
      merge,
    );
  });

  it("n1 updates its pods' status only, and deletes and evicts only its pods", async () => {
    const status = { status: { phase: 'Running' } };
    await ok(n1, 'PATCH', `${NS}/pods/p1/status`, status, merge);
    await refused(
      n1,
      'PATCH',
      `${NS}/pods/p2/status`,
      'pods "p2" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
      status,
      merge,
    );
    await refused(
      n1,
      'PATCH',
      `${NS}/pods/p1`,
      'pods "p1" is forbidden: User "system:node:n1" cannot patch resource "pods" in API group "" in the namespace "default"',
      { metadata: { labels: { a: 'b' } } },
      merge,
    );
    await refused(
      n1,
      'DELETE',
      `${NS}/pods/p2`,
      'pods "p2" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
    );
    await refused(
      n1,
      'POST',
      `${NS}/pods/p2/eviction`,
      'pods "p2" is forbidden: node n1 can only evict pods with spec.nodeName set to itself',
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p2', namespace: 'default' } },
    );
    await refused(
      n1,
      'POST',
      `${NS}/pods`,
      'pods "x" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
      pod('x', 'n1', 's1'),
    );
    assert.equal((await call(admin, 'GET', `${NS}/pods/p2`)).code, 200);
  });

  it('tokens only for its own pods; leases only its own', async () => {
    const tokenFor = async (podName: string) => {
      const p = await ok(admin, 'GET', `${NS}/pods/${podName}`);
      return {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          boundObjectRef: {
            kind: 'Pod',
            apiVersion: 'v1',
            name: podName,
            uid: (p.metadata as { uid: string }).uid,
          },
        },
      };
    };
    const issued = await ok(n1, 'POST', `${NS}/serviceaccounts/default/token`, await tokenFor('p1'));
    assert.ok((issued.status as { token: string }).token);
    await refused(
      n1,
      'POST',
      `${NS}/serviceaccounts/default/token`,
      'serviceaccounts "default" is forbidden: node requested token bound to a pod scheduled on a different node',
      await tokenFor('p2'),
    );
    const lease = (name: string) => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name },
      spec: { holderIdentity: name },
    });
    const leases = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    await ok(n1, 'POST', leases, lease('n1'));
    await refused(
      n1,
      'POST',
      leases,
      'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
      lease('n2'),
    );
  });
});

describe('a kubelet under its node identity', () => {
  it('reads the client CA, registers, runs a pod with env from a config map and a secret', async () => {
    const cert = await cp.pki.issueClientCertificate({
      commonName: 'system:node:n3',
      organizations: ['system:nodes'],
    });
    const rest = new RestClient({
      server: `https://127.0.0.1:${cp.port}`,
      ca: cp.pki.serverCaPem,
      cert: cert.certPem,
      key: cert.keyPem,
    });
    const started: ContainerConfig[] = [];
    const runtime = new FakeRuntime({
      onStart: (cfg) => {
        started.push(cfg);
        return undefined;
      },
    });
    const root = fs.mkdtempSync(path.join(dir, 'kubelet-'));
    const kubelet = new Kubelet({
      rest,
      log: pino({ level: 'silent' }),
      nodeName: 'n3',
      nodeIPs: ['192.0.2.30'],
      runtime,
      images: runtime,
      rootDir: root,
      podLogsDir: path.join(root, 'logs'),
      port: 10250,
      clusterDns: ['10.43.0.10'],
      volumes: () => new FakeVolumes(),
      probes: () => new FakeProbes(),
      relistMs: 50,
      nodeStatusUpdateMs: 200,
    });
    try {
      // A joining agent reads the client CA the server publishes in kube-system.
      const adminRest = new RestClient({
        server: `https://127.0.0.1:${cp.port}`,
        ca: cp.pki.serverCaPem,
        cert: admin.certPem,
        key: admin.keyPem,
      });
      await publishClusterBootstrap(adminRest, {
        serverUrl: `https://127.0.0.1:${cp.port}`,
        serverCaPem: cp.pki.serverCaPem,
        clientCaPem: cp.pki.clientCaPem,
      });
      adminRest.close();
      await waitFor(
        () =>
          clusterClientCa(rest).then(
            (pem) => pem === cp.pki.clientCaPem,
            () => false,
          ),
        'n3 reads the client CA',
      );
      await kubelet.start();
      await ok(admin, 'POST', `${NS}/configmaps`, {
        metadata: { name: 'cm-p4' },
        data: { greeting: 'hello' },
      });
      await ok(admin, 'POST', `${NS}/secrets`, { metadata: { name: 's4' }, data: { token: 'c2VjcmV0' } });
      await ok(admin, 'POST', `${NS}/pods`, {
        metadata: { name: 'p4' },
        spec: {
          nodeName: 'n3',
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'c',
              image: 'busybox',
              env: [
                { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cm-p4', key: 'greeting' } } },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's4', key: 'token' } } },
              ],
            },
          ],
        },
      });
      await waitFor(async () => {
        const p = await call(admin, 'GET', `${NS}/pods/p4`);
        return (p.body.status as { phase?: string } | undefined)?.phase === 'Running';
      }, 'p4 Running');
      const env = started.find((c) => c.metadata.name === 'c')?.envs ?? [];
      assert.deepEqual(
        env.filter((e) => e.key === 'GREETING' || e.key === 'TOKEN').map((e) => `${e.key}=${e.value}`),
        ['GREETING=hello', 'TOKEN=secret'],
      );
      const node = await ok(admin, 'GET', '/api/v1/nodes/n3');
      const ready = (node.status as { conditions?: { type: string; status: string }[] }).conditions?.find(
        (c) => c.type === 'Ready',
      );
      assert.equal(ready?.status, 'True');
    } finally {
      await kubelet.stop();
      rest.close();
    }
  });
});
