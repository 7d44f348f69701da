/**
 * How a new node gets its identity, as kubeadm's join and the kubelet's TLS bootstrap do: with a
 * bootstrap token it reads `kube-public/cluster-info` (the API server's address and CA), pins
 * that CA against `--ca-cert-hash`, asks for a client certificate `system:node:<name>` through
 * the CertificateSigningRequest API (auto-approved for bootstrap tokens) and keeps it in
 * `DIR/kubelet.kubeconfig`; then it reads the client CA (to check the API server's calls to its
 * kubelet) and makes its kubelet's serving certificate. A node restarted on the same DIR reuses
 * its certificate while it is valid.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import { StatusError } from '../api/status_error.js';
import { sleep } from '../client/clock.js';
import { RestClient } from '../client/rest_client.js';
import { createCertificate } from '../server/certs/certificate.js';
import { createCertificateRequest } from '../server/certs/certificate_request.js';
import { matchesCaCertHash } from '../server/certs/ca_cert_hash.js';
import { writeKubeconfig } from '../server/certs/kubeconfig.js';
import { AUTHENTICATION_CONFIGMAP, CLIENT_CA_KEY, CLUSTER_INFO } from '../server/cluster_bootstrap.js';
import { componentIdentities } from '../server/component_credentials.js';

/** What joining needs. */
export interface JoinOptions {
  /** The API server, `https://host:port`. */
  server: string;
  /** A bootstrap token `<id>.<secret>` (only needed while the node has no certificate). */
  token?: string;
  /** kubeadm's `sha256:<hex>` pin of the cluster CA; required unless `unsafeSkipCaVerification`. */
  caCertHash?: string;
  unsafeSkipCaVerification?: boolean;
  nodeName: string;
  nodeIP: string;
  /** The node's directory (kubelet.kubeconfig, kubelet serving certificate). */
  dir: string;
  log: Logger;
  signal?: AbortSignal;
  /** How long to wait for the certificate (default 5 min). */
  approvalTimeoutMs?: number;
}

/** The node's credentials. */
export interface NodeCredentials {
  /** The node's kubeconfig (its client certificate). */
  kubeconfigPath: string;
  rest: RestClient;
  /** The kubelet's serving certificate and the CA of the clients it accepts. */
  kubeletTls: { certPem: string; keyPem: string; clientCaPem: string };
}

const RENEW_BEFORE_MS = 24 * 3600_000;

/** Gets (or reuses) the node's certificate and returns its API client; rejects with a clear reason. */
export async function joinCluster(opts: JoinOptions): Promise<NodeCredentials> {
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const kubeconfigPath = path.join(opts.dir, 'kubelet.kubeconfig');
  let rest = reuse(kubeconfigPath, opts);
  if (!rest) {
    if (!opts.token) throw new Error('this node has no certificate yet: give a bootstrap token with --token');
    const caPem = await discoverCa(opts);
    rest = await requestNodeCertificate(opts, caPem, kubeconfigPath);
  }
  return {
    kubeconfigPath,
    rest,
    kubeletTls: { ...(await kubeletServingCertificate(opts)), clientCaPem: await clusterClientCa(rest) },
  };
}

/**
 * The CA of the cluster's client certificates, as the API server publishes it in
 * kube-system/extension-apiserver-authentication (`client-ca-file`): the kubelet accepts the API
 * server's requests signed by it. Rejects when the ConfigMap is missing or holds none.
 */
export async function clusterClientCa(rest: RestClient): Promise<string> {
  const cm = await rest.request<{ data?: Record<string, string> }>({
    method: 'GET',
    path: `/api/v1/namespaces/kube-system/configmaps/${AUTHENTICATION_CONFIGMAP}`,
  });
  const clientCaPem = cm.data?.[CLIENT_CA_KEY];
  if (!clientCaPem) throw new Error(`kube-system/${AUTHENTICATION_CONFIGMAP} holds no ${CLIENT_CA_KEY}`);
  return clientCaPem;
}

/** The client of a kubeconfig whose certificate is valid for another day and names `commonName`. */
function reuseKubeconfig(
  kubeconfigPath: string,
  commonName: string,
  opts: Pick<JoinOptions, 'nodeName' | 'log'>,
): RestClient | undefined {
  if (!fs.existsSync(kubeconfigPath)) return undefined;
  try {
    const rest = RestClient.fromKubeconfig(kubeconfigPath, { userAgent: `kubets-agent/${opts.nodeName}` });
    const cert = new X509Certificate(rest.config.cert ?? '');
    if (
      Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS &&
      cert.subject.split('\n').includes(`CN=${commonName}`)
    )
      return rest;
    rest.close();
    opts.log.info(
      { kubeconfig: kubeconfigPath },
      'certificate expires soon or names another user: requesting a new one',
    );
  } catch (err) {
    opts.log.warn(
      { err: (err as Error).message, kubeconfig: kubeconfigPath },
      'kubeconfig unusable: requesting a new certificate',
    );
  }
  return undefined;
}

