/**
 * The DNS server's Prometheus metrics under CoreDNS's names and labels: requests by protocol,
 * family and type, request duration, responses by rcode and plugin, cache hits, misses and
 * entries, and forwarded requests by upstream. Label children are kept so counting a request
 * costs no label hashing.
 */
import type { Counter as CounterT } from 'prom-client';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
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

type Child = ReturnType<CounterT['labels']>;
type HistChild = ReturnType<Histogram['labels']>;

/** The metrics of one DNS server. */
export class DnsMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly responses: Counter;
  private readonly cacheHits: Counter;
  private readonly cacheMisses: Counter;
  private readonly cacheRequests: Counter;
  private readonly forwardRequests: Counter;
  private readonly forwardResponses: Counter;
  private readonly children = new Map<string, Child>();
  private readonly histChildren = new Map<string, HistChild>();
  private cacheCounts: () => Record<CacheKind, number> = () => ({ success: 0, denial: 0 });

  /** `server` is the label CoreDNS gives a server block (`dns://:53`). */
  constructor(private readonly server: string) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'coredns_dns_requests_total',
      help: 'Counter of DNS requests made per zone, protocol and family.',
      labelNames: ['server', 'zone', 'view', 'proto', 'family', 'type'],
      registers,
    });
    this.duration = new Histogram({
      name: 'coredns_dns_request_duration_seconds',
      help: 'Histogram of the time (in seconds) each request took per zone.',
      labelNames: ['server', 'zone', 'view', 'type'],
      buckets: TIME_BUCKETS,
      registers,
    });
    this.responses = new Counter({
      name: 'coredns_dns_responses_total',
      help: 'Counter of response status codes.',
      labelNames: ['server', 'zone', 'view', 'rcode', 'plugin'],
      registers,
    });
    this.cacheHits = new Counter({
      name: 'coredns_cache_hits_total',
      help: 'The count of cache hits.',
      labelNames: ['server', 'type', 'zones', 'view'],
      registers,
    });
    this.cacheMisses = new Counter({
      name: 'coredns_cache_misses_total',
      help: 'The count of cache misses. Deprecated, derive misses from cache hits/requests counters.',
      labelNames: ['server', 'zones', 'view'],
      registers,
    });
    this.cacheRequests = new Counter({
      name: 'coredns_cache_requests_total',
      help: 'The count of cache requests.',
      labelNames: ['server', 'zones', 'view'],
      registers,
    });
    const counts = () => this.cacheCounts();
    new Gauge({
      name: 'coredns_cache_entries',
      help: 'The number of elements in the cache.',
      labelNames: ['server', 'type', 'zones', 'view'],
      registers,
      collect() {
        const c = counts();
        this.set({ server, type: 'success', zones: '.', view: '' }, c.success);
        this.set({ server, type: 'denial', zones: '.', view: '' }, c.denial);
      },
    });
    this.forwardRequests = new Counter({
      name: 'coredns_forward_requests_total',
      help: 'Counter of requests made per upstream.',
      labelNames: ['to'],
      registers,
    });
    this.forwardResponses = new Counter({
      name: 'coredns_forward_responses_total',
      help: 'Counter of responses received per upstream.',
      labelNames: ['to', 'rcode'],
      registers,
    });
  }

  /** Where the cache entry counts come from. */
  setCacheCounts(fn: () => Record<CacheKind, number>): void {
    this.cacheCounts = fn;
  }

  private child(key: string, make: () => Child): Child {
    let c = this.children.get(key);
    if (!c) this.children.set(key, (c = make()));
    return c;
  }

  /** Counts one request and its response. `plugin` answered it (`kubernetes`, `forward`, `cache`, ''). */
  request(
    proto: 'udp' | 'tcp',
    family: 4 | 6,
    qtype: number,
    rcode: number,
    plugin: string,
    seconds: number,
  ): void {
    const type = typeLabel(qtype);
    const s = this.server;
    // CoreDNS's family label is the address family number: 1 for IPv4, 2 for IPv6.
    this.child(`q|${proto}|${family}|${type}`, () =>
      this.requests.labels(s, '.', '', proto, family === 4 ? '1' : '2', type),
    ).inc();
    this.child(`r|${rcode}|${plugin}`, () =>
      this.responses.labels(s, '.', '', rcodeLabel(rcode), plugin),
    ).inc();
    let h = this.histChildren.get(type);
    if (!h) this.histChildren.set(type, (h = this.duration.labels(s, '.', '', type)));
    h.observe(seconds);
  }

  /** Counts a cache lookup: a hit of `kind`, or a miss. */
  cacheLookup(hit: CacheKind | undefined): void {
    const s = this.server;
    this.child('c|req', () => this.cacheRequests.labels(s, '.', '')).inc();
    if (hit) this.child(`c|hit|${hit}`, () => this.cacheHits.labels(s, hit, '.', '')).inc();
    else this.child('c|miss', () => this.cacheMisses.labels(s, '.', '')).inc();
  }

  /** Counts an exchange with an upstream. */
  forwarded(to: string, rcode: number | 'error'): void {
    this.child(`f|${to}`, () => this.forwardRequests.labels(to)).inc();
    if (rcode !== 'error')
      this.child(`fr|${to}|${rcode}`, () => this.forwardResponses.labels(to, rcodeLabel(rcode))).inc();
  }
}
