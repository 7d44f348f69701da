/**
 * Upstream's AtomicWriter (`pkg/volume/util/atomic_writer.go`): a volume's files live in a
 * timestamped directory `..<time>.<random>`; the `..data` symlink points at the current one and
 * is replaced by a rename, so a reader sees either the old set of files or the new one, never a
 * mix; every top-level name is a symlink `name -> ..data/name`. A payload equal to what is on disk
 * writes nothing.
 */
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One file of a payload. */
export interface FileProjection {
  data: Buffer;
  mode: number;
}

/** The files of a volume, by relative path. */
export type Payload = Map<string, FileProjection>;

const DATA_DIR = '..data';
const DATA_DIR_TMP = '..data_tmp';

/** Checks a payload path as upstream's `validatePath`; throws with upstream's message. */
export function validatePayloadPath(p: string): void {
  if (p === '') throw new Error('invalid path: must not be empty');
  if (p.length > 4096) throw new Error(`invalid path: must be less than or equal to 4096 characters`);
  if (path.isAbsolute(p)) throw new Error(`invalid path: must be relative path: ${p}`);
  const parts = p.split('/');
  if (parts.includes('..')) throw new Error(`invalid path: must not contain '..': ${p}`);
  if (p.startsWith('..')) throw new Error(`invalid path: must not start with '..': ${p}`);
}

function timestampDirName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const t =
    `${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_` +
    `${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}`;
  return `..${t}.${randomInt(1e9)}`;
}

function readCurrent(targetDir: string): string | undefined {
  try {
    return fs.readlinkSync(path.join(targetDir, DATA_DIR));
  } catch {
    return undefined;
  }
}

/** The files under `dir`, as relative paths. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

function sameAsOnDisk(tsDir: string, payload: Payload): boolean {
  let onDisk: string[];
  try {
    onDisk = listFiles(tsDir);
  } catch {
    return false;
  }
  if (onDisk.length !== payload.size) return false;
  for (const [rel, file] of payload) {
    const p = path.join(tsDir, rel);
    try {
      const st = fs.lstatSync(p);
      if (!st.isFile() || (st.mode & 0o7777) !== file.mode) return false;
      if (!fs.readFileSync(p).equals(file.data)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function topLevel(rel: string): string {
  return rel.split('/')[0]!;
}

/**
 * Writes `payload` into `targetDir` atomically (creating it). Returns whether anything changed.
 * Throws on an invalid path, leaving the current files in place.
 */
export function writeAtomically(targetDir: string, payload: Payload, now = new Date()): boolean {
  for (const rel of payload.keys()) validatePayloadPath(rel);
  fs.mkdirSync(targetDir, { recursive: true });
  const oldTsName = readCurrent(targetDir);
  const oldTsDir = oldTsName ? path.join(targetDir, oldTsName) : undefined;
  if (oldTsDir && sameAsOnDisk(oldTsDir, payload)) {
    ensureUserVisible(targetDir, payload);
    return false;
  }

  const tsName = timestampDirName(now);
  const tsDir = path.join(targetDir, tsName);
  fs.mkdirSync(tsDir);
  fs.chmodSync(tsDir, 0o755);
  try {
    for (const [rel, file] of payload) {
      const p = path.join(tsDir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
      fs.writeFileSync(p, file.data);
      fs.chmodSync(p, file.mode);
    }
    const tmpLink = path.join(targetDir, DATA_DIR_TMP);
    fs.rmSync(tmpLink, { force: true });
    fs.symlinkSync(tsName, tmpLink);
    fs.renameSync(tmpLink, path.join(targetDir, DATA_DIR));
  } catch (err) {
    fs.rmSync(tsDir, { recursive: true, force: true });
    throw err;
  }

  ensureUserVisible(targetDir, payload);
  // Old user-visible names that the new payload no longer has.
  const wanted = new Set([...payload.keys()].map(topLevel));
  for (const name of fs.readdirSync(targetDir)) {
    if (name.startsWith('..') || wanted.has(name)) continue;
    const p = path.join(targetDir, name);
    if (fs.lstatSync(p).isSymbolicLink()) fs.unlinkSync(p);
  }
  if (oldTsDir) fs.rmSync(oldTsDir, { recursive: true, force: true });
  return true;
}

function ensureUserVisible(targetDir: string, payload: Payload): void {
  for (const name of new Set([...payload.keys()].map(topLevel))) {
    const p = path.join(targetDir, name);
    try {
      fs.lstatSync(p);
    } catch {
      fs.symlinkSync(path.join(DATA_DIR, name), p);
    }
  }
}