function reuse(kubeconfigPath: string, opts: JoinOptions): RestClient | undefined {
  return reuseKubeconfig(kubeconfigPath, `system:node:${opts.nodeName}`, opts);
}

/** Reads cluster-info with the token and returns the CA it names, pinned against the hash. */
async function discoverCa(opts: JoinOptions): Promise<string> {
  if (!opts.caCertHash && !opts.unsafeSkipCaVerification)
    throw new Error('--ca-cert-hash is required to trust the cluster CA (or --unsafe-skip-ca-verification)');
  // The CA is not known yet: the server is not verified here, the pin checks what it hands out.
  const insecure = new RestClient({ server: opts.server, token: opts.token, insecureSkipTLSVerify: true });
  let kubeconfig: string | undefined;
  try {
    const cm = await insecure.request<{ data?: { kubeconfig?: string } }>({
      method: 'GET',
      path: `/api/v1/namespaces/kube-public/configmaps/${CLUSTER_INFO}`,
    });
    kubeconfig = cm.data?.kubeconfig;
  } catch (err) {
    throw new Error(`reading kube-public/${CLUSTER_INFO} from ${opts.server}: ${(err as Error).message}`);
  } finally {
    insecure.close();
  }
  const cfg = parseYaml(kubeconfig ?? '') as { clusters?: { cluster?: Record<string, string> }[] } | null;
  const data = cfg?.clusters?.[0]?.cluster?.['certificate-authority-data'];
  if (!data) throw new Error(`kube-public/${CLUSTER_INFO} holds no cluster CA`);
  const caPem = Buffer.from(data, 'base64').toString();
  if (opts.caCertHash && !matchesCaCertHash(caPem, opts.caCertHash))
    throw new Error(
      `the cluster CA ${opts.server} handed out does not match --ca-cert-hash ${opts.caCertHash}`,
    );
  return caPem;
}

/** Asks for `system:node:<name>` with the token, waits for the certificate, writes the kubeconfig. */
async function requestNodeCertificate(
  opts: JoinOptions,
  caPem: string,
  kubeconfigPath: string,
): Promise<RestClient> {
  const bootstrap = new RestClient({
    server: opts.server,
    ca: caPem,
    token: opts.token,
    userAgent: `kubets-agent/${opts.nodeName}`,
  });
  try {
    await requestClientCertificate(bootstrap, {
      subject: { commonName: `system:node:${opts.nodeName}`, organizations: ['system:nodes'] },
      signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
      generateName: 'node-csr-',
      server: opts.server,
      caPem,
      kubeconfigPath,
      timeoutMs: opts.approvalTimeoutMs ?? 300_000,
      log: opts.log,
      signal: opts.signal,
      what: 'node certificate',
    });
    return RestClient.fromKubeconfig(kubeconfigPath, { userAgent: `kubets-agent/${opts.nodeName}` });
  } catch (err) {
    if (err instanceof StatusError && (err.code === 401 || err.code === 403))
      throw new Error(`the API server refused the bootstrap token: ${err.message}`);
    throw err;
  } finally {
    bootstrap.close();
  }
}

/** What `requestClientCertificate` asks for and where it keeps the result. */
interface ClientCertificateRequest {
  subject: { commonName: string; organizations: string[] };
  signerName: string;
  generateName: string;
  server: string;
  caPem: string;
  kubeconfigPath: string;
  timeoutMs: number;
  log: Logger;
  signal?: AbortSignal;
  /** How the certificate is named in messages. */
  what: string;
}

/**
 * Creates a CertificateSigningRequest through `client`, waits until it is issued and writes a
 * kubeconfig with the certificate; rejects when it is denied or fails, or after `timeoutMs`.
 */
