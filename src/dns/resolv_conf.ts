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
