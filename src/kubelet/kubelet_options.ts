/** What a kubelet is started with (`new Kubelet(options)`). */
import type { Logger } from 'pino';
import type { Node } from '../api/types/node.js';
import type { Clock } from '../client/clock.js';
import type { InformerFactory } from '../client/informer_factory.js';
import type { RestClient } from '../client/rest_client.js';
import type { ImageService, RuntimeService } from './cri/api.js';
import type { KubeletObjectSources, KubeletProbes, KubeletVolumes, ProbeHooks } from './kubelet_deps.js';
import type { KubeletMetrics } from './kubelet_metrics.js';
import type { Reservations } from './node_status.js';

/** Options of a kubelet. */
export interface KubeletOptions {
  rest: RestClient;
  log: Logger;
  nodeName: string;
  /** The node's addresses (InternalIP), first one preferred. */
  nodeIPs: string[];
  runtime: RuntimeService;
  images: ImageService;
  /** The kubelet's state directory (pods' volumes live under `<rootDir>/pods`). */
  rootDir: string;
  /** Where container logs go (upstream: /var/log/pods). */
  podLogsDir: string;
  /** The port of the kubelet's HTTPS server, reported in the node status. */
  port: number;
  clusterDns: string[];
  clusterDomain?: string;
  /** The node's resolv.conf (for dnsPolicy Default and forwarding); default /etc/resolv.conf. */
  resolvConf?: string;
  maxPods?: number;
  reservations?: Reservations;
  labels?: Record<string, string>;
  taints?: NonNullable<Node['spec']>['taints'];
  /** Builds the volume manager from the kubelet's object sources. */
  volumes: (sources: KubeletObjectSources) => KubeletVolumes;
  /** Builds the probe manager; `changed(uid)` asks for a sync of that pod. */
  probes: (hooks: ProbeHooks) => KubeletProbes;
  /** Called with the node's podCIDR once the node has one (to write the CNI config). */
  onPodCidr?: (cidr: string) => Promise<void>;
  /** Shared informers (hollow nodes share one set); the kubelet starts its own otherwise. */
  informers?: InformerFactory;
  /**
   * Watch every bound pod and every node through the shared informers and pick this node's
   * (hollow nodes: one watch for all of them) instead of a watch of its own for each.
   */
  sharedPodAndNodeWatch?: boolean;
  /** A directory of static pod manifests the kubelet runs (upstream's `staticPodPath`). */
  staticPodPath?: string;
  /** How often that directory is read (default 20 s, upstream's file check frequency). */
  staticPodCheckMs?: number;
  clock?: Clock;
  /** How often the runtime is relisted (default 1 s). */
  relistMs?: number;
  /** The metrics to record into (default: the kubelet's own; hollow nodes share one set). */
  metrics?: KubeletMetrics;
  /** How often every pod is synced regardless (default 60 s). */
  resyncMs?: number;
  nodeStatusUpdateMs?: number;
  /** Serve the kubelet's HTTPS API (logs, exec, port-forward, stats) on `port` with these certificates. */
  server?: KubeletServerTls;
}

/** The certificates of the kubelet's HTTPS server (PEM). */
export interface KubeletServerTls {
  certPem: string;
  keyPem: string;
  /** Clients (the API server) must present a certificate signed by this CA. */
  clientCaPem: string;
  /** Address to listen on (default all interfaces). */
  address?: string;
}
