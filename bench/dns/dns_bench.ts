/**
 * DNS benchmark: queries per second and latency of the cluster DNS server over UDP. This
 * process runs the server (the same `QueryHandler` and listeners `startDns` uses) on a loopback
 * port, its cluster zone filled with N Services (a third headless, with 3 endpoints each) and its
 * forwarder pointed at a local upstream resolver; a load generator in a child process keeps a
 * fixed number of queries in flight over several sockets for a fixed time and reports every
 * reply's latency. Figures, one JSON line each:
 *  - cluster_a: A queries for random ClusterIP Services (`<svc>.<ns>.svc.cluster.local`),
 *    answered from the index (no cache in the path);
 *  - cluster_headless: A queries for random headless Services (3 records each);
 *  - cluster_nxdomain: names in the zone that do not exist (the search-path misses pods cause);
 *  - forwarded_cached: A queries for names outside the zone, answered from the cache after the
 *    first miss.
 * Each line has queries/s, p50/p99/max latency in ms, lost queries (no reply within 1 s) and the
 * server's CPU seconds. Goal: over 20,000 queries/s.
 *
 *   node dist/bench/dns/dns_bench.js [--services N] [--seconds S] [--inflight N] [--sockets N]
 */
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EndpointSlice, Service } from '../../src/api/types/service.js';
import { ClusterIndex } from '../../src/dns/cluster_index.js';
import { DnsCache } from '../../src/dns/dns_cache.js';
import { DnsMetrics } from '../../src/dns/dns_metrics.js';
import { startDnsServer } from '../../src/dns/dns_server.js';
import { Forwarder } from '../../src/dns/forwarder.js';
import { QueryHandler } from '../../src/dns/query_handler.js';
import { buildQuery, startFakeUpstream } from '../../test/fixtures/dns_client.js';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '5' },
    inflight: { type: 'string', default: '16' },
    sockets: { type: 'string', default: '4' },
    load: { type: 'boolean', default: false },
  },
});

/** What the parent asks the load generator to do. */
interface LoadJob {
  port: number;
  names: string[];
  seconds: number;
  inflight: number;
  sockets: number;
}

/** What the load generator reports. */
interface LoadResult {
  replies: number;
  lost: number;
  seconds: number;
  /** Latencies in µs, sorted. */
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The load generator (child process): closed-loop, `inflight` queries per socket. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const queries = job.names.map((n) => buildQuery(n, 'A'));
  const latencies: number[] = [];
  let lost = 0;
  const deadline = process.hrtime.bigint() + BigInt(job.seconds * 1e9);
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: job.sockets }, async () => {
      const sock = dgram.createSocket('udp4');
      await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
      sock.setRecvBufferSize(1 << 22);
      const sent = new Map<number, bigint>();
      let nextId = 1;
      let done = false;
      const send = () => {
        const id = nextId;
        nextId = (nextId % 0xffff) + 1;
        const q = Buffer.from(queries[(Math.random() * queries.length) | 0]!);
        q.writeUInt16BE(id, 0);
        sent.set(id, process.hrtime.bigint());
        sock.send(q, job.port, '127.0.0.1');
      };
      await new Promise<void>((resolve) => {
        sock.on('message', (msg) => {
          const at = sent.get(msg.readUInt16BE(0));
          if (at === undefined) return;
          sent.delete(msg.readUInt16BE(0));
          const now = process.hrtime.bigint();
          latencies.push(Number(now - at) / 1000);
          if (now < deadline) send();
          else if (sent.size === 0 && !done) {
            done = true;
            resolve();
          }
        });
        const sweep = setInterval(() => {
          const now = process.hrtime.bigint();
          for (const [id, at] of sent)
            if (now - at > 1_000_000_000n) {
              sent.delete(id);
              lost++;
              if (now < deadline) send();
            }
          if (now >= deadline && sent.size === 0 && !done) {
            done = true;
            resolve();
          }
        }, 100);
        sweep.unref();
        for (let i = 0; i < job.inflight; i++) send();
      });
      sock.close();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  return {
    replies: latencies.length,
    lost,
    seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
  };
}

if (values.load) {
  process.once('message', (job: LoadJob) => {
    void runLoad(job).then((r) => {
      process.send!(r, () => process.exit(0));
    });
  });
} else {
  await main();
}

function loadIn(job: LoadJob): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--load'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (r) => resolve(r as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(job);
  });
}

async function main(): Promise<void> {
  const N = Number(values.services);
  const seconds = Number(values.seconds);
  const index = new ClusterIndex('cluster.local');
  const clusterNames: string[] = [];
  const headlessNames: string[] = [];
  for (let i = 0; i < N; i++) {
    const ns = `ns-${i % 50}`;
    index.setNamespace(ns);
    const name = `svc-${i}`;
    if (i % 3 === 2) {
      index.setService({ metadata: { namespace: ns, name }, spec: { clusterIP: 'None' } } as Service);
      index.setSlice({
        metadata: { namespace: ns, name: `${name}-x`, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints: [0, 1, 2].map((k) => ({
          addresses: [`10.42.${(i >> 6) & 255}.${((i & 63) << 2) + k}`],
          conditions: { ready: true },
        })),
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      } as EndpointSlice);
      headlessNames.push(`${name}.${ns}.svc.cluster.local`);
    } else {
      index.setService({
        metadata: { namespace: ns, name },
        spec: {
          clusterIP: `10.43.${(i >> 8) & 255}.${i & 255}`,
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        },
      } as Service);
      clusterNames.push(`${name}.${ns}.svc.cluster.local`);
    }
  }
  const missNames = clusterNames
    .slice(0, 1000)
    .map((n) => n.replace('.svc.cluster.local', '.svc.cluster.local.cluster.local'));
  const forwardedNames = Array.from({ length: 1000 }, (_, i) => `host-${i}.example.com`);

  const upstream = await startFakeUpstream();
  for (const n of forwardedNames)
    upstream.answers.set(`${n}|A`, { answers: [{ name: n, type: 'A', ttl: 300, data: '192.0.2.1' }] });
  const forwarder = new Forwarder({ upstreams: [{ host: '127.0.0.1', port: upstream.port }] });
  const metrics = new DnsMetrics('dns://:0');
  const cache = new DnsCache();
  const handler = new QueryHandler({
    index,
    zone: { ttl: 5, nameserverIps: ['10.43.0.10'] },
    cache,
    forwarder,
    metrics,
  });
  const server = await startDnsServer({
    address: '127.0.0.1',
    port: 0,
    handler: (m, t, f) => handler.handle(m, t, f),
  });

  const figures: [string, string[]][] = [
    ['cluster_a', clusterNames],
    ['cluster_headless', headlessNames],
    ['cluster_nxdomain', missNames],
    ['forwarded_cached', forwardedNames],
  ];
  for (const [figure, names] of figures) {
    const cpu0 = process.cpuUsage();
    const r = await loadIn({
      port: server.port,
      names,
      seconds,
      inflight: Number(values.inflight),
      sockets: Number(values.sockets),
    });
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(
      JSON.stringify({
        bench: 'dns',
        figure,
        services: N,
        names: names.length,
        inflight: Number(values.inflight) * Number(values.sockets),
        queries_per_s: Math.round(r.replies / r.seconds),
        p50_ms: +(r.p50 / 1000).toFixed(3),
        p99_ms: +(r.p99 / 1000).toFixed(3),
        max_ms: +(r.max / 1000).toFixed(3),
        lost: r.lost,
        server_cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
        seconds: +r.seconds.toFixed(2),
      }) + '\n',
    );
  }
  await server.close();
  forwarder.close();
  await upstream.close();
}
