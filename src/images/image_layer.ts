/**
 * One image layer from a list of files: paths made relative (`bin/sh`, never `/bin/sh`), missing
 * parent directories added (0755), entries sorted so that a directory precedes what it holds, a
 * later entry for the same path replacing an earlier one. The tar is deterministic (mtime 0,
 * owner 0:0 unless given); its sha256 is the layer's diff_id, the sha256 of its gzip the digest.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import type { TarEntry } from './tar_writer.js';
import { writeTar } from './tar_writer.js';

/** A built layer. */
export interface ImageLayer {
  /** The uncompressed tar. */
  tar: Buffer;
  /** The gzipped tar, as stored in the image. */
  gzip: Buffer;
  /** `sha256:<hex>` of `tar`: the config's rootfs diff_id. */
  diffId: string;
  /** `sha256:<hex>` of `gzip`: the manifest's layer digest. */
  digest: string;
}

/** `sha256:<hex>` of the bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function normalize(p: string): string {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.length === 0) throw new Error(`layer: ${JSON.stringify(p)} is not a file path`);
  if (parts.includes('..')) throw new Error(`layer: ${JSON.stringify(p)} leaves the root`);
  return parts.join('/');
}

/** The layer's entries in archive order (see the file comment). */
export function layerEntries(files: readonly TarEntry[]): TarEntry[] {
  const byPath = new Map<string, TarEntry>();
  for (const f of files) {
    const path = normalize(f.path);
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const existing = byPath.get(dir);
      if (existing && existing.type !== 'directory')
        throw new Error(`layer: ${dir} is not a directory but holds ${path}`);
      if (!existing) byPath.set(dir, { type: 'directory', path: dir, mode: 0o755 });
    }
    byPath.set(path, { ...f, path });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Builds the layer (see the file comment). */
export function buildLayer(files: readonly TarEntry[]): ImageLayer {
  const tar = writeTar(layerEntries(files));
  const gzip = zlib.gzipSync(tar, { level: 9 });
  return { tar, gzip, diffId: sha256Digest(tar), digest: sha256Digest(gzip) };
}
