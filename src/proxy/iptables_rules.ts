/**
 * kube-proxy's iptables mode as a pure function: service ports with their endpoints and this
 * node's facts in, the `filter` and `nat` tables' chains and rules out — the chains, rules,
 * comments and order of upstream's `syncProxyRules` (pkg/proxy/iptables/proxier.go), without
 * topology hints, health check node ports, localhost node ports or nfacct counters.
 * `renderRestore` turns them into iptables-restore input meant for `--noflush`: every chain it
 * declares is flushed and refilled in one transaction, chains no longer wanted are deleted.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  MASQ_MARK,
  endpointChain,
  isServiceChain,
  serviceClusterChain,
  serviceExternalChain,
  serviceFirewallChain,
  serviceLocalChain,
} from './chain_names.js';
import { categorizeEndpoints, externallyAccessible } from './endpoint_categories.js';
import { cidrContains, parseCidr, parseIPv4 } from './ipv4.js';
import type { ProxyEndpoint, ServicePortInfo } from './service_ports.js';

/** What the rules need to know about this node. */
export interface ProxyNodeInfo {
  /** Decides which endpoints are local (externalTrafficPolicy/internalTrafficPolicy Local). */
  nodeName: string;
  /** The node's addresses (for load balancer source ranges that include the node). */
  nodeIPs: readonly string[];
  /** The pods' network; traffic to a ClusterIP from outside it is masqueraded. Absent: none is. */
  clusterCidr?: string;
}

/** One table's chains (in declaration order) and rules (`-A …` lines, in order). */
export interface TableRules {
  chains: string[];
  rules: string[];
}

/** The computed rules of both tables. */
export interface ProxyRules {
  filter: TableRules;
  nat: TableRules;
}

/** The filter chains kube-proxy always declares. */
export const FILTER_CHAINS = [
  KUBE_SERVICES,
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
] as const;
/** The nat chains kube-proxy always declares. */
export const NAT_CHAINS = [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ] as const;

/** `-m comment --comment TEXT`, quoted when it has spaces (as upstream writes it). */
function comment(text: string): string {
  return `-m comment --comment ${/\s/.test(text) ? `"${text}"` : text}`;
}

