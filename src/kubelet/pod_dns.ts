/**
 * A pod's DNS configuration (upstream's `dns.Configurer.GetPodDNS`) from its dnsPolicy and
 * dnsConfig, the cluster DNS servers and domain, and the node's own resolv.conf.
 */
import type { Pod } from '../api/types/pod.js';
import type { DNSConfig } from './cri/api.js';

/** The node's view of DNS. */
export interface NodeDnsSettings {
  /** Cluster DNS server addresses (the kube-dns service IP); empty: none. */
  clusterDns: string[];
  /** The cluster domain (`cluster.local`). */
  clusterDomain: string;
  /** The node's resolv.conf, parsed. */
  host: DNSConfig;
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;

/** Parses resolv.conf text into servers, searches and options. */
export function parseResolvConf(text: string): DNSConfig {
  const servers: string[] = [];
  let searches: string[] = [];
  const options: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) servers.push(rest[0]);
    else if (key === 'search' || key === 'domain') searches = rest;
    else if (key === 'options') options.push(...rest);
  }
  return { servers, searches, options };
}

function dedup(list: string[]): string[] {
  return [...new Set(list)];
}

function mergeOptions(base: string[], extra: { name: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const o of base) byName.set(o.split(':')[0]!, o);
  for (const o of extra) byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...byName.values()];
}

/** The DNS config of `pod`'s sandbox. */
export function podDnsConfig(pod: Pod, node: NodeDnsSettings): DNSConfig {
  let policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.spec.hostNetwork) policy = 'Default';
  if ((policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') && node.clusterDns.length === 0)
    policy = 'Default';
  let servers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  switch (policy) {
    case 'ClusterFirst':
    case 'ClusterFirstWithHostNet': {
      const ns = pod.metadata.namespace ?? 'default';
      const d = node.clusterDomain;
      servers = [...node.clusterDns];
      searches = [`${ns}.svc.${d}`, `svc.${d}`, d, ...(node.host.searches ?? [])];
      options = ['ndots:5'];
      break;
    }
    case 'Default':
      servers = [...(node.host.servers ?? [])];
      searches = [...(node.host.searches ?? [])];
      options = [...(node.host.options ?? [])];
      break;
    case 'None':
      break;
  }
  const cfg = pod.spec.dnsConfig;
  if (cfg) {
    servers = [...servers, ...(cfg.nameservers ?? [])];
    searches = [...searches, ...(cfg.searches ?? [])];
    options = mergeOptions(options, cfg.options ?? []);
  }
  return {
    servers: dedup(servers).slice(0, MAX_NAMESERVERS),
    searches: dedup(searches).slice(0, MAX_SEARCHES),
    options,
  };
}
