import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { identityFromPeerCertificate } from './certs/client_identity.js';
import type { ClusterPki } from './certs/pki.js';
import { ensureClusterPki } from './certs/pki.js';
import { ensureComponentCredentials } from './component_credentials.js';

let dir: string;
let pki: ClusterPki;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-cred-'));
  pki = await ensureClusterPki(dir, { hostnames: [], ips: [] });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The identity the API server's x509 authenticator sees for a kubeconfig's certificate. */
function identityOf(file: string): { user: string; groups: string[] } | null {
  const cfg = loadKubeconfig(file);
  const cert = new X509Certificate(cfg.cert!);
  const subject: Record<string, string | string[]> = {};
  for (const line of cert.subject.split('\n')) {
    const [k, v] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    const prev = subject[k];
    subject[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  // The shape tls.getPeerCertificate gives.
  return identityFromPeerCertificate(
    { raw: cert.raw, subject } as unknown as Parameters<typeof identityFromPeerCertificate>[0],
    pki.clientCaPem,
  );
}

describe('ensureComponentCredentials', () => {
  it('writes one kubeconfig per component, 0600 in a 0700 directory, each naming its identity', async () => {
    const creds = await ensureComponentCredentials({
      dataDir: dir,
      server: 'https://127.0.0.1:6443',
      pki,
      nodeName: 'node-a',
    });
    assert.equal(creds.written.length, 5);
    assert.equal(fs.statSync(path.join(dir, 'cred')).mode & 0o777, 0o700);
    for (const f of creds.written) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);
    assert.deepEqual(identityOf(creds.scheduler), { user: 'system:kube-scheduler', groups: [] });
    assert.deepEqual(identityOf(creds.controllerManager), {
      user: 'system:kube-controller-manager',
      groups: [],
    });
    assert.deepEqual(identityOf(creds.proxy), { user: 'system:kube-proxy', groups: [] });
    assert.deepEqual(identityOf(creds.dns), {
      user: 'system:serviceaccount:kube-system:coredns',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'],
    });
    assert.deepEqual(identityOf(creds.node!), { user: 'system:node:node-a', groups: ['system:nodes'] });
    const cfg = loadKubeconfig(creds.scheduler);
    assert.equal(cfg.server, 'https://127.0.0.1:6443');
    assert.equal(cfg.ca, pki.serverCaPem);
  });

  it('reuses the certificates on restart, rewriting only for a new server address', async () => {
    const first = loadKubeconfig(path.join(dir, 'cred', 'kube-proxy.kubeconfig'));
    const same = await ensureComponentCredentials({
      dataDir: dir,
      server: 'https://127.0.0.1:6443',
      pki,
      nodeName: 'node-a',
    });
    assert.deepEqual(same.written, []);
    const moved = await ensureComponentCredentials({
      dataDir: dir,
      server: 'https://127.0.0.1:7443',
      pki,
      nodeName: 'node-a',
    });
    assert.equal(moved.written.length, 5);
    const again = loadKubeconfig(moved.proxy);
    assert.equal(again.server, 'https://127.0.0.1:7443');
    assert.equal(again.cert, first.cert, 'the certificate is kept');
    assert.equal(again.key, first.key);
  });

  it('issues a new certificate when the node is renamed or a file is damaged', async () => {
    const before = loadKubeconfig(path.join(dir, 'cred', 'kubelet.kubeconfig'));
    fs.writeFileSync(path.join(dir, 'cred', 'kube-scheduler.kubeconfig'), 'not: [a kubeconfig');
    const renamed = await ensureComponentCredentials({
      dataDir: dir,
      server: 'https://127.0.0.1:7443',
      pki,
      nodeName: 'node-b',
    });
    assert.deepEqual(renamed.written.map((f) => path.basename(f)).sort(), [
      'kube-scheduler.kubeconfig',
      'kubelet.kubeconfig',
    ]);
    assert.notEqual(loadKubeconfig(renamed.node!).cert, before.cert);
    assert.deepEqual(identityOf(renamed.node!), { user: 'system:node:node-b', groups: ['system:nodes'] });
    assert.deepEqual(identityOf(renamed.scheduler), { user: 'system:kube-scheduler', groups: [] });
  });

  it('issues new certificates when the client CA changed', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-cred-other-'));
    try {
      const otherPki = await ensureClusterPki(other, { hostnames: [], ips: [] });
      fs.cpSync(path.join(dir, 'cred'), path.join(other, 'cred'), { recursive: true });
      const creds = await ensureComponentCredentials({
        dataDir: other,
        server: 'https://127.0.0.1:7443',
        pki: otherPki,
      });
      assert.equal(creds.written.length, 4, 'no node given: no kubelet kubeconfig');
      assert.equal(creds.node, undefined);
      const cert = new X509Certificate(loadKubeconfig(creds.proxy).cert!);
      assert.ok(cert.checkIssued(new X509Certificate(otherPki.clientCaPem)));
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
