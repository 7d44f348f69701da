/**
 * Images into containerd without a registry: `ctr images import` of an image archive (ours, an
 * OCI layout tar, or a `docker save` tar), and, at node start, the built-in images (the pause
 * image and busybox) built and imported when the CRI does not have them yet.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ImageService } from '../kubelet/cri/api.js';
import type { OciArchive } from './oci_archive.js';
import { KUBETS_PAUSE_IMAGE } from '../kubelet/containerd/containerd_config.js';
import { buildBusyboxImage, buildPauseImage, defaultBusyboxTag, readHostBusybox } from './builtin_images.js';

/** Options of `importImageArchive`. */
export interface ImportOptions {
  /** The archive (OCI layout or docker-archive tar). */
  file: string;
  /** containerd's socket. */
  address: string;
  /** containerd namespace (default `k8s.io`, the one the CRI uses). */
  namespace?: string;
  /** The ctr binary (default /usr/bin/ctr). */
  ctr?: string;
  /** Unpack for this snapshotter (default: ctr's, overlayfs). */
  snapshotter?: string;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** The image names in ctr import's output (`unpacking NAME (sha256:…)...done`). */
export function parseCtrImportOutput(stdout: string): string[] {
  const names: string[] = [];
  for (const m of stdout.matchAll(/unpacking (\S+) \(sha256:[0-9a-f]{64}\)/g)) names.push(m[1]!);
  return names;
}

/**
 * Runs `ctr --address SOCK -n NS images import --all-platforms FILE` and returns the names of the
 * images it imported. Rejects with ctr's stderr when it fails.
 */
export function importImageArchive(o: ImportOptions): Promise<string[]> {
  const ctr = o.ctr ?? '/usr/bin/ctr';
  const args = ['--address', o.address, '-n', o.namespace ?? 'k8s.io', 'images', 'import', '--all-platforms'];
  if (o.snapshotter) args.push('--snapshotter', o.snapshotter);
  args.push(o.file);
  if (!fs.existsSync(o.file)) return Promise.reject(new Error(`image archive ${o.file} not found`));
  return new Promise((resolve, reject) => {
    execFile(ctr, args, { timeout: o.timeoutMs ?? 300_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const detail = stderr.trim() || err.message;
        reject(new Error(`ctr images import ${o.file} failed: ${detail}`));
        return;
      }
      resolve(parseCtrImportOutput(stdout));
    });
  });
}

/** Options of `ensureBuiltinImages`. */
export interface EnsureBuiltinImagesOptions {
  /** containerd's socket. */
  address: string;
  /** The CRI image service of that containerd (asks whether an image is there). */
  images: ImageService;
  /** Where the archives are written before the import. */
  dir: string;
  log: Logger;
  namespace?: string;
  ctr?: string;
  snapshotter?: string;
}

/**
 * Makes sure containerd has the pause and busybox images: each one the CRI does not know is
 * built into `dir` and imported. Returns the names it imported (empty when all were there).
 */
export async function ensureBuiltinImages(o: EnsureBuiltinImagesOptions): Promise<string[]> {
  const builders: Array<{ name: string; file: string; build: () => OciArchive }> = [
    { name: KUBETS_PAUSE_IMAGE, file: 'kubets-pause.tar', build: () => buildPauseImage() },
    {
      name: defaultBusyboxTag(readHostBusybox().version),
      file: 'kubets-busybox.tar',
      build: () => buildBusyboxImage(),
    },
  ];
  const imported: string[] = [];
  for (const b of builders) {
    if (await o.images.imageStatus({ image: b.name })) continue;
    const image = b.build();
    fs.mkdirSync(o.dir, { recursive: true });
    const file = path.join(o.dir, b.file);
    fs.writeFileSync(file, image.archive);
    const names = await importImageArchive({
      file,
      address: o.address,
      namespace: o.namespace,
      ctr: o.ctr,
      snapshotter: o.snapshotter,
    });
    o.log.info({ image: image.name, digest: image.manifestDigest }, 'imported built-in image');
    imported.push(...names);
  }
  return imported;
}
