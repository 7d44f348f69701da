/**
 * The kubelet's volume manager (upstream's volumemanager with the in-tree plugins kubets has):
 * `setUp` makes every volume of a pod exist under `<rootDir>/pods/<uid>` (emptyDir, tmpfs
 * emptyDir, configMap, secret, downwardAPI and projected files written atomically and refreshed
 * on every sync) or checks it (hostPath, persistentVolumeClaim), and hands back the pod's paths
 * and a builder of each container's mounts; `tearDown` unmounts and removes the pod's directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Node } from '../../api/types/node.js';
import type { Pod, Volume } from '../../api/types/pod.js';
import { parseQuantity } from '../../api/quantity.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { KubeletObjectSources } from '../kubelet_deps.js';
import type { KubeletVolumes } from '../kubelet_deps.js';
import type { PodVolumeSetup } from '../pod_sync.js';
import type { Payload } from './atomic_writer.js';
import { setVolumeOwnership } from './volume_ownership.js';
import { writeAtomically } from './atomic_writer.js';
import type { MountedVolume } from './container_mounts.js';
import { containerMounts } from './container_mounts.js';
import { checkHostPathType } from './host_path.js';
import { mountPointsUnder, mountTmpfs, unmount } from './mounter.js';
import { configMapPayload, downwardAPIPayload, needsNode, secretPayload } from './payloads.js';
import { resolveClaim } from './persistent_volume_claim.js';
import { podDir, podVolumeDir } from './pod_dirs.js';
import { ServiceAccountTokens } from './service_account_token.js';
import type { ConfigMapSource, DownwardAPISource, ProjectedSource, SecretSource } from './volume_sources.js';
import { DEFAULT_FILE_MODE } from './volume_sources.js';

/** Options of the volume manager. */
export interface VolumeManagerOptions {
  clock?: Clock;
  /** The cluster's DNS domain, for pods' FQDNs in /etc/hosts (default `cluster.local`). */
  clusterDomain?: string;
}

const SUPPORTED = new Set([
  'emptyDir',
  'hostPath',
  'configMap',
  'secret',
  'downwardAPI',
  'projected',
  'persistentVolumeClaim',
  'ephemeral',
]);

const NODE_CACHE_MS = 60_000;

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The source type of `vol` (its one member besides `name`). */
export function volumeType(vol: Volume): string {
  return Object.keys(vol).find((k) => k !== 'name' && vol[k] !== undefined && vol[k] !== null) ?? '';
}

function checkUid(uid: string | undefined): string {
  if (!uid || uid.includes('/') || uid === '.' || uid === '..')
    throw new Error(`invalid pod uid ${JSON.stringify(uid)}`);
  return uid;
}

/** The real KubeletVolumes on a node. */
export class VolumeManager implements KubeletVolumes {
  private readonly tokens: ServiceAccountTokens;
  private readonly clusterDomain: string;
  private readonly clock: Clock;
  private node?: { name: string; at: number; node: Node | undefined };

  constructor(
    private readonly sources: KubeletObjectSources,
    opts: VolumeManagerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.tokens = new ServiceAccountTokens(sources.rest, this.clock);
    this.clusterDomain = opts.clusterDomain ?? 'cluster.local';
  }

  /** Sets up every volume of `pod`; rejects with `MountVolume.SetUp failed for volume "x" : reason`. */
  async setUp(pod: Pod): Promise<PodVolumeSetup> {
    const uid = checkUid(pod.metadata.uid);
    const root = this.sources.rootDir;
    fs.mkdirSync(podDir(root, uid), { recursive: true, mode: 0o750 });
    fs.mkdirSync(`${podDir(root, uid)}/volumes`, { recursive: true, mode: 0o750 });
    fs.mkdirSync(`${podDir(root, uid)}/containers`, { recursive: true, mode: 0o750 });
    const volumes = new Map<string, MountedVolume>();
    let node: Promise<Node | undefined> | undefined;
    const getNode = () => (node ??= this.fetchNode(pod));
    for (const vol of pod.spec.volumes ?? []) {
      try {
        volumes.set(vol.name, await this.setUpVolume(pod, uid, vol, getNode));
      } catch (err) {
        throw new Error(`MountVolume.SetUp failed for volume ${JSON.stringify(vol.name)} : ${errText(err)}`);
      }
    }
    const ctx = { rootDir: root, pod, volumes, clusterDomain: this.clusterDomain };
    return {
      paths: new Map([...volumes].map(([name, v]) => [name, v.path])),
      mounts: (container, env, podIPs) => containerMounts(ctx, container, env, podIPs),
    };
  }

