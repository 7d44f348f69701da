/**
 * A node, assembled: the node's own containerd (config, state and socket of its own, the sandbox
 * image built locally), the kubelet talking CRI to it and serving its HTTPS API on 10250, the CNI
 * bridge network written once the node has a podCIDR, routes to the other nodes' pods, and,
 * unless disabled, kube-proxy and the cluster DNS server on the node's address. Everything talks to the control plane only through
 * the API (`rest`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RestClient } from '../client/rest_client.js';
import { startDns } from '../dns/dns.js';
import { startNodeRoutes } from './node_routes.js';
import { startProxy } from '../proxy/proxier.js';
import { ensureBridgeNetfilter } from './bridge_netfilter.js';
import { ensureNetnsDirMount } from './netns_dir.js';
import { ensurePodMasquerade } from './pod_masquerade.js';
import { ensureBuiltinImages } from '../images/containerd_import.js';
import { startContainerd } from '../kubelet/containerd/containerd_process.js';
import { KUBETS_PAUSE_IMAGE } from '../kubelet/containerd/containerd_config.js';
import { cniConfList, findCniBinDir, writeCniConfig } from '../kubelet/containerd/cni_config.js';
import { CriClient } from '../kubelet/cri/cri_client.js';
import type { KubeletServerTls } from '../kubelet/kubelet_options.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { newProbeManager } from '../kubelet/prober/probe_manager.js';
import { createVolumeManager } from '../kubelet/volume/volume_manager.js';

/** Options of a node. */
export interface NodeAgentOptions {
  /** The node's client (the kubelet's identity, `system:node:<name>`). */
  rest: RestClient;
  /** kube-proxy's client (default `rest`). */
  proxyRest?: RestClient;
  /** The DNS server's client (default `rest`). */
  dnsRest?: RestClient;
  log: Logger;
  /** Stops the node when aborted (containers keep running; a restarted node adopts them). */
  signal: AbortSignal;
  nodeName: string;
  /** The node's InternalIP (never loopback). */
  nodeIP: string;
  /** The node's state: `containerd/`, `kubelet/`, `images/` below it. */
  dir: string;
  /** Container logs (default /var/log/pods). */
  podLogsDir?: string;
  /** The kubelet's HTTPS port (default 10250). */
  kubeletPort?: number;
  kubeletTls: KubeletServerTls;
  /** A CRI runtime already running (`unix://…`); default: start the node's own containerd. */
  criEndpoint?: string;
  /** The socket of the node's own containerd (default /run/kubets/containerd/containerd.sock). */
  containerdSocket?: string;
  /** The kube-dns Service address given to pods (default 10.43.0.10). */
  clusterDns?: string;
  clusterDomain?: string;
  /** The pods' network (the cluster CIDR, default 10.42.0.0/16), for kube-proxy's masquerading. */
  clusterCidr?: string;
  /** Run no kube-proxy on this node. */
  disableProxy?: boolean;
  /** Run no cluster DNS server on this node. */
  disableDns?: boolean;
  /** The DNS server's port (default 53). */
  dnsPort?: number;
  labels?: Record<string, string>;
}

/** A running node. */
export interface NodeAgent {
  nodeName: string;
  /** The CRI endpoint the kubelet uses. */
  criEndpoint: string;
  kubelet: Kubelet;
  /** Resolves once everything has stopped after the signal aborted. */
  done: Promise<void>;
}

