/**
 * The node's address, as the kubelet picks it when none is given: the IPv4 address of the
 * interface that holds the default route (from /proc/net/route), else the first non-loopback
 * IPv4 address. A loopback address is refused, as upstream's kubelet refuses it.
 */
import fs from 'node:fs';
import os from 'node:os';

/** The interface of the IPv4 default route in /proc/net/route text, if any. */
export function defaultRouteInterface(routeTable: string): string | undefined {
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, dest, , flags, , , , mask] = line.trim().split(/\s+/);
    if (!iface || dest !== '00000000' || mask !== '00000000') continue;
    if ((parseInt(flags ?? '0', 16) & 1) === 0) continue; // RTF_UP
    return iface;
  }
  return undefined;
}

/** True for 127.0.0.0/8. */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/** The node IP (see the file comment); throws when the machine has none but loopback. */
export function detectNodeIP(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
  routeTable: string = readOr('/proc/net/route'),
): string {
  const v4 = (name: string) =>
    (interfaces[name] ?? []).find((a) => a.family === 'IPv4' && !a.internal)?.address;
  const viaDefault = defaultRouteInterface(routeTable);
  const chosen =
    (viaDefault && v4(viaDefault)) ||
    Object.keys(interfaces)
      .map(v4)
      .find((a) => a !== undefined && !isLoopback(a));
  if (!chosen) throw new Error('no non-loopback IPv4 address found for the node; give one with --node-ip');
  return chosen;
}

/** Checks a node IP given by the user. */
export function validateNodeIP(ip: string): string {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip) || ip.split('.').some((o) => Number(o) > 255))
    throw new Error(`--node-ip: ${JSON.stringify(ip)} is not an IPv4 address`);
  if (isLoopback(ip))
    throw new Error(
      `--node-ip: ${ip} is a loopback address; the node needs an address other nodes and pods can reach`,
    );
  return ip;
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The node's name by default: the host name, lower-cased, as the kubelet does. */
export function defaultNodeName(): string {
  return os.hostname().toLowerCase();
}
