/**
 * The CNI network of a kubets node, written by the kubelet once the node has its podCIDR: a
 * bridge (the pods' gateway, hairpin so a pod reaches itself through a service) with host-local
 * IPAM over the podCIDR, then portmap for hostPort. containerd sets up the loopback interface of
 * every sandbox itself. The bridge does not masquerade (that would add iptables rules for every
 * pod, serialized on the xtables lock): the node masquerades the whole cluster CIDR once, as
 * flannel does (`src/agent/pod_masquerade.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Name of the network and of the conflist file. */
export const CNI_NETWORK_NAME = 'kubets';

/** What the conflist is built from. */
export interface CniNetworkOptions {
  /** The node's podCIDR, e.g. 10.42.0.0/24. */
  podCidr: string;
  /** The bridge interface (default cni0; at most 15 characters). */
  bridge?: string;
  /** host-local's state directory (default its own, /var/lib/cni/networks). */
  ipamDataDir?: string;
  /** MTU of the bridge and the pods' interfaces (default: the plugin's). */
  mtu?: number;
}

/** The plugin binaries the conflist needs. */
export const CNI_PLUGINS = ['bridge', 'host-local', 'portmap', 'loopback'] as const;

/** The first directory of `dirs` that holds every plugin the network needs. */
export function findCniBinDir(dirs: string[] = ['/opt/cni/bin', '/usr/lib/cni']): string | undefined {
  return dirs.find((d) => CNI_PLUGINS.every((p) => fs.existsSync(path.join(d, p))));
}

/** The conflist object (see the file comment). */
export function cniConfList(o: CniNetworkOptions): Record<string, unknown> {
  const bridge = o.bridge ?? 'cni0';
  if (bridge.length > 15)
    throw new Error(`bridge name ${JSON.stringify(bridge)} is longer than 15 characters`);
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(o.podCidr) && !o.podCidr.includes(':'))
    throw new Error(`podCIDR ${JSON.stringify(o.podCidr)} is not a CIDR`);
  const v6 = o.podCidr.includes(':');
  return {
    cniVersion: '1.0.0',
    name: CNI_NETWORK_NAME,
    plugins: [
      {
        type: 'bridge',
        bridge,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        promiscMode: false,
        ...(o.mtu ? { mtu: o.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: o.podCidr }]],
          routes: [{ dst: v6 ? '::/0' : '0.0.0.0/0' }],
          ...(o.ipamDataDir ? { dataDir: o.ipamDataDir } : {}),
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
}

/** Writes `conflist` to `<confDir>/10-kubets.conflist` atomically (rename); returns its path. */
export function writeCniConfig(confDir: string, conflist: Record<string, unknown>): string {
  fs.mkdirSync(confDir, { recursive: true });
  const file = path.join(confDir, `10-${CNI_NETWORK_NAME}.conflist`);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(conflist, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