/** Starts the node; resolves once the kubelet has registered the Node. */
export async function startNodeAgent(opts: NodeAgentOptions): Promise<NodeAgent> {
  const { log, signal } = opts;
  const cniBinDir = findCniBinDir();
  if (!opts.criEndpoint && !cniBinDir)
    throw new Error(
      'the CNI plugins (bridge, host-local, portmap, loopback) were not found in /opt/cni/bin or /usr/lib/cni: install containernetworking-plugins',
    );
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  // containerd stops last, once the kubelet and the rest no longer use it.
  const runtimeAc = new AbortController();
  const stopping: Promise<unknown>[] = [];
  let containerdDone: Promise<void> = Promise.resolve();

  let criEndpoint = opts.criEndpoint;
  let cniConfDir = path.join(opts.dir, 'containerd', 'cni', 'net.d');
  let containerdSocket: string | undefined;
  if (!criEndpoint) {
    const netnsWarning = await ensureNetnsDirMount();
    if (netnsWarning) log.warn(netnsWarning);
    const containerd = await startContainerd({
      dir: path.join(opts.dir, 'containerd'),
      socket: opts.containerdSocket,
      cniBinDir: cniBinDir!,
      cniConfDir,
      sandboxImage: KUBETS_PAUSE_IMAGE,
      log: log.child({ part: 'containerd' }),
      signal: runtimeAc.signal,
    });
    containerdDone = containerd.done;
    criEndpoint = containerd.endpoint;
    cniConfDir = containerd.cniConfDir;
    containerdSocket = containerd.socket;
  }
  const cri = new CriClient({ endpoint: criEndpoint });
  try {
    if (containerdSocket)
      await ensureBuiltinImages({
        address: containerdSocket,
        images: cri,
        dir: path.join(opts.dir, 'images'),
        log,
      });

    const kubelet = new Kubelet({
      rest: opts.rest,
      log: log.child({ part: 'kubelet' }),
      nodeName: opts.nodeName,
      nodeIPs: [opts.nodeIP],
      runtime: cri,
      images: cri,
      rootDir: path.join(opts.dir, 'kubelet'),
      podLogsDir: opts.podLogsDir ?? '/var/log/pods',
      port: opts.kubeletPort ?? 10250,
      clusterDns: [opts.clusterDns ?? '10.43.0.10'],
      clusterDomain: opts.clusterDomain,
      labels: opts.labels,
      volumes: (sources) => createVolumeManager(sources, { clusterDomain: opts.clusterDomain }),
      probes: (hooks) => newProbeManager(hooks),
      onPodCidr: async (cidr) => {
        if (opts.criEndpoint) return; // a runtime we did not start has its own network
        await ensurePodMasquerade(opts.clusterCidr ?? '10.42.0.0/16');
        // host-local's leases live with the node, so that two nodes on one machine never share them.
        const file = writeCniConfig(
          cniConfDir,
          cniConfList({ podCidr: cidr, ipamDataDir: path.join(opts.dir, 'cni', 'networks') }),
        );
        log.info({ podCidr: cidr, file }, 'pod network configured');
      },
      server: opts.kubeletTls,
    });
    await kubelet.start();
    stopping.push(
      new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true })).then(() =>
        kubelet.stop(),
      ),
    );

    // With our own network, pods reach other nodes' pods through host-gw routes.
    if (!opts.criEndpoint) {
      const routes = await startNodeRoutes({
        rest: opts.rest,
        log: log.child({ part: 'routes' }),
        signal,
        nodeName: opts.nodeName,
      });
      stopping.push(routes.done);
    }

    if (!opts.disableProxy) {
      const warning = await ensureBridgeNetfilter();
      if (warning) log.warn(warning);
      const proxy = await startProxy({
        rest: opts.proxyRest ?? opts.rest,
        log: log.child({ part: 'proxy' }),
        signal,
        nodeName: opts.nodeName,
        nodeIPs: [opts.nodeIP],
        clusterCidr: opts.clusterCidr ?? '10.42.0.0/16',
        metricsPort: -1,
      });
      stopping.push(proxy.done);
    }

    if (!opts.disableDns) {
      const dns = await startDns({
        rest: opts.dnsRest ?? opts.rest,
        log: log.child({ part: 'dns' }),
        signal,
        bindAddress: opts.nodeIP,
        port: opts.dnsPort ?? 53,
        clusterDomain: opts.clusterDomain,
        serviceIp: opts.clusterDns,
        nodeName: opts.nodeName,
        advertiseAddress: opts.nodeIP,
        metricsPort: -1,
      });
      stopping.push(dns.done);
    }
    const done = Promise.allSettled(stopping).then(async () => {
      cri.close();
      runtimeAc.abort();
      await containerdDone;
    });
    return { nodeName: opts.nodeName, criEndpoint, kubelet, done };
  } catch (err) {
    cri.close();
    runtimeAc.abort();
    await containerdDone;
    throw err;
  }
}
