/**
 * The DNS server's Prometheus metrics under CoreDNS's names and labels: requests by protocol,
 * family and type, request duration, responses by rcode and plugin, cache hits, misses and
 * entries, and forwarded requests by upstream. Series are resolved once (`cheap_metrics.ts`), so
 * counting a request is a few field updates.
 */
import { Gauge, Registry } from 'prom-client';
import type { CounterChild, HistogramChild } from './cheap_metrics.js';
import { CheapCounter, CheapHistogram } from './cheap_metrics.js';
import type { CacheKind } from './dns_cache.js';

/** CoreDNS's `plugin.TimeBuckets`: 0.25 ms doubling 16 times. */
const TIME_BUCKETS = Array.from({ length: 16 }, (_, i) => 0.00025 * 2 ** i);

const TYPE_NAMES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  35: 'NAPTR',
  43: 'DS',
  48: 'DNSKEY',
  64: 'SVCB',
  65: 'HTTPS',
  251: 'IXFR',
  252: 'AXFR',
  255: 'ANY',
};

const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  16: 'BADVERS',
};

/** The type label CoreDNS reports (`other` for types it does not name). */
export function typeLabel(qtype: number): string {
  return TYPE_NAMES[qtype] ?? 'other';
}

/** The rcode label (the number for codes without a name here). */
export function rcodeLabel(rcode: number): string {
  return RCODE_NAMES[rcode] ?? String(rcode);
}

/** The plugins that answer, as CoreDNS names them in `coredns_dns_responses_total`. */
export type AnsweringPlugin = 'kubernetes' | 'forward' | 'cache' | '';

const PLUGINS: readonly AnsweringPlugin[] = ['kubernetes', 'forward', 'cache', ''];

interface RequestSeries {
  requests: CounterChild;
  duration: HistogramChild;
}

/** The metrics of one DNS server. */
export class DnsMetrics {
  readonly registry = new Registry();
  private readonly requests: CheapCounter;
  private readonly duration: CheapHistogram;
  private readonly responses: CheapCounter;
  private readonly forwardRequests: CheapCounter;
  private readonly forwardResponses: CheapCounter;
  private readonly bySeries = new Map<number, RequestSeries>();
  private readonly byResponse = new Map<number, CounterChild>();
  private readonly cacheRequests: CounterChild;
  private readonly cacheMisses: CounterChild;
  private readonly cacheHits: Record<CacheKind, CounterChild>;
  private cacheCounts: () => Record<CacheKind, number> = () => ({ success: 0, denial: 0 });

  /** `server` is the label CoreDNS gives a server block (`dns://:53`). */
  constructor(private readonly server: string) {
    const r = this.registry;
    this.requests = new CheapCounter(
      'coredns_dns_requests_total',
      'Counter of DNS requests made per zone, protocol and family.',
      ['server', 'zone', 'view', 'proto', 'family', 'type'],
      r,
    );
    this.duration = new CheapHistogram(
      'coredns_dns_request_duration_seconds',
      'Histogram of the time (in seconds) each request took per zone.',
      ['server', 'zone', 'view', 'type'],
      TIME_BUCKETS,
      r,
    );
    this.responses = new CheapCounter(
      'coredns_dns_responses_total',
      'Counter of response status codes.',
      ['server', 'zone', 'view', 'rcode', 'plugin'],
      r,
    );
    const hits = new CheapCounter(
      'coredns_cache_hits_total',
      'The count of cache hits.',
      ['server', 'type', 'zones', 'view'],
      r,
    );
    const misses = new CheapCounter(
      'coredns_cache_misses_total',
      'The count of cache misses. Deprecated, derive misses from cache hits/requests counters.',
      ['server', 'zones', 'view'],
      r,
    );
    const requests = new CheapCounter(
      'coredns_cache_requests_total',
      'The count of cache requests.',
      ['server', 'zones', 'view'],
      r,
    );
    this.cacheHits = {
      success: hits.child(server, 'success', '.', ''),
      denial: hits.child(server, 'denial', '.', ''),
    };
    this.cacheMisses = misses.child(server, '.', '');
    this.cacheRequests = requests.child(server, '.', '');
    const counts = () => this.cacheCounts();
    new Gauge({
      name: 'coredns_cache_entries',
      help: 'The number of elements in the cache.',
      labelNames: ['server', 'type', 'zones', 'view'],
      registers: [r],
      collect() {
        const c = counts();
        this.set({ server, type: 'success', zones: '.', view: '' }, c.success);
        this.set({ server, type: 'denial', zones: '.', view: '' }, c.denial);
      },
    });
    this.forwardRequests = new CheapCounter(
      'coredns_forward_requests_total',
      'Counter of requests made per upstream.',
      ['to'],
      r,
    );
    this.forwardResponses = new CheapCounter(
      'coredns_forward_responses_total',
      'Counter of responses received per upstream.',
      ['to', 'rcode'],
      r,
    );
  }

  /** Where the cache entry counts come from. */
  setCacheCounts(fn: () => Record<CacheKind, number>): void {
    this.cacheCounts = fn;
  }

  /** Counts one request and its response; `plugin` answered it. */
  request(
    proto: 'udp' | 'tcp',
    family: 4 | 6,
    qtype: number,
    rcode: number,
    plugin: AnsweringPlugin,
    seconds: number,
  ): void {
    const key = ((qtype & 0xffff) << 2) | (proto === 'udp' ? 0 : 1) | (family === 4 ? 0 : 2);
    let series = this.bySeries.get(key);
    if (!series) {
      const type = typeLabel(qtype);
      // CoreDNS's family label is the address family number: 1 for IPv4, 2 for IPv6.
      series = {
        requests: this.requests.child(this.server, '.', '', proto, family === 4 ? '1' : '2', type),
        duration: this.duration.child(this.server, '.', '', type),
      };
      this.bySeries.set(key, series);
    }
    series.requests.inc();
    series.duration.observe(seconds);
    const rkey = ((rcode & 0xfff) << 2) | PLUGINS.indexOf(plugin);
    let resp = this.byResponse.get(rkey);
    if (!resp)
      this.byResponse.set(
        rkey,
        (resp = this.responses.child(this.server, '.', '', rcodeLabel(rcode), plugin)),
      );
    resp.inc();
  }

  /** Counts a cache lookup: a hit of `kind`, or a miss. */
  cacheLookup(hit: CacheKind | undefined): void {
    this.cacheRequests.inc();
    if (hit) this.cacheHits[hit].inc();
    else this.cacheMisses.inc();
  }

  /** Counts an exchange with an upstream. */
  forwarded(to: string, rcode: number | 'error'): void {
    this.forwardRequests.child(to).inc();
    if (rcode !== 'error') this.forwardResponses.child(to, rcodeLabel(rcode)).inc();
  }
}
