/**
 * kube-proxy's Prometheus metrics, upstream's names (pkg/proxy/metrics): sync duration and last
 * sync time, rules programmed per table, restore failures, syncs skipped because nothing
 * changed is kubets' own count.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics of one proxy. */
export class ProxyMetrics {
  readonly registry = new Registry();
  /** `kubeproxy_sync_proxy_rules_duration_seconds` */
  readonly syncDuration = new Histogram({
    name: 'kubeproxy_sync_proxy_rules_duration_seconds',
    help: 'SyncProxyRules latency in seconds',
    buckets: Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i),
    registers: [this.registry],
  });
  /** `kubeproxy_sync_proxy_rules_last_timestamp_seconds` */
  readonly lastSync = new Gauge({
    name: 'kubeproxy_sync_proxy_rules_last_timestamp_seconds',
    help: 'The last time proxy rules were successfully synced',
    registers: [this.registry],
  });
  /** `kubeproxy_sync_proxy_rules_iptables_total{table}` */
  readonly rulesTotal = new Gauge({
    name: 'kubeproxy_sync_proxy_rules_iptables_total',
    help: 'Total number of iptables rules owned by kube-proxy',
    labelNames: ['table'],
    registers: [this.registry],
  });
  /** `kubeproxy_sync_proxy_rules_iptables_restore_failures_total` */
  readonly restoreFailures = new Counter({
    name: 'kubeproxy_sync_proxy_rules_iptables_restore_failures_total',
    help: 'Cumulative proxy iptables restore failures',
    registers: [this.registry],
  });
  /** `kubets_proxy_sync_proxy_rules_unchanged_total` (kubets' own) */
  readonly unchanged = new Counter({
    name: 'kubets_proxy_sync_proxy_rules_unchanged_total',
    help: 'Syncs that found the computed rules equal to those last applied and wrote nothing',
    registers: [this.registry],
  });
}