async function requestClientCertificate(client: RestClient, req: ClientCertificateRequest): Promise<void> {
  const { csrPem, keyPem } = await createCertificateRequest(req.subject);
  const created = await client.request<{ metadata: { name: string } }>({
    method: 'POST',
    path: '/apis/certificates.k8s.io/v1/certificatesigningrequests',
    body: {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { generateName: req.generateName },
      spec: {
        request: Buffer.from(csrPem).toString('base64'),
        signerName: req.signerName,
        usages: ['digital signature', 'key encipherment', 'client auth'],
      },
    },
  });
  const name = created.metadata.name;
  req.log.info({ csr: name }, `waiting for the ${req.what} to be approved and issued`);
  const deadline = Date.now() + req.timeoutMs;
  for (;;) {
    const csr = await client.request<{
      status?: { certificate?: string; conditions?: { type: string; status: string; message?: string }[] };
    }>({ method: 'GET', path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}` });
    const bad = csr.status?.conditions?.find(
      (c) => (c.type === 'Denied' || c.type === 'Failed') && c.status === 'True',
    );
    if (bad)
      throw new Error(
        `certificate signing request ${name} was ${bad.type.toLowerCase()}: ${bad.message ?? ''}`,
      );
    if (csr.status?.certificate) {
      const certPem = Buffer.from(csr.status.certificate, 'base64').toString();
      await writeKubeconfig(req.kubeconfigPath, {
        server: req.server,
        caPem: req.caPem,
        clientCertPem: certPem,
        clientKeyPem: keyPem,
      });
      req.log.info({ csr: name, kubeconfig: req.kubeconfigPath }, `${req.what} issued`);
      return;
    }
    if (Date.now() > deadline)
      throw new Error(
        `certificate signing request ${name} was not approved in time (kubectl certificate approve ${name})`,
      );
    await sleep(500, req.signal);
  }
}

/**
 * The client a joined node's kube-proxy (`proxy`: `system:kube-proxy`) or cluster DNS server
 * (`dns`: CoreDNS's account) talks to the API with, as k3s hands its agents theirs: reused from
 * `DIR/kube-proxy.kubeconfig` or `DIR/coredns.kubeconfig` while valid, else asked for by the node
 * through the CertificateSigningRequest API (`kubernetes.io/kube-apiserver-client`; the
 * csrapproving controller approves exactly these subjects for nodes). Rejects when the
 * certificate is not issued in `timeoutMs` (default 60 s).
 */
export async function nodeComponentClient(
  opts: Pick<JoinOptions, 'nodeName' | 'dir' | 'log' | 'signal'>,
  node: RestClient,
  component: 'proxy' | 'dns',
  timeoutMs = 60_000,
): Promise<RestClient> {
  const id = componentIdentities()[component];
  const kubeconfigPath = path.join(opts.dir, `${id.file}.kubeconfig`);
  const reused = reuseKubeconfig(kubeconfigPath, id.commonName, opts);
  if (reused) return reused;
  await requestClientCertificate(node, {
    subject: { commonName: id.commonName, organizations: id.organizations },
    signerName: 'kubernetes.io/kube-apiserver-client',
    generateName: `${id.file}-csr-`,
    server: node.config.server,
    caPem: node.config.ca ?? '',
    kubeconfigPath,
    timeoutMs,
    log: opts.log,
    signal: opts.signal,
    what: `${id.file} certificate`,
  });
  return RestClient.fromKubeconfig(kubeconfigPath, { userAgent: `kubets-agent/${opts.nodeName}` });
}

/**
 * The kubelet's serving certificate kept in `dir` (`kubelet-serving.crt`/`.key`): reused while valid
 * for another day and naming `nodeIP`, else a new self-signed one for the node's name and address,
 * as upstream's kubelet makes one when given none.
 */
export async function kubeletServingCertificate(opts: {
  dir: string;
  nodeName: string;
  nodeIP: string;
}): Promise<{ certPem: string; keyPem: string }> {
  const certFile = path.join(opts.dir, 'kubelet-serving.crt');
  const keyFile = path.join(opts.dir, 'kubelet-serving.key');
  try {
    const certPem = fs.readFileSync(certFile, 'utf8');
    const keyPem = fs.readFileSync(keyFile, 'utf8');
    const cert = new X509Certificate(certPem);
    if (Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS && cert.checkIP(opts.nodeIP))
      return { certPem, keyPem };
  } catch {
    // missing or unreadable: made below
  }
  const now = Date.now();
  const made = await createCertificate({
    commonName: `${opts.nodeName}@${Math.floor(now / 1000)}`,
    usage: 'server',
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(now + 365 * 24 * 3600_000),
    dnsNames: [opts.nodeName],
    ips: [opts.nodeIP],
  });
  fs.writeFileSync(keyFile, made.keyPem, { mode: 0o600 });
  fs.writeFileSync(certFile, made.certPem, { mode: 0o644 });
  return made;
}
