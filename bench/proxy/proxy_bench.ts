/**
 * kube-proxy benchmark at upstream's SLI scale, 1,000 Services and 10,000 endpoints (10 per
 * service, in one EndpointSlice each). Figures, one JSON line each:
 *  - compute: services + slices → rules → iptables-restore text, the pure part of one sync
 *    (median and p99 of repeated runs), with the rule counts per table;
 *  - apply_initial: a full sync of those rules into a network namespace made for the run (the
 *    iptables-save the backend reads, then `iptables-restore --noflush` of everything);
 *  - apply_update: a partial sync after one endpoint changed (only the changed chains written);
 *  - programming_latency: an in-process API server and `startProxy` applying into the
 *    namespace; time from an EndpointSlice update (written through the API) to the rules with
 *    the change applied — upstream's network programming latency SLI (goal: p99 under 1 s).
 *    The proxy runs with minSyncMs 0 here, so the figure is kubets' own work, not the 1 s
 *    coalescing delay a default proxy adds.
 * Needs root and iptables. No peer is run beside it: upstream's figure is its SLO (p99 ≤ 1 s).
 *
 *   node dist/bench/proxy/proxy_bench.js [--services N] [--per-service N] [--updates N]
 */
import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { pino } from 'pino';
import type { EndpointSlice, Service } from '../../src/api/types/service.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { IptablesBackend } from '../../src/proxy/iptables_backend.js';
import type { ProxyRules } from '../../src/proxy/iptables_rules.js';
import { computeRules, renderRestore, ruleCounts } from '../../src/proxy/iptables_rules.js';
import { startProxy } from '../../src/proxy/proxier.js';
import { servicePorts } from '../../src/proxy/service_ports.js';
import { manyServices } from '../../test/fixtures/proxy_objects.js';
import { startTestCluster } from '../../test/fixtures/test_cluster.js';
import { emit, percentile } from '../support/bench_server.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '1000' },
    'per-service': { type: 'string', default: '10' },
    updates: { type: 'string', default: '30' },
  },
});
const nServices = Number(values.services);
const perService = Number(values['per-service']);
const nUpdates = Number(values.updates);
const NODE = { nodeName: 'node0', nodeIPs: ['192.168.0.2'], clusterCidr: '10.42.0.0/16' };
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number) => Math.round(x * 100) / 100;
const scale = { services: nServices, endpoints: nServices * perService };

function computeFigure(services: Service[], slices: EndpointSlice[]): ProxyRules {
  const times: number[] = [];
  let rules: ProxyRules | undefined;
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    rules = computeRules(servicePorts(services, slices).ports, NODE);
    renderRestore(rules);
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  const text = renderRestore(rules!);
  emit({
    figure: 'compute',
    ...scale,
    ms_p50: round(percentile(times, 50)),
    ms_p99: round(percentile(times, 99)),
    rules: ruleCounts(rules!),
    restore_bytes: text.length,
  });
  return rules!;
}

async function main(): Promise<void> {
  const { services, slices } = manyServices(nServices, perService);
  const rules = computeFigure(services, slices);

  const ns = `kubets-proxy-bench-${process.pid}`;
  await run('ip', ['netns', 'add', ns]);
  try {
    const backend = new IptablesBackend({ netns: ns });
    let t0 = process.hrtime.bigint();
    await backend.apply(rules);
    emit({ figure: 'apply_initial', ...scale, ms: round(ms(t0)), rules: ruleCounts(rules) });
    const changed = slices.map((s, i) =>
      i === 0
        ? {
            ...s,
            endpoints: s.endpoints!.map((e, j) => (j === 0 ? { ...e, conditions: { ready: false } } : e)),
          }
        : s,
    );
    const rules2 = computeRules(servicePorts(services, changed).ports, NODE);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t0 = process.hrtime.bigint();
      await backend.apply(i % 2 === 0 ? rules2 : rules);
      times.push(ms(t0));
    }
    times.sort((a, b) => a - b);
    emit({
      figure: 'apply_update',
      ...scale,
      ms_p50: round(percentile(times, 50)),
      ms_max: round(times.at(-1)!),
    });
    await backend.cleanup();
    await programmingLatency(ns, services, slices);
  } finally {
    await run('ip', ['netns', 'del', ns]);
  }
}

/** See the file comment. */
async function programmingLatency(ns: string, services: Service[], slices: EndpointSlice[]): Promise<void> {
  const cluster = await startTestCluster();
  const svcClient = new ResourceClient<Service>(cluster.rest, Resources.services);
  const sliceClient = new ResourceClient<EndpointSlice>(cluster.rest, Resources.endpointslices);
  const namespaces = [...new Set(services.map((s) => s.metadata.namespace!))];
  const nsClient = new ResourceClient(cluster.rest, Resources.namespaces);
  for (const n of namespaces)
    await nsClient.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
  const created: EndpointSlice[] = [];
  for (let i = 0; i < services.length; i += 50)
    await Promise.all(
      services.slice(i, i + 50).map(async (s, j) => {
        const { clusterIP: _ip, ...spec } = s.spec;
        await svcClient.create({ ...s, spec });
        created[i + j] = await sliceClient.create(slices[i + j]!);
      }),
    );

  // Each apply reports what it applied; a waiter resolves once a rule it looks for is in.
  const inner = new IptablesBackend({ netns: ns });
  let waiting: { needle: string; resolve: () => void } | undefined;
  const backend = {
    async apply(rules: ProxyRules) {
      await inner.apply(rules);
      if (waiting && rules.nat.rules.some((r) => r.endsWith(waiting!.needle))) waiting.resolve();
    },
  };
  const ac = new AbortController();
  const proxy = await startProxy({
    rest: cluster.newClient(),
    log: pino({ level: 'silent' }),
    signal: ac.signal,
    backend,
    conntrack: null,
    nodeName: NODE.nodeName,
    nodeIPs: NODE.nodeIPs,
    clusterCidr: NODE.clusterCidr,
    minSyncMs: 0,
    metricsPort: -1,
    serviceLoadBalancer: false,
  });
  await proxy.synced();
  const times: number[] = [];
  for (let u = 0; u < nUpdates; u++) {
    const idx = (u * 37) % created.length;
    const slice = await sliceClient.get(created[idx]!.metadata.namespace!, created[idx]!.metadata.name!);
    const ip = `10.99.${u >> 8}.${u & 255}`;
    const needle = `--to-destination ${ip}:8080`;
    const applied = new Promise<void>((resolve) => (waiting = { needle, resolve }));
    const t0 = process.hrtime.bigint();
    await sliceClient.update({
      ...slice,
      endpoints: [...slice.endpoints!, { addresses: [ip], conditions: { ready: true } }],
    });
    await applied;
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  emit({
    figure: 'programming_latency',
    ...scale,
    updates: nUpdates,
    ms_p50: round(percentile(times, 50)),
    ms_p99: round(percentile(times, 99)),
    ms_max: round(times.at(-1)!),
    goal_p99_ms: 1000,
  });
  ac.abort();
  await proxy.done;
  await inner.cleanup();
  await cluster.stop();
}

await main();
