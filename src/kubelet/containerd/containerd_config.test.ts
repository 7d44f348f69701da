import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerdConfigToml, KUBETS_PAUSE_IMAGE } from './containerd_config.js';

test("containerd's config has our dirs, socket, sandbox image, OOM-score restriction, runc v2 on cgroupfs and CNI", () => {
  const toml = containerdConfigToml({
    rootDir: '/var/lib/kubets/agent/containerd/root',
    stateDir: '/run/kubets/containerd/state',
    socket: '/run/kubets/containerd/containerd.sock',
    cniConfDir: '/var/lib/kubets/agent/containerd/cni/net.d',
    cniBinDir: '/usr/lib/cni',
  });
  for (const line of [
    'version = 2',
    'root = "/var/lib/kubets/agent/containerd/root"',
    'state = "/run/kubets/containerd/state"',
    'address = "/run/kubets/containerd/containerd.sock"',
    `sandbox_image = "${KUBETS_PAUSE_IMAGE}"`,
    'restrict_oom_score_adj = true',
    'stream_server_address = "127.0.0.1"',
    'snapshotter = "overlayfs"',
    'runtime_type = "io.containerd.runc.v2"',
    'SystemdCgroup = false',
    'bin_dir = "/usr/lib/cni"',
    'conf_dir = "/var/lib/kubets/agent/containerd/cni/net.d"',
  ])
    assert.ok(toml.includes(line), `${line} in\n${toml}`);
  assert.ok(toml.includes('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]'));
});
