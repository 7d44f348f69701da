/**
 * A minimal, deterministic tar writer (POSIX ustar, with a PAX header for paths that do not fit):
 * regular files, directories and symlinks, owned by 0:0 unless told otherwise, with the mtime the
 * caller gives (0 by default) so that the same entries always give the same bytes. Enough for
 * image layers and image archives; no hard links, devices or sparse files.
 */

/** One member of a tar archive. */
export type TarEntry =
  | { type: 'file'; path: string; data: Buffer; mode?: number; uid?: number; gid?: number; mtime?: number }
  | { type: 'directory'; path: string; mode?: number; uid?: number; gid?: number; mtime?: number }
  | { type: 'symlink'; path: string; target: string; uid?: number; gid?: number; mtime?: number };

const BLOCK = 512;

function octal(n: number, width: number): string {
  const s = Math.trunc(n).toString(8);
  if (s.length > width - 1) throw new Error(`tar: ${n} does not fit in ${width} octal digits`);
  return s.padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes), or null if impossible. */
function splitUstar(p: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(p) <= 100) return { prefix: '', name: p };
  for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) {
    const prefix = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '')
      return { prefix, name };
  }
  return null;
}

interface Header {
  path: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function header(h: Header): Buffer {
  const b = Buffer.alloc(BLOCK);
  const split = splitUstar(h.path) ?? { prefix: '', name: h.path.slice(0, 100) };
  b.write(split.name, 0, 100, 'utf8');
  b.write(octal(h.mode & 0o7777, 8), 100, 'ascii');
  b.write(octal(h.uid, 8), 108, 'ascii');
  b.write(octal(h.gid, 8), 116, 'ascii');
  b.write(octal(h.size, 12), 124, 'ascii');
  b.write(octal(h.mtime, 12), 136, 'ascii');
  b.write('        ', 148, 'ascii');
  b.write(h.typeflag, 156, 'ascii');
  b.write(h.linkname.slice(0, 100), 157, 100, 'utf8');
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  b.write(split.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(octal(sum, 7) + ' ', 148, 'ascii');
  return b;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A PAX record `"<len> <key>=<value>\n"`, where len counts the whole record. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len)
    len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The archive's bytes: each entry in the order given, then the two zero end blocks. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const path = e.type === 'directory' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
    const linkname = e.type === 'symlink' ? e.target : '';
    const mtime = e.mtime ?? 0;
    const pax: string[] = [];
    if (!splitUstar(path)) pax.push(paxRecord('path', path));
    if (Buffer.byteLength(linkname) > 100) pax.push(paxRecord('linkpath', linkname));
    if (pax.length > 0) {
      const data = Buffer.from(pax.join(''));
      parts.push(
        header({
          path: 'PaxHeader',
          mode: 0o644,
          uid: 0,
          gid: 0,
          size: data.length,
          mtime,
          typeflag: 'x',
          linkname: '',
        }),
        data,
        padding(data.length),
      );
    }
    const size = e.type === 'file' ? e.data.length : 0;
    const mode = e.type === 'symlink' ? 0o777 : (e.mode ?? (e.type === 'directory' ? 0o755 : 0o644));
    const typeflag = e.type === 'file' ? '0' : e.type === 'directory' ? '5' : '2';
    parts.push(header({ path, mode, uid: e.uid ?? 0, gid: e.gid ?? 0, size, mtime, typeflag, linkname }));
    if (e.type === 'file') parts.push(e.data, padding(size));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