  /** Unmounts what is mounted below the pod's directory and removes it (symlinks are not followed). */
  async tearDown(podUid: string): Promise<void> {
    const uid = checkUid(podUid);
    this.tokens.forgetPod(uid);
    const dir = podDir(this.sources.rootDir, uid);
    if (!fs.existsSync(dir)) return;
    for (const m of mountPointsUnder(dir)) {
      await unmount(m).catch((err: unknown) =>
        this.sources.log.warn({ err: errText(err), mountPoint: m, pod: uid }, 'unmounting failed'),
      );
    }
    const left = mountPointsUnder(dir);
    if (left.length > 0)
      throw new Error(`cannot remove the directory of pod ${uid}: ${left.join(', ')} still mounted`);
    // fs.rm removes symlinks themselves, never what they point at.
    await fs.promises.rm(dir, { recursive: true, force: true });
  }

  /** The pod's node (for allocatable resources), cached for a minute; undefined when unavailable. */
  private async fetchNode(pod: Pod): Promise<Node | undefined> {
    const name = pod.spec.nodeName;
    if (!name) return undefined;
    const now = this.clock.now();
    if (this.node && this.node.name === name && now - this.node.at < NODE_CACHE_MS) return this.node.node;
    let node: Node | undefined;
    try {
      node = await this.sources.rest.request<Node>({
        method: 'GET',
        path: `/api/v1/nodes/${encodeURIComponent(name)}`,
      });
    } catch {
      node = undefined;
    }
    this.node = { name, at: now, node };
    return node;
  }

  private async setUpVolume(
    pod: Pod,
    uid: string,
    vol: Volume,
    getNode: () => Promise<Node | undefined>,
  ): Promise<MountedVolume> {
    const root = this.sources.rootDir;
    const ns = pod.metadata.namespace ?? 'default';
    const type = volumeType(vol);
    if (!SUPPORTED.has(type))
      throw new Error(
        type
          ? `volume type ${JSON.stringify(type)} is not supported by this kubelet`
          : 'the volume has no source',
      );
    const { fsGroup, fsGroupChangePolicy } = pod.spec.securityContext ?? {};
    const policy = fsGroupChangePolicy === 'OnRootMismatch' ? 'OnRootMismatch' : 'Always';
    const own = (dir: string, readOnly: boolean) => {
      if (typeof fsGroup === 'number') setVolumeOwnership(dir, fsGroup, readOnly, policy);
    };
    const write = (plugin: 'configMap' | 'secret' | 'downwardAPI' | 'projected', payload: Payload) => {
      const dir = podVolumeDir(root, uid, plugin, vol.name);
      if (writeAtomically(dir, payload)) {
        own(dir, true);
        this.sources.log.debug({ pod: uid, volume: vol.name }, 'volume files written');
      }
      return { path: dir, readOnly: true };
    };

    if (vol.emptyDir) {
      const dir = podVolumeDir(root, uid, 'emptyDir', vol.name);
      const created = !fs.existsSync(dir);
      fs.mkdirSync(dir, { recursive: true });
      const medium = vol.emptyDir.medium ?? '';
      if (medium === 'Memory') await mountTmpfs(dir, tmpfsSize(pod, vol.emptyDir.sizeLimit));
      else if (medium !== '') throw new Error(`unsupported emptyDir medium ${JSON.stringify(medium)}`);
      if (created) {
        fs.chmodSync(dir, 0o777);
        own(dir, false);
      }
      return { path: dir, readOnly: false };
    }
    if (vol.hostPath) {
      checkHostPathType(vol.hostPath.path, vol.hostPath.type);
      return { path: vol.hostPath.path, readOnly: false };
    }
    if (vol.configMap) {
      const src = vol.configMap as ConfigMapSource;
      return write('configMap', this.configMapFiles(ns, src, src.defaultMode ?? DEFAULT_FILE_MODE));
    }
    if (vol.secret) {
      const src = vol.secret as SecretSource;
      return write('secret', this.secretFiles(ns, src, src.defaultMode ?? DEFAULT_FILE_MODE));
    }
    if (vol.downwardAPI) {
      const src = vol.downwardAPI as DownwardAPISource;
      const node = needsNode(src.items) ? await getNode() : undefined;
      return write(
        'downwardAPI',
        downwardAPIPayload(pod, src.items, src.defaultMode ?? DEFAULT_FILE_MODE, node),
      );
    }
    if (vol.projected) {
      const src = vol.projected as ProjectedSource;
      return write('projected', await this.projectedFiles(pod, src, getNode));
    }
    const claim = vol.persistentVolumeClaim
      ? await resolveClaim(this.sources.rest, ns, vol.persistentVolumeClaim.claimName)
      : await resolveClaim(this.sources.rest, ns, `${pod.metadata.name}-${vol.name}`, {
          name: pod.metadata.name ?? '',
          uid,
        });
    if (claim.hostPathType) checkHostPathType(claim.path, claim.hostPathType);
    else if (!fs.existsSync(claim.path))
      throw new Error(`path ${claim.path} of PV ${claim.pvName} does not exist`);
    // Local volumes take the pod's fsGroup as upstream; hostPath ones (like hostPath volumes) do not.
    if (claim.plugin === 'local') own(claim.path, Boolean(vol.persistentVolumeClaim?.readOnly));
    return { path: claim.path, readOnly: Boolean(vol.persistentVolumeClaim?.readOnly) };
  }

