/**
 * The identities the components of `kubets server` talk to the API server with, as k3s gives
 * each its own client certificate instead of the admin's: the scheduler (`system:kube-scheduler`),
 * the controller manager (`system:kube-controller-manager`), kube-proxy (`system:kube-proxy`),
 * the cluster DNS server (CoreDNS's service account `system:serviceaccount:kube-system:coredns`)
 * and the server's own node (`system:node:<name>` in `system:nodes`). RBAC's default roles and the
 * Node authorizer then decide what each may do, as upstream's.
 */
import type { X509Certificate } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CLUSTER_DNS_USER, KUBE_PROXY_USER } from '../api/node_component_users.js';
import { KubeconfigError, loadKubeconfig } from '../client/kubeconfig.js';
import { writeKubeconfig } from './certs/kubeconfig.js';
import type { ClusterPki } from './certs/pki.js';
import { leafIsGood } from './certs/pki.js';

/** A component's user: the certificate's CN and O values. */
export interface ComponentIdentity {
  /** The kubeconfig's file name without `.kubeconfig`. */
  file: string;
  commonName: string;
  organizations: string[];
}

/** The kubeconfig files of the components, by component. */
export interface ComponentCredentials {
  scheduler: string;
  controllerManager: string;
  proxy: string;
  dns: string;
  /** The node's kubelet (when a node name was given). */
  node?: string;
  /** Kubeconfigs written by this call (new or renewed certificates, or a new server address). */
  written: string[];
}

/** Options of `ensureComponentCredentials`. */
export interface ComponentCredentialsOptions {
  /** The server's data directory: the kubeconfigs go to `DIR/cred`. */
  dataDir: string;
  /** The API server's URL the components use. */
  server: string;
  pki: ClusterPki;
  /** The server's own node, when it runs one. */
  nodeName?: string;
  now?: () => Date;
}

const DIR_MODE = 0o700;

/** The identity of each component, as `ComponentCredentials` names them. */
export interface ComponentIdentities {
  scheduler: ComponentIdentity;
  controllerManager: ComponentIdentity;
  proxy: ComponentIdentity;
  dns: ComponentIdentity;
  node?: ComponentIdentity;
}

/** The components' identities (the node's when `nodeName` is given), as k3s names them. */
export function componentIdentities(nodeName?: string): ComponentIdentities {
  return {
    scheduler: { file: 'kube-scheduler', commonName: 'system:kube-scheduler', organizations: [] },
    controllerManager: {
      file: 'kube-controller-manager',
      commonName: 'system:kube-controller-manager',
      organizations: [],
    },
    proxy: { file: 'kube-proxy', ...KUBE_PROXY_USER },
    dns: { file: 'coredns', ...CLUSTER_DNS_USER },
    node: nodeName
      ? { file: 'kubelet', commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] }
      : undefined,
  };
}

/** The CN and O values of a certificate's subject. */
function subjectOf(cert: X509Certificate): { cn: string[]; o: string[] } {
  const cn: string[] = [];
  const o: string[] = [];
  for (const line of cert.subject.split('\n')) {
    if (line.startsWith('CN=')) cn.push(line.slice(3));
    else if (line.startsWith('O=')) o.push(line.slice(2));
  }
  return { cn, o };
}

/** Whether `cert` names exactly `id`. */
function namesIdentity(cert: X509Certificate, id: ComponentIdentity): boolean {
  const { cn, o } = subjectOf(cert);
  return (
    cn.length === 1 &&
    cn[0] === id.commonName &&
    o.length === id.organizations.length &&
    [...o].sort().join('\n') === [...id.organizations].sort().join('\n')
  );
}

/**
 * Makes sure `DIR/cred/<file>.kubeconfig` exists (mode 0600, the directory 0700) for each
 * component, reusing the certificate already there while it is issued by the current client CA,
 * matches its key, names the same identity and is more than 90 days from expiry (as the cluster's
 * other certificates); otherwise a new one is issued from the client CA. A kubeconfig whose
 * certificate is kept but whose server or CA changed is rewritten with the same certificate.
 */
export async function ensureComponentCredentials(
  opts: ComponentCredentialsOptions,
): Promise<ComponentCredentials> {
  const now = opts.now ?? (() => new Date());
  const dir = path.join(opts.dataDir, 'cred');
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await chmod(dir, DIR_MODE);
  const written: string[] = [];
  const ensure = async (id: ComponentIdentity): Promise<string> => {
    const file = path.join(dir, `${id.file}.kubeconfig`);
    let existing: { cert?: string; key?: string; server: string; ca?: string } | undefined;
    try {
      existing = loadKubeconfig(file);
    } catch (err) {
      if (!(err instanceof KubeconfigError)) throw err;
    }
    let pair: { certPem: string; keyPem: string } | undefined;
    if (
      existing?.cert &&
      existing.key &&
      leafIsGood(existing.cert, existing.key, { certPem: opts.pki.clientCaPem }, now(), (c) =>
        namesIdentity(c, id),
      )
    ) {
      pair = { certPem: existing.cert, keyPem: existing.key };
      if (existing.server === opts.server && existing.ca === opts.pki.serverCaPem) return file;
    }
    pair ??= await opts.pki.issueClientCertificate({
      commonName: id.commonName,
      organizations: id.organizations,
    });
    await writeKubeconfig(file, {
      server: opts.server,
      caPem: opts.pki.serverCaPem,
      clientCertPem: pair.certPem,
      clientKeyPem: pair.keyPem,
    });
    written.push(file);
    return file;
  };
  const ids = componentIdentities(opts.nodeName);
  return {
    scheduler: await ensure(ids.scheduler),
    controllerManager: await ensure(ids.controllerManager),
    proxy: await ensure(ids.proxy),
    dns: await ensure(ids.dns),
    node: ids.node ? await ensure(ids.node) : undefined,
    written,
  };
}
