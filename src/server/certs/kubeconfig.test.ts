import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { identityFromPeerCertificate } from './client_identity.js';
import type { ClientIdentity } from './client_identity.js';
import { renderKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { ensureClusterPki } from './pki.js';

const run = promisify(execFile);

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubets-kubeconfig-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the real kubectl with its cache kept inside `dir`. */
async function kubectl(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', [...args, '--cache-dir', join(dir, 'cache')], {
    timeout: 30_000,
    env: { ...process.env, HOME: dir, KUBECONFIG: '' },
  });
  return stdout;
}

interface KubeconfigView {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

test('renderKubeconfig writes the standard fields', () => {
  const text = renderKubeconfig({
    server: 'https://127.0.0.1:6443',
    caPem: 'CA',
    clientCertPem: 'CERT',
    clientKeyPem: 'KEY',
  });
  assert.equal(
    text,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- cluster:',
      '    certificate-authority-data: "Q0E="',
      '    server: "https://127.0.0.1:6443"',
      '  name: "default"',
      'contexts:',
      '- context:',
      '    cluster: "default"',
      '    user: "default"',
      '  name: "default"',
      'current-context: "default"',
      'preferences: {}',
      'users:',
      '- name: "default"',
      '  user:',
      '    client-certificate-data: "Q0VSVA=="',
      '    client-key-data: "S0VZ"',
      '',
    ].join('\n'),
  );
});

test('kubectl reads the kubeconfig back: names, server and data decode to the PEMs', () =>
  withDir(async (dir) => {
    const pki = await ensureClusterPki(join(dir, 'data'), { hostnames: [], ips: [] });
    const path = join(dir, 'etc', 'kubeconfig.yaml');
    const opts = {
      server: 'https://127.0.0.1:6443',
      caPem: pki.serverCaPem,
      clientCertPem: pki.adminCertPem,
      clientKeyPem: pki.adminKeyPem,
      clusterName: 'kubets: "main"',
      userName: 'admin #1',
      contextName: 'ctx',
    };
    await writeKubeconfig(path, opts);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(await readFile(path, 'utf8'), renderKubeconfig(opts));

    const view = JSON.parse(
      await kubectl(dir, ['config', 'view', '--raw', '-o', 'json', '--kubeconfig', path]),
    ) as KubeconfigView;
    assert.equal(view['current-context'], 'ctx');
    assert.deepEqual(view.contexts, [
      { name: 'ctx', context: { cluster: 'kubets: "main"', user: 'admin #1' } },
    ]);
    assert.equal(view.clusters.length, 1);
    assert.equal(view.clusters[0]?.name, 'kubets: "main"');
    assert.equal(view.clusters[0]?.cluster.server, 'https://127.0.0.1:6443');
    assert.equal(decode(view.clusters[0]?.cluster['certificate-authority-data'] ?? ''), pki.serverCaPem);
    assert.equal(view.users.length, 1);
    assert.equal(view.users[0]?.name, 'admin #1');
    assert.equal(decode(view.users[0]?.user['client-certificate-data'] ?? ''), pki.adminCertPem);
    assert.equal(decode(view.users[0]?.user['client-key-data'] ?? ''), pki.adminKeyPem);
  }));

test('kubectl trusts the serving certificate and presents the admin certificate', () =>
  withDir(async (dir) => {
    const pki = await ensureClusterPki(join(dir, 'data'), { hostnames: [], ips: [] });
    const seen: { path: string; authorized: boolean; identity: ClientIdentity | null }[] = [];
    const server = createServer(
      {
        cert: pki.servingCertPem,
        key: pki.servingKeyPem,
        requestCert: true,
        rejectUnauthorized: false,
        ca: [pki.clientCaPem],
      },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        const path = new URL(req.url ?? '/', 'https://localhost').pathname;
        seen.push({
          path,
          authorized: socket.authorized,
          identity: identityFromPeerCertificate(socket.getPeerCertificate(true), pki.clientCaPem),
        });
        if (path !== '/version' || !socket.authorized) {
          res.writeHead(path === '/version' ? 401 : 404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const path = join(dir, 'kubeconfig.yaml');
      await writeKubeconfig(path, {
        server: `https://127.0.0.1:${port}`,
        caPem: pki.serverCaPem,
        clientCertPem: pki.adminCertPem,
        clientKeyPem: pki.adminKeyPem,
      });
      const out = JSON.parse(
        await kubectl(dir, ['--kubeconfig', path, '--request-timeout', '20s', 'version', '-o', 'json']),
      ) as { serverVersion?: { major: string; minor: string; gitVersion: string } };
      const { major, minor, gitVersion } = out.serverVersion ?? {};
      assert.deepEqual({ major, minor, gitVersion }, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
      assert.ok(seen.length > 0);
      for (const s of seen) {
        assert.deepEqual(s, {
          path: '/version',
          authorized: true,
          identity: { user: 'system:admin', groups: ['system:masters'] },
        });
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }));
