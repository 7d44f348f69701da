/**
 * hostPath volumes' type checks (upstream's `checkType` in `pkg/volume/hostpath`): "" checks
 * nothing, the `…OrCreate` types create what is missing (directories 0755, files 0644), the
 * others require that kind of file, with upstream's error texts.
 */
import * as fs from 'node:fs';

/** Checks (and for the `…OrCreate` types creates) `p` as hostPath `type`; throws upstream's error. */
export function checkHostPathType(p: string, type: string | undefined): void {
  if (!type) return;
  const st = (): fs.Stats | undefined => {
    try {
      return fs.statSync(p);
    } catch {
      return undefined;
    }
  };
  const fail = (what: string) => new Error(`hostPath type check failed: ${p} is not a ${what}`);
  if (type === 'DirectoryOrCreate' && !st()) {
    fs.mkdirSync(p, { recursive: true, mode: 0o755 });
    return;
  }
  if (type === 'FileOrCreate' && !st()) {
    fs.closeSync(fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_RDONLY, 0o644));
    return;
  }
  switch (type) {
    case 'DirectoryOrCreate':
    case 'Directory':
      if (!st()?.isDirectory()) throw fail('directory');
      return;
    case 'FileOrCreate':
    case 'File':
      if (!st()?.isFile()) throw fail('file');
      return;
    case 'Socket':
      if (!st()?.isSocket()) throw fail('socket file');
      return;
    case 'CharDevice':
      if (!st()?.isCharacterDevice()) throw fail('character device');
      return;
    case 'BlockDevice':
      if (!st()?.isBlockDevice()) throw fail('block device');
      return;
  }
  throw new Error(`${type} is an invalid volume type`);
}
