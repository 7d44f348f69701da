/**
 * Reads a tar archive in memory (ustar, GNU long names and PAX paths): the counterpart of
 * `tar_writer.ts`, used to look inside image archives and layers (and by the tests to check what
 * was written). Hard links, devices and FIFOs are reported with their type letter and no data.
 */

/** One member as read back. */
export interface TarMember {
  path: string;
  /** `file`, `directory`, `symlink`, or the raw typeflag for anything else. */
  type: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  /** A symlink's (or hard link's) target. */
  linkname: string;
  data: Buffer;
}

const BLOCK = 512;

function str(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul === -1 ? s.length : nul).toString('utf8');
}

function num(b: Buffer, start: number, len: number): number {
  const s = str(b, start, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const len = Number(data.subarray(i, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0) throw new Error('tar: malformed PAX header');
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/** Every member of the archive, in order. Throws on a truncated archive or a bad checksum. */
export function readTar(archive: Buffer): TarMember[] {
  const out: TarMember[] = [];
  let off = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (off < archive.length) {
    if (off + BLOCK > archive.length) throw new Error('tar: archive is truncated');
    const h = archive.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (sum !== num(h, 148, 8)) throw new Error(`tar: bad header checksum at offset ${off}`);
    const size = num(h, 124, 12);
    const typeflag = str(h, 156, 1) || '0';
    const dataStart = off + BLOCK;
    if (dataStart + size > archive.length) throw new Error('tar: archive is truncated');
    const data = archive.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') {
      longName = str(data, 0, data.length);
      continue;
    }
    if (typeflag === 'K') {
      longLink = str(data, 0, data.length);
      continue;
    }
    const prefix = str(h, 345, 155);
    const name = str(h, 0, 100);
    const path = pax.path ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    const linkname = pax.linkpath ?? longLink ?? str(h, 157, 100);
    const type =
      typeflag === '0' || typeflag === '7'
        ? 'file'
        : typeflag === '5'
          ? 'directory'
          : typeflag === '2'
            ? 'symlink'
            : typeflag;
    out.push({
      path,
      type,
      mode: num(h, 100, 8),
      uid: num(h, 108, 8),
      gid: num(h, 116, 8),
      mtime: num(h, 136, 12),
      linkname,
      data,
    });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  return out;
}
