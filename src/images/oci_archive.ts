/**
 * An image archive that both importers understand, built without a registry: an OCI image
 * layout (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) for `ctr images import`, with the
 * docker-archive `manifest.json` beside it for `docker load`. One gzipped layer, an image config
 * (`application/vnd.oci.image.config.v1+json`) and a manifest
 * (`application/vnd.oci.image.manifest.v1+json`). index.json names the image with the
 * annotations containerd (`io.containerd.image.name`) and OCI (`org.opencontainers.image.ref.name`)
 * read. Everything is deterministic: the same files give the same digests.
 */
import type { TarEntry } from './tar_writer.js';
import { writeTar } from './tar_writer.js';
import { buildLayer, sha256Digest } from './image_layer.js';

/** OCI media types used here. */
export const MediaType = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** The PATH every image built here gets (Docker's default). */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The `created` time of images built here: the epoch, so builds are reproducible. */
export const EPOCH = '1970-01-01T00:00:00Z';

/** What the container runs with (the OCI config's `config`). */
export interface ImageRunConfig {
  /** Extra environment (`NAME=value`) after PATH. */
  env?: string[];
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  user?: string;
  stopSignal?: string;
}

/** Input of `buildOciArchive`. */
export interface OciArchiveOptions {
  /** The full image name, `docker.io/library/busybox:1.35`; `:latest` when it has no tag. */
  name: string;
  /** The layer's files. */
  files: readonly TarEntry[];
  config?: ImageRunConfig;
  /** The history entry's `created_by` (what built it). */
  createdBy?: string;
  /** The architecture (default: this machine's, in OCI's names). */
  architecture?: string;
}

/** A built archive and the digests in it. */
export interface OciArchive {
  /** The tar to write to a file or pass to an importer. */
  archive: Buffer;
  /** The image name with its tag. */
  name: string;
  tag: string;
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
  diffId: string;
}

/** Node's `process.arch` in OCI's (Go's) names: x64 → amd64, arm64 → arm64, ia32 → 386, …. */
export function ociArchitecture(arch: string = process.arch): string {
  const names: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ia32: '386',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips: 'mips',
    mipsel: 'mipsle',
  };
  return names[arch] ?? arch;
}

/** Splits `repo[:tag]` into the name with a tag and the tag (`latest` when none). */
export function imageNameTag(name: string): { name: string; tag: string } {
  if (name.includes('@')) throw new Error(`image name ${JSON.stringify(name)} must be a tag, not a digest`);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) {
    const tag = name.slice(colon + 1);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error(`image tag ${JSON.stringify(tag)} is not valid`);
    return { name, tag };
  }
  return { name: `${name}:latest`, tag: 'latest' };
}

function json(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v));
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

/** Builds the archive (see the file comment). */
export function buildOciArchive(o: OciArchiveOptions): OciArchive {
  const { name, tag } = imageNameTag(o.name);
  const architecture = o.architecture ?? ociArchitecture();
  const layer = buildLayer(o.files);
  const c = o.config ?? {};
  const runConfig: Record<string, unknown> = { Env: [DEFAULT_PATH, ...(c.env ?? [])] };
  if (c.entrypoint) runConfig.Entrypoint = c.entrypoint;
  if (c.cmd) runConfig.Cmd = c.cmd;
  if (c.workingDir) runConfig.WorkingDir = c.workingDir;
  if (c.user) runConfig.User = c.user;
  if (c.stopSignal) runConfig.StopSignal = c.stopSignal;
  const config = json({
    created: EPOCH,
    architecture,
    os: 'linux',
    config: runConfig,
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created: EPOCH, created_by: o.createdBy ?? 'kubets' }],
  });
  const configDigest = sha256Digest(config);
  const manifest = json({
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: { mediaType: MediaType.config, digest: configDigest, size: config.length },
    layers: [{ mediaType: MediaType.layerGzip, digest: layer.digest, size: layer.gzip.length }],
  });
  const manifestDigest = sha256Digest(manifest);
  const index = json({
    schemaVersion: 2,
    mediaType: MediaType.index,
    manifests: [
      {
        mediaType: MediaType.manifest,
        digest: manifestDigest,
        size: manifest.length,
        platform: { architecture, os: 'linux' },
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': tag },
      },
    ],
  });
  const dockerManifest = json([
    { Config: blobPath(configDigest), RepoTags: [name], Layers: [blobPath(layer.digest)] },
  ]);
  const file = (path: string, data: Buffer): TarEntry => ({ type: 'file', path, data, mode: 0o644 });
  const archive = writeTar([
    file('oci-layout', json({ imageLayoutVersion: '1.0.0' })),
    file('index.json', index),
    file('manifest.json', dockerManifest),
    { type: 'directory', path: 'blobs' },
    { type: 'directory', path: 'blobs/sha256' },
    file(blobPath(manifestDigest), manifest),
    file(blobPath(configDigest), config),
    file(blobPath(layer.digest), layer.gzip),
  ]);
  return {
    archive,
    name,
    tag,
    manifestDigest,
    configDigest,
    layerDigest: layer.digest,
    diffId: layer.diffId,
  };
}
