/**
 * The components' own identities against an RBAC API server, as `kubets server` gives them: each
 * kubeconfig authenticates as its user, is allowed what its upstream role allows and refused
 * the rest; and a controller manager with `--use-service-account-credentials` runs each
 * controller as its own service account (a Deployment gets its ReplicaSet and pods; taking the
 * replicaset-controller's binding away stops the pods, with the refusal naming that account).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { StatusError } from '../../src/api/status_error.js';
import { RestClient } from '../../src/client/rest_client.js';
import type { ControllerManager } from '../../src/controllers/controller_manager.js';
import { startControllerManager } from '../../src/controllers/controller_manager.js';
import { ALL_CONTROLLERS } from '../../src/controllers/all_controllers.js';
import type { ComponentCredentials } from '../../src/server/component_credentials.js';
import { ensureComponentCredentials } from '../../src/server/component_credentials.js';
import type { TestCluster } from '../fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../fixtures/test_cluster.js';

let tc: TestCluster;
let dir: string;
let creds: ComponentCredentials;
const clients: RestClient[] = [];

function clientOf(file: string): RestClient {
  const c = RestClient.fromKubeconfig(file);
  clients.push(c);
  return c;
}

before(async () => {
  tc = await startTestCluster();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-ident-'));
  creds = await ensureComponentCredentials({
    dataDir: dir,
    server: tc.cp.url,
    pki: tc.cp.pki,
    nodeName: 'node-a',
  });
  await tc.rest.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/secrets',
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'precious' }, stringData: { a: 'b' } },
  });
});
after(async () => {
  for (const c of clients) c.close();
  await tc.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function whoAmI(rest: RestClient): Promise<{ username: string; groups: string[] }> {
  const review = await rest.request<{ status: { userInfo: { username: string; groups: string[] } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  return review.status.userInfo;
}

/** The status code of a request (200 for success). */
async function codeOf(rest: RestClient, method: 'GET' | 'POST' | 'DELETE', p: string, body?: unknown) {
  try {
    await rest.request({ method, path: p, body });
    return 200;
  } catch (err) {
    if (err instanceof StatusError) return err.code;
    throw err;
  }
}

describe('component identities', () => {
  it('each kubeconfig authenticates as its component', async () => {
    assert.equal((await whoAmI(clientOf(creds.scheduler))).username, 'system:kube-scheduler');
    assert.equal(
      (await whoAmI(clientOf(creds.controllerManager))).username,
      'system:kube-controller-manager',
    );
    assert.equal((await whoAmI(clientOf(creds.proxy))).username, 'system:kube-proxy');
    const dns = await whoAmI(clientOf(creds.dns));
    assert.equal(dns.username, 'system:serviceaccount:kube-system:coredns');
    assert.ok(dns.groups.includes('system:serviceaccounts:kube-system'));
    const node = await whoAmI(clientOf(creds.node!));
    assert.equal(node.username, 'system:node:node-a');
    assert.ok(node.groups.includes('system:nodes'));
  });

  it('the scheduler reads pods and nodes but may not touch secrets', async () => {
    const s = clientOf(creds.scheduler);
    assert.equal(await codeOf(s, 'GET', '/api/v1/pods'), 200);
    assert.equal(await codeOf(s, 'GET', '/api/v1/nodes'), 200);
    assert.equal(await codeOf(s, 'GET', '/apis/storage.k8s.io/v1/storageclasses'), 200);
    assert.equal(await codeOf(s, 'DELETE', '/api/v1/namespaces/default/secrets/precious'), 403);
    assert.equal(await codeOf(s, 'GET', '/api/v1/namespaces/default/secrets/precious'), 403);
  });

  it('kube-proxy reads services, slices and nodes, writes events, and nothing else', async () => {
    const p = clientOf(creds.proxy);
    assert.equal(await codeOf(p, 'GET', '/api/v1/services'), 200);
    assert.equal(await codeOf(p, 'GET', '/apis/discovery.k8s.io/v1/endpointslices'), 200);
    assert.equal(await codeOf(p, 'GET', '/api/v1/nodes'), 200);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'proxy-test.1', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-a' },
      reason: 'Test',
      message: 'written by kube-proxy',
      type: 'Normal',
    };
    assert.equal(await codeOf(p, 'POST', '/api/v1/namespaces/default/events', event), 200);
    assert.equal(await codeOf(p, 'GET', '/api/v1/pods'), 403);
    assert.equal(await codeOf(p, 'GET', '/api/v1/namespaces/default/secrets'), 403);
  });

  it('the DNS server reads what CoreDNS reads and registers only in kube-system', async () => {
    const d = clientOf(creds.dns);
    for (const p of ['/api/v1/services', '/api/v1/namespaces', '/apis/discovery.k8s.io/v1/endpointslices'])
      assert.equal(await codeOf(d, 'GET', p), 200, p);
    const svc = (ns: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dns-probe', namespace: ns },
      spec: { ports: [{ port: 53, protocol: 'UDP' }] },
    });
    assert.equal(await codeOf(d, 'POST', '/api/v1/namespaces/kube-system/services', svc('kube-system')), 200);
    assert.equal(await codeOf(d, 'POST', '/api/v1/namespaces/default/services', svc('default')), 403);
    assert.equal(await codeOf(d, 'GET', '/api/v1/namespaces/default/secrets'), 403);
  });

  it('the node is held to the node rules', async () => {
    const n = clientOf(creds.node!);
    assert.equal(await codeOf(n, 'GET', '/api/v1/pods'), 200);
    assert.equal(await codeOf(n, 'DELETE', '/api/v1/namespaces/default'), 403);
    assert.equal(await codeOf(n, 'GET', '/apis/apps/v1/deployments'), 403);
  });

  it('the controller manager lists everything but writes only what its role allows', async () => {
    const c = clientOf(creds.controllerManager);
    assert.equal(await codeOf(c, 'GET', '/apis/apps/v1/deployments'), 200);
    assert.equal(await codeOf(c, 'GET', '/api/v1/namespaces/default/secrets/precious'), 200);
    assert.equal(await codeOf(c, 'DELETE', '/api/v1/namespaces/default'), 403);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nope' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    assert.equal(await codeOf(c, 'POST', '/api/v1/namespaces/default/pods', pod), 403);
  });
});

