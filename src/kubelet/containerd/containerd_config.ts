/**
 * containerd's config.toml (version 2) for a kubets node: its own root, state and socket, the
 * CRI plugin with the locally built sandbox image, runc v2 shims on cgroupfs, CNI from Debian's
 * plugins and a conf dir the kubelet writes, the streaming server on loopback. On cgroup v1 VMs
 * where root cannot lower OOM scores, `restrict_oom_score_adj` keeps runc from failing.
 */

/** The sandbox (pause) image kubets builds and imports itself. */
export const KUBETS_PAUSE_IMAGE = 'localhost/kubets/pause:3.9';

/** What a node's containerd is configured with. */
export interface ContainerdConfigOptions {
  /** Persistent state (images, snapshots, content): `root`. */
  rootDir: string;
  /** Runtime state (sockets, shim bundles): `state`. */
  stateDir: string;
  /** The gRPC socket (CRI and containerd's own API). */
  socket: string;
  /** Where the kubelet writes the CNI conflist. */
  cniConfDir: string;
  /** Where the CNI plugin binaries are (Debian: /usr/lib/cni; containerd 1.6 takes one directory). */
  cniBinDir: string;
  sandboxImage?: string;
  /** `overlayfs` where it works, else `native`. */
  snapshotter?: 'overlayfs' | 'native';
  /** Address of the exec/attach/port-forward streaming server (default 127.0.0.1, random port). */
  streamAddress?: string;
  /** containerd's log level (default warn). */
  logLevel?: string;
}

function q(s: string): string {
  return JSON.stringify(s);
}

/** The config.toml text (see the file comment). */
export function containerdConfigToml(o: ContainerdConfigOptions): string {
  const cri = '[plugins."io.containerd.grpc.v1.cri"]';
  return `# Written by kubets; changes are overwritten when the node starts.
version = 2
root = ${q(o.rootDir)}
state = ${q(o.stateDir)}
disabled_plugins = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = ${q(o.socket)}

[ttrpc]
  address = ${q(`${o.socket}.ttrpc`)}

[debug]
  level = ${q(o.logLevel ?? 'warn')}

[metrics]
  address = ""

${cri}
  sandbox_image = ${q(o.sandboxImage ?? KUBETS_PAUSE_IMAGE)}
  restrict_oom_score_adj = true
  stream_server_address = ${q(o.streamAddress ?? '127.0.0.1')}
  stream_server_port = "0"
  enable_selinux = false
  max_container_log_line_size = 16384

${cri.slice(0, -1)}.containerd]
  snapshotter = ${q(o.snapshotter ?? 'overlayfs')}
  default_runtime_name = "runc"
  discard_unpacked_layers = false

${cri.slice(0, -1)}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

${cri.slice(0, -1)}.containerd.runtimes.runc.options]
  SystemdCgroup = false

${cri.slice(0, -1)}.cni]
  bin_dir = ${q(o.cniBinDir)}
  conf_dir = ${q(o.cniConfDir)}
  max_conf_num = 1

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(`${o.rootDir}/opt`)}
`;
}