  private configMapFiles(ns: string, src: ConfigMapSource, defaultMode: number): Payload {
    const name = src.name ?? '';
    const cm = this.sources.getConfigMap(ns, name);
    if (!cm && !src.optional) throw new Error(`configmap ${JSON.stringify(name)} not found`);
    return configMapPayload(cm, src.items, defaultMode, Boolean(src.optional));
  }

  private secretFiles(ns: string, src: SecretSource, defaultMode: number): Payload {
    const name = src.secretName ?? src.name ?? '';
    const secret = this.sources.getSecret(ns, name);
    if (!secret && !src.optional) throw new Error(`secret ${JSON.stringify(name)} not found`);
    return secretPayload(secret, src.items, defaultMode, Boolean(src.optional));
  }

  private async projectedFiles(
    pod: Pod,
    src: ProjectedSource,
    getNode: () => Promise<Node | undefined>,
  ): Promise<Payload> {
    const ns = pod.metadata.namespace ?? 'default';
    const mode = src.defaultMode ?? DEFAULT_FILE_MODE;
    const payload: Payload = new Map();
    const add = (p: Payload) => {
      for (const [k, v] of p) payload.set(k, v);
    };
    for (const s of src.sources ?? []) {
      if (s.configMap) add(this.configMapFiles(ns, s.configMap, mode));
      else if (s.secret) add(this.secretFiles(ns, s.secret, mode));
      else if (s.downwardAPI) {
        const node = needsNode(s.downwardAPI.items) ? await getNode() : undefined;
        add(downwardAPIPayload(pod, s.downwardAPI.items, mode, node));
      } else if (s.serviceAccountToken) {
        const t = s.serviceAccountToken;
        const token = await this.tokens.get(pod, t.audience, t.expirationSeconds ?? 3600);
        payload.set(t.path, { data: Buffer.from(token), mode });
      } else {
        const kind = Object.keys(s)[0] ?? '';
        throw new Error(`projected volume source ${JSON.stringify(kind)} is not supported by this kubelet`);
      }
    }
    return payload;
  }
}

/**
 * The size of a memory-backed emptyDir as upstream's `calculateEmptyDirMemorySize`: the smallest
 * of its sizeLimit, the pod's memory limit (when every container has one) and the node's memory.
 */
export function tmpfsSize(pod: Pod, sizeLimit: string | undefined): number {
  let size = os.totalmem();
  const limits = pod.spec.containers.map((c) => c.resources?.limits?.memory);
  if (limits.length > 0 && limits.every((l) => l !== undefined)) {
    const sum = limits.reduce((a, l) => a + parseQuantity(l!).value(), 0);
    if (sum > 0) size = Math.min(size, sum);
  }
  if (sizeLimit) {
    const v = parseQuantity(sizeLimit).value();
    if (v > 0) size = Math.min(size, v);
  }
  return size;
}

/** Builds the node's volume manager from the kubelet's object sources (the `volumes` option). */
export function createVolumeManager(
  sources: KubeletObjectSources,
  opts: VolumeManagerOptions = {},
): KubeletVolumes {
  return new VolumeManager(sources, opts);
}
