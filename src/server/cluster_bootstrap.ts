/**
 * What a new node needs to find and join the cluster, published by the server at start as kubeadm
 * does: `kube-public/cluster-info` (a kubeconfig with the API server's address and CA, readable
 * without credentials), `kube-system/extension-apiserver-authentication` (the client CA, so a
 * kubelet can check the API server's client certificate), and the RBAC bindings that let
 * bootstrap tokens ask for node certificates (auto-approved) and nodes renew them.
 */
import { StatusError } from '../api/status_error.js';
import type { RestClient } from '../client/rest_client.js';
import { renderKubeconfig } from './certs/kubeconfig.js';

/** What the server publishes. */
export interface ClusterBootstrapInfo {
  /** The API server's address as other machines reach it, e.g. `https://10.0.0.1:6443`. */
  serverUrl: string;
  /** The CA of the API server's serving certificate (PEM). */
  serverCaPem: string;
  /** The CA of client certificates (PEM). */
  clientCaPem: string;
}

/** The ConfigMap kube-public/cluster-info's name. */
export const CLUSTER_INFO = 'cluster-info';
/** The ConfigMap holding the client CA (upstream's name and key). */
export const AUTHENTICATION_CONFIGMAP = 'extension-apiserver-authentication';
export const CLIENT_CA_KEY = 'client-ca-file';

const rbac = '/apis/rbac.authorization.k8s.io/v1';

/** Creates or updates the objects (idempotent; their previous contents are replaced). */
export async function publishClusterBootstrap(rest: RestClient, info: ClusterBootstrapInfo): Promise<void> {
  const kubeconfig = renderKubeconfig({ server: info.serverUrl, caPem: info.serverCaPem });
  await put(rest, '/api/v1/namespaces/kube-public/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CLUSTER_INFO, namespace: 'kube-public' },
    data: { kubeconfig },
  });
  await put(rest, '/api/v1/namespaces/kube-system/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: AUTHENTICATION_CONFIGMAP, namespace: 'kube-system' },
    data: { [CLIENT_CA_KEY]: info.clientCaPem },
  });
  await put(rest, `${rbac}/namespaces/kube-public/roles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [CLUSTER_INFO], verbs: ['get'] }],
  });
  await put(rest, `${rbac}/namespaces/kube-public/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'kubeadm:bootstrap-signer-clusterinfo',
    },
    subjects: [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:bootstrappers' },
    ],
  });
  await put(rest, `${rbac}/namespaces/kube-system/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'kubets:nodes-read-client-ca', namespace: 'kube-system' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'extension-apiserver-authentication-reader',
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:nodes' }],
  });
  const bindings: [string, string, string][] = [
    ['kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', 'system:bootstrappers'],
    [
      'kubeadm:node-autoapprove-bootstrap',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      'system:bootstrappers',
    ],
    [
      'kubeadm:node-autoapprove-certificate-rotation',
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
      'system:nodes',
    ],
  ];
  for (const [name, role, group] of bindings)
    await put(rest, `${rbac}/clusterrolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    });
}

/** Creates `obj` in the collection at `path`, or replaces the existing one's contents. */
async function put(
  rest: RestClient,
  path: string,
  obj: { metadata: { name: string; namespace?: string } } & Record<string, unknown>,
) {
  try {
    await rest.request({ method: 'POST', path, body: obj });
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 409)) throw err;
    const item = `${path}/${encodeURIComponent(obj.metadata.name)}`;
    const cur = await rest.request<{ metadata: { resourceVersion?: string } }>({ method: 'GET', path: item });
    await rest.request({
      method: 'PUT',
      path: item,
      body: { ...obj, metadata: { ...obj.metadata, resourceVersion: cur.metadata.resourceVersion } },
    });
  }
}
