/**
 * A container's CRI mounts (upstream's `makeMounts` and the termination-message mount of
 * `generateContainerConfig`): each volumeMount with its subPath or expanded subPathExpr, read-only
 * flag and propagation; the pod's managed /etc/hosts; a fresh termination-message file.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Container, Pod } from '../../api/types/pod.js';
import type { KeyValue, Mount, MountPropagation } from '../cri/api.js';
import { expandVars } from '../expansion.js';
import { etcHostsContent } from './etc_hosts.js';
import { podContainerDir, podEtcHostsPath } from './pod_dirs.js';
import type { FullVolumeMount } from './volume_sources.js';

/** A volume set up on the node. */
export interface MountedVolume {
  /** Its host path. */
  path: string;
  /** Mounted read-only whatever the volumeMount says (configMap, secret, … and read-only claims). */
  readOnly: boolean;
}

/** What building mounts needs besides the container. */
export interface MountContext {
  rootDir: string;
  pod: Pod;
  volumes: Map<string, MountedVolume>;
  clusterDomain: string;
}

const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';

function propagation(mount: FullVolumeMount, container: Container): MountPropagation {
  switch (mount.mountPropagation) {
    case undefined:
    case 'None':
      return 'PROPAGATION_PRIVATE';
    case 'HostToContainer':
      return 'PROPAGATION_HOST_TO_CONTAINER';
    case 'Bidirectional':
      if (!container.securityContext?.privileged)
        throw new Error('Bidirectional mount propagation is available only to privileged containers');
      return 'PROPAGATION_BIDIRECTIONAL';
  }
  throw new Error(`invalid MountPropagation mode: ${String(mount.mountPropagation)}`);
}

function validateSubPath(subPath: string): void {
  if (path.isAbsolute(subPath)) throw new Error(`subpath ${JSON.stringify(subPath)} must be relative path`);
  if (subPath.split('/').includes('..'))
    throw new Error(`subpath ${JSON.stringify(subPath)} must not contain '..'`);
}

/** The nearest existing ancestor of `p` (or `p`), resolved. */
function realExisting(p: string): string {
  let cur = p;
  for (;;) {
    try {
      return fs.realpathSync(cur);
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return cur;
      cur = up;
    }
  }
}

/** `volumePath/subPath`, created as a directory when missing; throws when it escapes the volume. */
function subPathHostPath(volumePath: string, subPath: string): string {
  validateSubPath(subPath);
  const hostPath = path.join(volumePath, subPath);
  const root = fs.realpathSync(volumePath);
  const real = realExisting(hostPath);
  if (real !== root && !real.startsWith(root + '/'))
    throw new Error(`subpath ${JSON.stringify(real)} not within volume path ${JSON.stringify(root)}`);
  if (!fs.existsSync(hostPath)) {
    fs.mkdirSync(hostPath, { recursive: true, mode: fs.statSync(volumePath).mode & 0o7777 });
    const after = fs.realpathSync(hostPath);
    if (after !== root && !after.startsWith(root + '/'))
      throw new Error(`subpath ${JSON.stringify(after)} not within volume path ${JSON.stringify(root)}`);
  }
  return hostPath;
}

/**
 * The mounts of `container` with `env` (for subPathExpr) and the pod's `podIPs` (for /etc/hosts).
 * Throws on an unknown volume, a bad subPath or a propagation the container may not use.
 */
export function containerMounts(
  ctx: MountContext,
  container: Container,
  env: KeyValue[],
  podIPs: string[],
): Mount[] {
  const { pod, rootDir } = ctx;
  const uid = pod.metadata.uid ?? '';
  const envMap = new Map(env.map((kv) => [kv.key, kv.value]));
  const out: Mount[] = [];
  let mountsEtcHosts = false;
  for (const m of (container.volumeMounts ?? []) as FullVolumeMount[]) {
    const vol = ctx.volumes.get(m.name);
    if (!vol)
      throw new Error(
        `cannot find volume ${JSON.stringify(m.name)} to mount into container ${JSON.stringify(container.name)}`,
      );
    let subPath = m.subPath ?? '';
    if (m.subPathExpr) subPath = expandVars(m.subPathExpr, (name) => envMap.get(name));
    const hostPath = subPath ? subPathHostPath(vol.path, subPath) : vol.path;
    if (m.mountPath === '/etc/hosts') mountsEtcHosts = true;
    out.push({
      containerPath: m.mountPath,
      hostPath,
      readonly: Boolean(m.readOnly) || vol.readOnly,
      propagation: propagation(m, container),
    });
  }

  if (!pod.spec.hostNetwork && !mountsEtcHosts && podIPs.length > 0) {
    const hostsFile = podEtcHostsPath(rootDir, uid);
    fs.writeFileSync(hostsFile, etcHostsContent(pod, podIPs, ctx.clusterDomain), { mode: 0o644 });
    out.push({ containerPath: '/etc/hosts', hostPath: hostsFile, readonly: false });
  }

  const tmPath = container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  if (tmPath) {
    const dir = podContainerDir(rootDir, uid, container.name);
    fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
    const file = path.join(dir, randomBytes(4).toString('hex'));
    fs.closeSync(fs.openSync(file, 'w'));
    fs.chmodSync(file, 0o666);
    out.push({ containerPath: tmPath, hostPath: file, readonly: false });
  }
  return out;
}