/** Upstream's probability text: `%0.10f` of 1/n. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

/** Computes both tables' rules for `ports` on `node`; see the file comment. */
export function computeRules(ports: readonly ServicePortInfo[], node: ProxyNodeInfo): ProxyRules {
  const filter: TableRules = { chains: [...FILTER_CHAINS], rules: [] };
  const nat: TableRules = { chains: [...NAT_CHAINS], rules: [] };
  const cidr = node.clusterCidr ? parseCidr(node.clusterCidr) : undefined;
  const nodeIPs = node.nodeIPs.map((ip) => ({ ip, v: parseIPv4(ip) })).filter((n) => n.v !== undefined);
  const f = (line: string) => filter.rules.push(line);
  const n = (line: string) => nat.rules.push(line);

  f(`-A ${KUBE_FORWARD} -m conntrack --ctstate INVALID -j DROP`);
  f(
    `-A ${KUBE_FORWARD} ${comment('kubernetes forwarding rules')} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`,
  );
  f(
    `-A ${KUBE_FORWARD} ${comment('kubernetes forwarding conntrack rule')} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );
  n(`-A ${KUBE_POSTROUTING} -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  n(`-A ${KUBE_POSTROUTING} -j MARK --xor-mark ${MASQ_MARK}`);
  n(`-A ${KUBE_POSTROUTING} ${comment('kubernetes service traffic requiring SNAT')} -j MASQUERADE`);
  n(`-A ${KUBE_MARK_MASQ} -j MARK --or-mark ${MASQ_MARK}`);

  for (const sp of ports) {
    const name = sp.servicePortName;
    const proto = sp.protocol.toLowerCase();
    const match = `-m ${proto} -p ${proto}`;
    const dst = (ip: string) => `${match} -d ${ip} --dport ${sp.port}`;
    const { cluster, local, reachable, hasAny } = categorizeEndpoints(sp, node.nodeName);
    const clusterChain = serviceClusterChain(name, sp.protocol);
    const localChain = serviceLocalChain(name, sp.protocol);
    const extChain = serviceExternalChain(name, sp.protocol);
    const fwChain = serviceFirewallChain(name, sp.protocol);

    const usesCluster = cluster.length > 0;
    const usesLocal = local.length > 0;
    const internalChain = sp.internalLocal ? localChain : clusterChain;
    const externalPolicyChain = sp.externalLocal ? localChain : clusterChain;
    const hasInternal = hasAny && (!sp.internalLocal || usesLocal);
    const hasExternal = hasAny && (!sp.externalLocal || usesLocal);
    const usesExt = hasAny && externallyAccessible(sp);
    const usesFw = usesExt && sp.loadBalancerIPs.length > 0 && sp.sourceRanges.length > 0;
    const lbChain = usesFw ? fwChain : extChain;

    let internalTarget = 'REJECT --reject-with icmp-port-unreachable';
    let internalComment = `${name} has no endpoints`;
    let externalTarget = internalTarget;
    let externalComment = internalComment;
    if (hasAny) {
      if (!hasInternal) {
        internalTarget = 'DROP';
        internalComment = `${name} has no local endpoints`;
      }
      if (!hasExternal) {
        externalTarget = 'DROP';
        externalComment = `${name} has no local endpoints`;
      }
    }

    if (usesCluster) nat.chains.push(clusterChain);
    if (usesLocal) nat.chains.push(localChain);
    if (usesExt) nat.chains.push(extChain);
    if (usesFw) nat.chains.push(fwChain);

    // The cluster IP.
    if (hasInternal)
      n(`-A ${KUBE_SERVICES} ${comment(`${name} cluster IP`)} ${dst(sp.clusterIP)} -j ${internalChain}`);
    else f(`-A ${KUBE_SERVICES} ${comment(internalComment)} ${dst(sp.clusterIP)} -j ${internalTarget}`);

    // External IPs.
    for (const ip of sp.externalIPs) {
      if (usesExt) n(`-A ${KUBE_SERVICES} ${comment(`${name} external IP`)} ${dst(ip)} -j ${extChain}`);
      if (!hasExternal)
        f(`-A ${KUBE_EXTERNAL_SERVICES} ${comment(externalComment)} ${dst(ip)} -j ${externalTarget}`);
    }
    // Load balancer IPs.
    for (const ip of sp.loadBalancerIPs) {
      if (usesExt) n(`-A ${KUBE_SERVICES} ${comment(`${name} loadbalancer IP`)} ${dst(ip)} -j ${lbChain}`);
      if (!hasExternal)
        f(`-A ${KUBE_EXTERNAL_SERVICES} ${comment(externalComment)} ${dst(ip)} -j ${externalTarget}`);
      else if (usesFw)
        f(
          `-A ${KUBE_PROXY_FIREWALL} ${comment(`${name} traffic not accepted by ${fwChain}`)} ${dst(ip)} -j DROP`,
        );
    }
    // The node port, on every local address.
    if (sp.nodePort !== 0) {
      if (usesExt) n(`-A ${KUBE_NODEPORTS} ${comment(name)} ${match} --dport ${sp.nodePort} -j ${extChain}`);
      if (!hasExternal)
        f(
          `-A ${KUBE_EXTERNAL_SERVICES} ${comment(externalComment)} -m addrtype --dst-type LOCAL ${match} --dport ${sp.nodePort} -j ${externalTarget}`,
        );
    }

    // Internal traffic from outside the pod network is masqueraded (it may leave the node).
    if (hasInternal && cidr)
      n(
        `-A ${internalChain} ${comment(`${name} cluster IP`)} ${dst(sp.clusterIP)} ! -s ${cidr.text} -j ${KUBE_MARK_MASQ}`,
      );

    if (usesExt) {
      if (!sp.externalLocal) {
        n(
          `-A ${extChain} ${comment(`masquerade traffic for ${name} external destinations`)} -j ${KUBE_MARK_MASQ}`,
        );
      } else {
        // Local policy keeps the client's address, except for pods and the node itself, which
        // are short-circuited to any endpoint.
        if (cidr)
          n(
            `-A ${extChain} ${comment(`pod traffic for ${name} external destinations`)} -s ${cidr.text} -j ${clusterChain}`,
          );
        n(
          `-A ${extChain} ${comment(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${KUBE_MARK_MASQ}`,
        );
        n(
          `-A ${extChain} ${comment(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${clusterChain}`,
        );
      }
      if (hasExternal) n(`-A ${extChain} -j ${externalPolicyChain}`);
    }

    if (usesFw) {
      for (const range of sp.sourceRanges)
        n(`-A ${fwChain} ${comment(`${name} loadbalancer IP`)} -s ${range} -j ${extChain}`);
      const ranges = sp.sourceRanges.map(parseCidr).filter((c) => c !== undefined);
      for (const nip of nodeIPs)
        if (ranges.some((r) => cidrContains(r, nip.v!)))
          n(`-A ${fwChain} ${comment(`${name} loadbalancer IP`)} -s ${nip.ip} -j ${extChain}`);
      n(`-A ${fwChain} ${comment(`other traffic to ${name} will be dropped by ${KUBE_PROXY_FIREWALL}`)}`);
    }

    if (usesCluster) serviceToEndpoints(n, sp, clusterChain, cluster);
    if (usesLocal) serviceToEndpoints(n, sp, localChain, local);

    for (const ep of reachable) {
      const sep = endpointChain(name, sp.protocol, ep.key);
      nat.chains.push(sep);
      // Hairpin: an endpoint reaching itself through the service is masqueraded.
      n(`-A ${sep} ${comment(name)} -s ${ep.ip} -j ${KUBE_MARK_MASQ}`);
      const affinity = sp.affinitySeconds > 0 ? ` -m recent --name ${sep} --set` : '';
      n(`-A ${sep} ${comment(name)}${affinity} ${match} -j DNAT --to-destination ${ep.key}`);
    }
  }
  n(
    `-A ${KUBE_SERVICES} ${comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain')} -m addrtype --dst-type LOCAL -j ${KUBE_NODEPORTS}`,
  );
  return { filter, nat };
}

/** The service chain's rules: affinity checks, then a random choice of equal probability. */
function serviceToEndpoints(
  n: (line: string) => void,
  sp: ServicePortInfo,
  chain: string,
  endpoints: readonly ProxyEndpoint[],
): void {
  const seps = endpoints.map((ep) => ({ ep, sep: endpointChain(sp.servicePortName, sp.protocol, ep.key) }));
  if (sp.affinitySeconds > 0)
    for (const { ep, sep } of seps)
      n(
        `-A ${chain} ${comment(`${sp.servicePortName} -> ${ep.key}`)} -m recent --name ${sep} --rcheck --seconds ${sp.affinitySeconds} --reap -j ${sep}`,
      );
  seps.forEach(({ ep, sep }, i) => {
    const random =
      i < seps.length - 1 ? ` -m statistic --mode random --probability ${probability(seps.length - i)}` : '';
    n(`-A ${chain} ${comment(`${sp.servicePortName} -> ${ep.key}`)}${random} -j ${sep}`);
  });
}

/** The number of rules (`-A` lines) of each table. */
export function ruleCounts(rules: ProxyRules): { filter: number; nat: number } {
  return { filter: rules.filter.rules.length, nat: rules.nat.rules.length };
}

/**
 * iptables-restore input (for `--noflush`) for `rules`. `existingNatChains` are the nat chains
 * present now: the service and endpoint chains among them that `rules` no longer declares are
 * flushed and deleted in the same transaction. `extra` lines (the backend's jumps from the
 * built-in chains) are added at the end of their table.
 */
export function renderRestore(
  rules: ProxyRules,
  existingNatChains: Iterable<string> = [],
  extra: { filter?: readonly string[]; nat?: readonly string[] } = {},
): string {
  const declared = new Set(rules.nat.chains);
  const stale = [...new Set(existingNatChains)].filter((c) => isServiceChain(c) && !declared.has(c)).sort();
  const out: string[] = ['*filter'];
  for (const c of rules.filter.chains) out.push(`:${c} - [0:0]`);
  out.push(...rules.filter.rules, ...(extra.filter ?? []), 'COMMIT', '*nat');
  for (const c of rules.nat.chains) out.push(`:${c} - [0:0]`);
  for (const c of stale) out.push(`:${c} - [0:0]`);
  out.push(...rules.nat.rules);
  out.push(...(extra.nat ?? []));
  for (const c of stale) out.push(`-X ${c}`);
  out.push('COMMIT', '');
  return out.join('\n');
}
