/**
 * The users a node's kube-proxy and cluster DNS server talk to the API as, on the server's node
 * and on joined ones alike: kube-proxy as `system:kube-proxy` (bound to `system:node-proxier`)
 * and the DNS server as CoreDNS's service account (bound to `system:coredns`). A node may ask for
 * exactly these client certificates (the csrapproving controller approves them for nodes).
 */

/** A certificate subject: the user (CN) and its groups (O). */
export interface CertificateUser {
  commonName: string;
  organizations: string[];
}

/** kube-proxy's user. */
export const KUBE_PROXY_USER: CertificateUser = { commonName: 'system:kube-proxy', organizations: [] };

/** The cluster DNS server's user: CoreDNS's service account kube-system/coredns. */
export const CLUSTER_DNS_USER: CertificateUser = {
  commonName: 'system:serviceaccount:kube-system:coredns',
  organizations: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'],
};

/** The users a node may get client certificates for, besides its own. */
export const NODE_COMPONENT_USERS: readonly CertificateUser[] = [KUBE_PROXY_USER, CLUSTER_DNS_USER];