describe('controllers with service account credentials', () => {
  let cm: ControllerManager;
  const lines: string[] = [];
  const RS_BINDING =
    '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:controller:replicaset-controller';

  before(async () => {
    // Take the replicaset controller's binding away first: its pods must then be refused.
    const binding = await tc.rest.request<Record<string, unknown>>({ method: 'GET', path: RS_BINDING });
    await tc.rest.request({ method: 'PUT', path: RS_BINDING, body: { ...binding, subjects: [] } });
    cm = await startControllerManager({
      rest: clientOf(creds.controllerManager),
      log: pino({ level: 'info' }, { write: (s: string) => void lines.push(s) }),
      useServiceAccountCredentials: true,
    });
  });
  after(async () => {
    await cm?.stop();
  });

  it('a Deployment makes its ReplicaSet and pods, each controller as its own account', async () => {
    await waitFor(() => cm.isLeading(), 'the controller manager to take the lease');
    await tc.rest.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      },
    });
    type List = { items: { metadata: { name: string } }[] };
    const rsList = () =>
      tc.rest.request<List>({ method: 'GET', path: '/apis/apps/v1/namespaces/default/replicasets' });
    await waitFor(
      async () => (await rsList()).items.length === 1,
      'the deployment controller to make a ReplicaSet',
    );

    // Without its binding, the replicaset controller is refused as its service account (even
    // its events and status: the log tells).
    const refusedAsItself = () =>
      lines.some((l) => /User \\"system:serviceaccount:kube-system:replicaset-controller\\" cannot/.test(l));
    await waitFor(refusedAsItself, 'the replicaset controller to be refused', 20_000);
    const pods = () => tc.rest.request<List>({ method: 'GET', path: '/api/v1/namespaces/default/pods' });
    assert.equal((await pods()).items.length, 0);

    // Given its binding back, the same controller makes the pods.
    const binding = await tc.rest.request<Record<string, unknown>>({ method: 'GET', path: RS_BINDING });
    await tc.rest.request({
      method: 'PUT',
      path: RS_BINDING,
      body: {
        ...binding,
        subjects: [{ kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'kube-system' }],
      },
    });
    await waitFor(async () => (await pods()).items.length === 2, 'two pods', 30_000);

    // The accounts were made by the controller manager and their tokens requested from the API.
    const sas = await tc.rest.request<List>({
      method: 'GET',
      path: '/api/v1/namespaces/kube-system/serviceaccounts',
    });
    const names = sas.items.map((s) => s.metadata.name);
    for (const d of ALL_CONTROLLERS)
      if (d.serviceAccount)
        assert.ok(names.includes(d.serviceAccount), `${d.serviceAccount} in ${names.join(', ')}`);

    // An account deleted under a running controller: its token is refused, and a new account
    // and token are made on the next request.
    await tc.rest.request({
      method: 'DELETE',
      path: '/api/v1/namespaces/kube-system/serviceaccounts/deployment-controller',
    });
    await waitFor(async () => {
      const list = await tc.rest.request<List>({
        method: 'GET',
        path: '/api/v1/namespaces/kube-system/serviceaccounts',
      });
      return !list.items.some((i) => i.metadata.name === 'deployment-controller');
    }, 'the account to go');
    await tc.rest.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      body: JSON.stringify({ spec: { replicas: 3 } }),
      contentType: 'application/merge-patch+json',
    });
    await waitFor(async () => (await pods()).items.length === 3, 'three pods', 30_000);
    await tc.rest.request({
      method: 'GET',
      path: '/api/v1/namespaces/kube-system/serviceaccounts/deployment-controller',
    });

    // No other controller was refused anything.
    const forbidden = lines.filter(
      (l) => /forbidden/i.test(l) && !l.includes('system:serviceaccount:kube-system:replicaset-controller'),
    );
    assert.deepEqual(forbidden, []);
  });
});
