/**
 * A pod's `securityContext.fsGroup` applied to a volume as upstream's `SetVolumeOwnership`: every
 * file and directory below the volume gets the group, group read (and write unless the volume is
 * read-only), and directories the set-group-ID bit and group search, so that what containers
 * create there also belongs to the group. Symlinks are left alone (they have no mode of their
 * own). With `fsGroupChangePolicy: OnRootMismatch`, nothing is done when the volume's root
 * already has the group and those bits.
 */
import fs from 'node:fs';
import path from 'node:path';

const RW_MASK = 0o660;
const RO_MASK = 0o440;
const EXEC_MASK = 0o110;
const SETGID = 0o2000;

/** `Always` (the default) or `OnRootMismatch`. */
export type FsGroupChangePolicy = 'Always' | 'OnRootMismatch';

/** Gives the tree at `dir` to group `fsGroup`; throws with the path of what could not be changed. */
export function setVolumeOwnership(
  dir: string,
  fsGroup: number,
  readOnly: boolean,
  policy: FsGroupChangePolicy = 'Always',
): void {
  const mask = readOnly ? RO_MASK : RW_MASK;
  if (policy === 'OnRootMismatch' && rootMatches(dir, fsGroup, mask)) return;
  walk(dir, fsGroup, mask);
}

function rootMatches(dir: string, fsGroup: number, mask: number): boolean {
  const st = fs.statSync(dir);
  const want = mask | EXEC_MASK | SETGID;
  return st.gid === fsGroup && (st.mode & want) === want;
}

function walk(file: string, gid: number, mask: number): void {
  const st = fs.lstatSync(file);
  if (st.isSymbolicLink()) return;
  try {
    fs.lchownSync(file, -1, gid);
    const bits = st.isDirectory() ? mask | EXEC_MASK | SETGID : mask;
    fs.chmodSync(file, (st.mode & 0o7777) | bits);
  } catch (err) {
    throw new Error(`applying fsGroup ${gid} to ${file}: ${(err as Error).message}`);
  }
  if (!st.isDirectory()) return;
  for (const name of fs.readdirSync(file)) walk(path.join(file, name), gid, mask);
}
