/**
 * The node's upstream resolvers, from `/etc/resolv.conf` as glibc reads it: every `nameserver`
 * line (at most the first three count for glibc; CoreDNS's forward takes them all), `#` and `;`
 * comments ignored, and an `ADDR` or `ADDR:PORT`/`[ADDR]:PORT` form for `--upstream` flags.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Upstream } from './forwarder.js';

/** The nameservers of a resolv.conf text, port 53. */
export function parseResolvConf(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, addr] = line.split(/\s+/);
    if (key !== 'nameserver' || !addr) continue;
    const host = addr.split('%')[0]!;
    if (net.isIP(host)) out.push({ host: addr, port: 53 });
  }
  return out;
}

/** The nameservers of the file at `path` (none when it cannot be read). */
export function readResolvConf(path = '/etc/resolv.conf'): Upstream[] {
  try {
    return parseResolvConf(fs.readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** Parses `ADDR`, `ADDR:PORT` or `[ADDR]:PORT` (an IPv6 address alone needs no brackets). */
export function parseUpstream(text: string): Upstream {
  const t = text.trim().replace(/^dns:\/\//, '');
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  let host: string;
  let port = 53;
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if (net.isIPv6(t.split('%')[0]!)) host = t;
  else {
    const i = t.lastIndexOf(':');
    host = i < 0 ? t : t.slice(0, i);
    if (i >= 0) port = Number(t.slice(i + 1));
  }
  if (!net.isIP(host.split('%')[0]!)) throw new Error(`${JSON.stringify(text)} is not an IP address`);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${JSON.stringify(text)} has no valid port`);
  return { host, port };
}

/** Where systemd-resolved keeps the real upstreams when `/etc/resolv.conf` names its stub. */
export const SYSTEMD_RESOLVED_CONF = '/run/systemd/resolve/resolv.conf';

/**
 * The node's upstreams as the kubelet and k3s pick them: the nameservers of `path`, unless they
 * are only systemd-resolved's stub (127.0.0.53), which would answer from the node's own view and
 * is a loop for pods; then those of `SYSTEMD_RESOLVED_CONF` when it has any.
 */
export function nodeUpstreams(path = '/etc/resolv.conf', resolvedPath = SYSTEMD_RESOLVED_CONF): Upstream[] {
  const ups = readResolvConf(path);
  if (ups.length > 0 && ups.every((u) => u.host.startsWith('127.0.0.53'))) {
    const real = readResolvConf(resolvedPath);
    if (real.length > 0) return real;
  }
  return ups;
}

/** Where this DNS server listens and is reached. */
export interface SelfAddresses {
  bindAddress: string;
  port: number;
  /** The kube-dns Service IP (port 53). */
  serviceIp: string;
  /** The addresses of this host's interfaces (loopback included). */
  localAddresses: readonly string[];
}

function isWildcard(a: string): boolean {
  return a === '0.0.0.0' || a === '::';
}

/**
 * The upstreams that are not this server itself: forwarding to the kube-dns Service IP, or to
 * the address and port this server listens on (any local address when it listens on all),
 * would send queries in a circle.
 */
export function withoutSelf(upstreams: readonly Upstream[], self: SelfAddresses): Upstream[] {
  const local = new Set(self.localAddresses);
  return upstreams.filter((u) => {
    const host = u.host.split('%')[0]!;
    if (u.port === 53 && host === self.serviceIp) return false;
    if (u.port !== self.port) return true;
    if (host === self.bindAddress) return false;
    if (isWildcard(self.bindAddress) && (local.has(host) || host.startsWith('127.') || host === '::1'))
      return false;
    return true;
  });
}
