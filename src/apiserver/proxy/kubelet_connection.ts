/**
 * How the API server reaches a node's kubelet: the node's address (InternalIP, then Hostname)
 * and `status.daemonEndpoints.kubeletEndpoint.Port`, over TLS with the API server's kubelet
 * client certificate. The kubelet's serving certificate is verified only when a CA is given (as
 * upstream without `--kubelet-certificate-authority`).
 */
import type { ConnectionOptions } from 'node:tls';
import { badRequestError } from '../../api/status_error.js';

/** The API server's credentials towards kubelets (PEM). */
export interface KubeletClientOptions {
  certPem: string;
  keyPem: string;
  /** Verify the kubelets' serving certificates against this CA (default: not verified). */
  caPem?: string;
}

/** Where a kubelet listens. */
export interface KubeletEndpoint {
  host: string;
  port: number;
}

interface NodeLike {
  metadata: { name?: string };
  status?: {
    addresses?: { type: string; address: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port: number } };
  };
}

/** The default kubelet port, when the node reports none. */
export const DEFAULT_KUBELET_PORT = 10250;

/** The kubelet endpoint of a node; 400 when the node reports no usable address. */
export function kubeletEndpoint(node: NodeLike): KubeletEndpoint {
  const addrs = node.status?.addresses ?? [];
  const host =
    addrs.find((a) => a.type === 'InternalIP')?.address ?? addrs.find((a) => a.type === 'Hostname')?.address;
  if (!host)
    throw badRequestError(
      `no preferred addresses found; known addresses: [${addrs.map((a) => `{${a.type} ${a.address}}`).join(' ')}]`,
    );
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
  return { host, port };
}

/** The `https://host:port` base URL of an endpoint. */
export function kubeletBaseUrl(ep: KubeletEndpoint): string {
  const host = ep.host.includes(':') ? `[${ep.host}]` : ep.host;
  return `https://${host}:${ep.port}`;
}

/** TLS options for connecting to a kubelet. */
export function kubeletTls(opts: KubeletClientOptions | undefined): ConnectionOptions {
  if (!opts) return { rejectUnauthorized: false };
  return {
    cert: opts.certPem,
    key: opts.keyPem,
    ...(opts.caPem ? { ca: [opts.caPem], rejectUnauthorized: true } : { rejectUnauthorized: false }),
  };
}
