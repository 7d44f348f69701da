/**
 * After a sync, UDP flows that conntrack still maps to endpoints no longer in the rules would
 * keep going there (UDP has no connection to break), and flows that met a service without
 * endpoints would keep missing the new ones: as upstream, they are deleted with the conntrack
 * tool. `staleUdpFlows` is the pure part — which deletions a change of the service ports calls
 * for; `Conntrack` runs them (optionally inside a network namespace).
 */
import { execFile } from 'node:child_process';
import type { Logger } from 'pino';
import { categorizeEndpoints } from './endpoint_categories.js';
import type { ServicePortInfo } from './service_ports.js';

function serviceIPs(sp: ServicePortInfo): string[] {
  return [sp.clusterIP, ...sp.externalIPs, ...sp.loadBalancerIPs];
}

/**
 * The `conntrack` argument lists deleting the UDP flows made stale by going from `prev` to
 * `next` on node `nodeName`:
 *  - an endpoint no longer used: `-D -p udp --orig-dst IP --dst-nat EP` for each service IP,
 *    `-D -p udp --dport NODEPORT --dst-nat EP` for its node port;
 *  - a port that had no endpoints and has some now, or a port gone: every flow to its IPs and
 *    node port (`-D -p udp --orig-dst IP`, `-D -p udp --dport NODEPORT`).
 */
export function staleUdpFlows(
  prev: readonly ServicePortInfo[],
  next: readonly ServicePortInfo[],
  nodeName: string,
): string[][] {
  const key = (sp: ServicePortInfo) => `${sp.servicePortName}/${sp.protocol}`;
  const nextByKey = new Map(next.filter((sp) => sp.protocol === 'UDP').map((sp) => [key(sp), sp]));
  const prevByKey = new Map(prev.filter((sp) => sp.protocol === 'UDP').map((sp) => [key(sp), sp]));
  const out = new Map<string, string[]>();
  const add = (args: string[]) => out.set(args.join(' '), args);
  const clearAll = (sp: ServicePortInfo) => {
    for (const ip of serviceIPs(sp)) add(['-D', '-p', 'udp', '--orig-dst', ip]);
    if (sp.nodePort) add(['-D', '-p', 'udp', '--dport', String(sp.nodePort)]);
  };
  for (const [k, old] of prevByKey) {
    const now = nextByKey.get(k);
    if (!now) {
      clearAll(old);
      continue;
    }
    const used = new Set(categorizeEndpoints(now, nodeName).reachable.map((e) => e.ip));
    for (const e of categorizeEndpoints(old, nodeName).reachable) {
      if (used.has(e.ip)) continue;
      for (const ip of serviceIPs(old)) add(['-D', '-p', 'udp', '--orig-dst', ip, '--dst-nat', e.ip]);
      if (old.nodePort) add(['-D', '-p', 'udp', '--dport', String(old.nodePort), '--dst-nat', e.ip]);
    }
  }
  for (const [k, now] of nextByKey) {
    const old = prevByKey.get(k);
    const had = old ? categorizeEndpoints(old, nodeName).reachable.length > 0 : false;
    if (!had && categorizeEndpoints(now, nodeName).reachable.length > 0) clearAll(now);
  }
  return [...out.values()];
}

/** Runs conntrack deletions. */
export class Conntrack {
  private warned = false;

  constructor(private readonly opts: { netns?: string; log?: Logger } = {}) {}

  /** Runs one `conntrack ARGS`; resolves true when it ran (whether or not a flow matched). */
  delete(args: readonly string[]): Promise<boolean> {
    const [file, argv] = this.opts.netns
      ? ['ip', ['netns', 'exec', this.opts.netns, 'conntrack', ...args]]
      : ['conntrack', [...args]];
    return new Promise((resolve) => {
      execFile(file, argv, { encoding: 'utf8' }, (err, _stdout, stderr) => {
        // conntrack exits 1 when no flow matched ("0 flow entries have been deleted").
        if (!err || /0 flow entries/.test(stderr)) return resolve(true);
        if (!this.warned) {
          this.warned = true;
          this.opts.log?.warn(
            { args, err: stderr.trim() || err.message },
            'conntrack failed; stale UDP flows stay',
          );
        }
        resolve(false);
      });
    });
  }

  /** Runs every deletion in `list`, a few at a time. */
  async deleteAll(list: readonly (readonly string[])[]): Promise<void> {
    for (let i = 0; i < list.length; i += 8)
      await Promise.all(list.slice(i, i + 8).map((a) => this.delete(a)));
  }
}
