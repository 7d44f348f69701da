import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ApiServer } from '../apiserver/api_server.js';
import type { ServiceAccountAdmissionOptions } from '../apiserver/admission/service_account.js';
import { Registry } from '../apiserver/registry/registry.js';
import type { ResourceDef } from '../apiserver/registry/resource.js';
import { startCompactor } from '../storage/compactor.js';
import { describeDatastore, openStore } from '../storage/open_store.js';
import type { Store } from '../storage/store.js';
import { x509Authenticator } from '../apiserver/auth/x509_authenticator.js';
import { serviceAccountKey } from '../apiserver/auth/service_account_token.js';
import { readTokenFile } from '../apiserver/auth/token_file.js';
import { identityFromPeerCertificate } from './certs/client_identity.js';
import { listenOrExplain } from '../component/listen.js';
import { writeKubeconfig } from './certs/kubeconfig.js';
import type { ClusterPki } from './certs/pki.js';
import { ensureClusterPki } from './certs/pki.js';
import { ensureServiceAccountKey } from './certs/service_account_key.js';

/** Options of the control plane. */
export interface ControlPlaneOptions {
  dataDir: string;
  /** etcd endpoints, or empty for the embedded SQLite store. */
  datastoreEndpoint?: string;
  /** HTTPS port of the API server (0 picks a free one). */
  httpsPort: number;
  /** Address to listen on (default all interfaces). */
  bindAddress?: string;
  compactionIntervalMs?: number;
  /** The resources served. */
  resources: ResourceDef[];
  log: Logger;
  /** An already open datastore (tests); otherwise one is opened from the options. */
  store?: Store;
  /** Options of the ServiceAccount admission plugin (default: pods need their account). */
  serviceAccountAdmission?: ServiceAccountAdmissionOptions;
  /** Further names and IPs the serving certificate carries (k3s' `--tls-san`). */
  tlsSans?: readonly string[];
  /** A static token file (`--token-auth-file`: CSV `token,user,uid,"group1,group2"`). */
  tokenAuthFile?: string;
  /** `RBAC` (the default: Node and RBAC authorizers, default policy) or `AlwaysAllow`. */
  authorization?: 'RBAC' | 'AlwaysAllow';
}

/** A running control plane. */
export interface ControlPlane {
  /** `https://127.0.0.1:<port>` */
  url: string;
  port: number;
  kubeconfigPath: string;
  api: ApiServer;
  /** The cluster's certificates (to issue the local node's kubelet serving certificate). */
  pki: ClusterPki;
  stop(): Promise<void>;
}

/**
 * Starts the control plane on this machine: the datastore, the cluster's certificates, the API
 * server on HTTPS (HTTP/2 with HTTP/1.1 fallback) and the admin kubeconfig in
 * `DIR/kubeconfig.yaml`. Restarting on the same data directory resumes the same cluster.
 */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const { log } = opts;
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const cfg = { dataDir: opts.dataDir, endpoint: opts.datastoreEndpoint };
  const store = opts.store ?? (await openStore(cfg));
  const ac = new AbortController();
  startCompactor(store, {
    intervalMs: opts.compactionIntervalMs,
    signal: ac.signal,
    onError: (err) => log.warn({ err }, 'compaction failed'),
    onCompacted: (revision) => log.debug({ revision }, 'compacted datastore history'),
  });

  const sans = opts.tlsSans ?? [];
  const pki = await ensureClusterPki(opts.dataDir, {
    hostnames: [os.hostname(), ...sans.filter((s) => net.isIP(s) === 0)],
    ips: sans.filter((s) => net.isIP(s) !== 0),
  });
  if (pki.generated.length) log.info({ files: pki.generated }, 'generated cluster certificates');

  const registry = new Registry();
  for (const def of opts.resources) registry.add(def);

  const saKey = await ensureServiceAccountKey(opts.dataDir);
  if (saKey.generated) log.info({ files: ['sa.key', 'sa.pub'] }, 'generated the service account signing key');

  // A connection's identity is computed once, from its verified client certificate.
  const authenticate = x509Authenticator(
    (cert) => identityFromPeerCertificate(cert, pki.clientCaPem),
    (err) => log.info({ err: err.message }, 'refused client certificate'),
  );

  // The API server's identity towards kubelets (logs, exec, port-forward, nodes/proxy).
  const kubeletClient = await pki.issueClientCertificate({
    commonName: 'kube-apiserver-kubelet-client',
    organizations: ['system:masters'],
  });

  let port = opts.httpsPort;
  if (port === 0) port = await freePort(opts.bindAddress ?? '0.0.0.0');
  const api = new ApiServer({
    advertise: { address: advertiseAddress(opts.bindAddress), port },
    store,
    registry,
    log,
    authenticate,
    auth: {
      authorization: opts.authorization ?? 'RBAC',
      serviceAccountKey: serviceAccountKey(saKey.privateKeyPem, saKey.publicKeyPem),
      staticTokens: opts.tokenAuthFile ? readTokenFile(opts.tokenAuthFile) : undefined,
    },
    serviceAccountAdmission: opts.serviceAccountAdmission,
    kubeletClient: { certPem: kubeletClient.certPem, keyPem: kubeletClient.keyPem },
    serverAddress: () =>
      `${opts.bindAddress && opts.bindAddress !== '0.0.0.0' ? opts.bindAddress : '127.0.0.1'}:${port}`,
  });
  await api.start();

  const server = http2.createSecureServer(
    {
      allowHTTP1: true,
      cert: pki.servingCertPem,
      key: pki.servingKeyPem,
      ca: [pki.clientCaPem],
      requestCert: true,
      rejectUnauthorized: false,
      settings: { maxConcurrentStreams: 1000 },
      maxSessionMemory: 64,
    },
    api.handle,
  );
  // kubectl's exec, attach and port-forward are HTTP/1.1 Upgrade requests (SPDY or WebSocket):
  // Node emits 'upgrade' for them on the HTTP/1.1 side of this server.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    api.handleUpgrade(req, socket, head);
  });
  server.on('sessionError', (err) => log.debug({ err }, 'http2 session error'));
  server.on('tlsClientError', (err) => log.debug({ err: err.message }, 'tls client error'));
  await listenOrExplain(server, port, opts.bindAddress ?? '0.0.0.0', 'the API server', '--https-port');
  port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = path.join(opts.dataDir, 'kubeconfig.yaml');
  await writeKubeconfig(kubeconfigPath, {
    server: url,
    caPem: pki.serverCaPem,
    clientCertPem: pki.adminCertPem,
    clientKeyPem: pki.adminKeyPem,
  });
  log.info({ url, kubeconfig: kubeconfigPath, datastore: describeDatastore(cfg) }, 'kubets API server ready');

  return {
    url,
    port,
    kubeconfigPath,
    api,
    pki,
    stop: async () => {
      ac.abort();
      api.stop();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long-lived watches would hold close() open: end their sessions.
        setTimeout(resolve, 2000).unref();
      });
      if (!opts.store) await store.close();
    },
  };
}

/** The address other machines reach the API server at: the bind address, or the first non-loopback IPv4. */
function advertiseAddress(bind: string | undefined): string {
  if (bind && bind !== '0.0.0.0') return bind;
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** A free TCP port on `host`. */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}
