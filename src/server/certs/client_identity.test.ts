import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import { connect as http2Connect, createSecureServer } from 'node:http2';
import type { ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { createCertificate } from './certificate.js';
import type { CertificateAndKey } from './certificate.js';
import { ClientCertificateError, identityFromPeerCertificate } from './client_identity.js';
import type { ClientIdentity } from './client_identity.js';
import { ensureClusterPki } from './pki.js';
import type { ClusterPki } from './pki.js';

/** What the server saw of one request. */
interface Seen {
  authorized: boolean;
  identity: ClientIdentity | null | 'error';
}

function identify(socket: TLSSocket, clientCaPem: string): Seen {
  let identity: Seen['identity'];
  try {
    identity = identityFromPeerCertificate(socket.getPeerCertificate(true), clientCaPem);
  } catch (err) {
    assert.ok(err instanceof ClientCertificateError, String(err));
    identity = 'error';
  }
  return { authorized: socket.authorized, identity };
}

async function withPki(fn: (pki: ClusterPki, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kubets-identity-'));
  try {
    await fn(await ensureClusterPki(dir, { hostnames: [], ips: [] }), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs an https server as the API server will, and returns what it saw for each client. */
async function httpsSeen(pki: ClusterPki, clients: (CertificateAndKey | undefined)[]): Promise<Seen[]> {
  const server = createServer(
    {
      cert: pki.servingCertPem,
      key: pki.servingKeyPem,
      requestCert: true,
      rejectUnauthorized: false,
      ca: [pki.clientCaPem],
    },
    (req, res) => res.end(JSON.stringify(identify(req.socket as TLSSocket, pki.clientCaPem))),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const seen: Seen[] = [];
    for (const client of clients) {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/',
        ca: pki.serverCaPem,
        servername: 'localhost',
        cert: client?.certPem,
        key: client?.keyPem,
        agent: false,
      });
      req.end();
      const [res] = (await once(req, 'response')) as [NodeJS.ReadableStream];
      let body = '';
      for await (const chunk of res) body += String(chunk);
      seen.push(JSON.parse(body) as Seen);
    }
    return seen;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('over https, the admin certificate is authorized and maps to system:admin in system:masters', () =>
  withPki(async (pki) => {
    const admin = { certPem: pki.adminCertPem, keyPem: pki.adminKeyPem };
    const node = await pki.issueClientCertificate({
      commonName: 'system:node:worker-1',
      organizations: ['system:nodes', 'system:authenticated-extra'],
    });
    const controller = await pki.issueClientCertificate({ commonName: 'system:kube-controller-manager' });
    const seen = await httpsSeen(pki, [admin, node, controller, undefined]);
    assert.deepEqual(seen, [
      { authorized: true, identity: { user: 'system:admin', groups: ['system:masters'] } },
      {
        authorized: true,
        identity: { user: 'system:node:worker-1', groups: ['system:nodes', 'system:authenticated-extra'] },
      },
      { authorized: true, identity: { user: 'system:kube-controller-manager', groups: [] } },
      { authorized: false, identity: null },
    ]);
  }));

test('over https, a client certificate from another CA is not authorized and is refused', () =>
  withPki(async (pki, dir) => {
    const other = await ensureClusterPki(join(dir, 'other'), { hostnames: [], ips: [] });
    // Also the cluster's own *server* CA: it is not the client CA.
    const fromServerCa = await createCertificate(
      {
        commonName: 'system:admin',
        organizations: ['system:masters'],
        usage: 'client',
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
      },
      { certPem: pki.serverCaPem, keyPem: await readKey(dir, 'server-ca.key') },
    );
    const seen = await httpsSeen(pki, [
      { certPem: other.adminCertPem, keyPem: other.adminKeyPem },
      fromServerCa,
    ]);
    assert.deepEqual(seen, [
      { authorized: false, identity: 'error' },
      { authorized: false, identity: 'error' },
    ]);
  }));

test('over http2, the admin certificate is authorized and identified', () =>
  withPki(async (pki) => {
    const sessions = new Set<ServerHttp2Session>();
    const server = createSecureServer(
      {
        cert: pki.servingCertPem,
        key: pki.servingKeyPem,
        requestCert: true,
        rejectUnauthorized: false,
        ca: [pki.clientCaPem],
      },
      (req, res) => res.end(JSON.stringify(identify(req.socket as unknown as TLSSocket, pki.clientCaPem))),
    );
    server.on('session', (session) => sessions.add(session));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const client = http2Connect(`https://127.0.0.1:${port}`, {
      ca: pki.serverCaPem,
      cert: pki.adminCertPem,
      key: pki.adminKeyPem,
    });
    try {
      const stream = client.request({ ':path': '/' });
      let body = '';
      stream.setEncoding('utf8');
      for await (const chunk of stream) body += String(chunk);
      assert.deepEqual(JSON.parse(body), {
        authorized: true,
        identity: { user: 'system:admin', groups: ['system:masters'] },
      });
    } finally {
      client.close();
      for (const session of sessions) session.destroy();
      server.close();
    }
  }));

test('no certificate gives null', () => {
  assert.equal(identityFromPeerCertificate(undefined, 'unused'), null);
  // What getPeerCertificate() returns when the client sent none.
  assert.equal(
    identityFromPeerCertificate({} as Parameters<typeof identityFromPeerCertificate>[0], 'unused'),
    null,
  );
});

test('expired, not-yet-valid, server-only and CN-less certificates are refused', () =>
  withPki(async (pki, dir) => {
    const clientCa = { certPem: pki.clientCaPem, keyPem: await readKey(dir, 'client-ca.key') };
    const now = Date.now();
    const make = (commonName: string, usage: 'client' | 'server', from: number, to: number) =>
      createCertificate({ commonName, usage, notBefore: new Date(from), notAfter: new Date(to) }, clientCa);
    const cases: [string, CertificateAndKey][] = [
      ['expired', await make('a', 'client', now - 10 * 86_400_000, now - 86_400_000)],
      ['not yet valid', await make('a', 'client', now + 86_400_000, now + 10 * 86_400_000)],
      ['server only', await make('a', 'server', now - 60_000, now + 86_400_000)],
      ['no CN', await make('', 'client', now - 60_000, now + 86_400_000)],
    ];
    for (const [name, pair] of cases) {
      assert.throws(
        () => identityFromPeerCertificate(peer(pair.certPem), pki.clientCaPem),
        ClientCertificateError,
        name,
      );
    }
    const good = await make('someone', 'client', now - 60_000, now + 86_400_000);
    assert.deepEqual(identityFromPeerCertificate(peer(good.certPem), pki.clientCaPem), {
      user: 'someone',
      groups: [],
    });
    assert.throws(
      () => identityFromPeerCertificate(peer(good.certPem), pki.clientCaPem, new Date(now + 2 * 86_400_000)),
      ClientCertificateError,
    );
  }));

/** A peer certificate as Node's TLS socket would give it, for the fields the function reads. */
function peer(certPem: string): Parameters<typeof identityFromPeerCertificate>[0] {
  const cert = new X509Certificate(certPem);
  const subject: Record<string, string | string[]> = {};
  for (const line of cert.subject.split('\n')) {
    const [key, value] = line.split('=', 2) as [string, string];
    const previous = subject[key];
    subject[key] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { raw: cert.raw, subject } as unknown as Parameters<typeof identityFromPeerCertificate>[0];
}

function readKey(dir: string, name: string): Promise<string> {
  return readFile(join(dir, 'tls', name), 'utf8');
}
