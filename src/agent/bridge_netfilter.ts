/**
 * Pods on one bridge talk to each other without the IP layer, so a pod → ClusterIP → pod on the
 * same bridge is DNATed on the way out but its replies would bypass conntrack's reverse NAT:
 * `net.bridge.bridge-nf-call-iptables=1` (the br_netfilter module) sends bridged traffic through
 * iptables, as every kube-proxy node needs. Loads the module when it can and sets the sysctl;
 * answers what it could not do rather than failing the node.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';

/** The sysctl file. */
export const BRIDGE_NF_CALL_IPTABLES = '/proc/sys/net/bridge/bridge-nf-call-iptables';

/**
 * Makes bridged IPv4 traffic go through iptables. Resolves undefined when the sysctl is 1, or a
 * warning text when it could not be set (no br_netfilter in this kernel, or no permission).
 */
export async function ensureBridgeNetfilter(file = BRIDGE_NF_CALL_IPTABLES): Promise<string | undefined> {
  if (!fs.existsSync(file))
    await new Promise<void>((resolve) => execFile('modprobe', ['br_netfilter'], () => resolve()));
  if (!fs.existsSync(file))
    return `${file} is missing (no br_netfilter): a pod reaching a service whose endpoint is on its own bridge may get no answer`;
  try {
    if (fs.readFileSync(file, 'utf8').trim() !== '1') fs.writeFileSync(file, '1\n');
    return undefined;
  } catch (err) {
    return `could not set ${file}: ${(err as Error).message}`;
  }
}
