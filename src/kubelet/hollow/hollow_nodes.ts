/**
 * Hollow nodes (after kubemark and kwok): many kubelets in one process, each the real kubelet
 * code driving its own FakeRuntime, sharing one set of informers (one watch of all bound pods,
 * one of all nodes) and a few API connections. Pods bound to them go Running and Ready at once,
 * so the control plane can be exercised at thousands of nodes without machines.
 */
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { InformerFactory } from '../../client/informer_factory.js';
import type { RestClient } from '../../client/rest_client.js';
import type { KubeletOptions } from '../kubelet_options.js';
import { Kubelet } from '../kubelet.js';
import { FakeProbes } from './fake_probes.js';
import { FakeRuntime } from './fake_runtime.js';
import { FakeVolumes } from './fake_volumes.js';
import { KubeletMetrics } from '../kubelet_metrics.js';

/** Options of a set of hollow nodes. */
export interface HollowNodesOptions {
  /** Clients to spread the nodes' requests over (one per connection). */
  clients: RestClient[];
  log: Logger;
  count: number;
  /** Node names are `<prefix><index>` (default `hollow-node-`). */
  prefix?: string;
  /** Where the kubelets keep their state (default a temp dir). */
  rootDir?: string;
  /** How many kubelets register at once (default 50). */
  startConcurrency?: number;
  /** Options passed to every kubelet (volumes and probes factories, intervals…). */
  kubelet?: Partial<KubeletOptions>;
}

/** A running set of hollow nodes. */
export interface HollowNodes {
  kubelets: Kubelet[];
  runtimes: FakeRuntime[];
  stop(): Promise<void>;
}

/** Starts `count` hollow nodes; resolves once all are registered. */
export async function startHollowNodes(opts: HollowNodesOptions): Promise<HollowNodes> {
  const prefix = opts.prefix ?? 'hollow-node-';
  const root = opts.rootDir ?? path.join(os.tmpdir(), 'kubets-hollow');
  const informers = new InformerFactory(opts.clients[0]!, { log: opts.log });
  const ac = new AbortController();
  const kubelets: Kubelet[] = [];
  const runtimes: FakeRuntime[] = [];
  const volumes = new FakeVolumes();
  const probes = new FakeProbes();
  // One set of kubelet metrics for the process, as upstream's kubemark (Go's metrics are global).
  const metrics = new KubeletMetrics();
  for (let i = 0; i < opts.count; i++) {
    const runtime = new FakeRuntime();
    runtimes.push(runtime);
    const name = `${prefix}${i}`;
    kubelets.push(
      new Kubelet({
        rest: opts.clients[i % opts.clients.length]!,
        log: opts.log.child({ node: name }),
        nodeName: name,
        nodeIPs: [`10.${64 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${(i % 256) + 1}`],
        runtime,
        images: runtime,
        rootDir: path.join(root, name),
        podLogsDir: path.join(root, name, 'logs'),
        port: 10250,
        clusterDns: ['10.43.0.10'],
        informers,
        sharedPodAndNodeWatch: true,
        labels: { kubemark: 'true' },
        volumes: () => volumes,
        probes: () => probes,
        relistMs: 2000,
        metrics,
        ...opts.kubelet,
      } as KubeletOptions),
    );
  }
  informers.start(ac.signal);
  const concurrency = opts.startConcurrency ?? 50;
  for (let i = 0; i < kubelets.length; i += concurrency) {
    await Promise.all(kubelets.slice(i, i + concurrency).map((k) => k.start()));
  }
  return {
    kubelets,
    runtimes,
    async stop() {
      await Promise.all(kubelets.map((k) => k.stop()));
      ac.abort();
    },
  };
}
