import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: the bytes go to a temporary file beside it, created with
 * `mode` (so a private key is never readable by others, not even briefly), flushed to disk, then
 * renamed over `path`. Readers see either the old file or the whole new one, never a partial one.
 * The parent directory is created (mode 0755 less the umask) when missing. An existing `path` ends
 * with `mode` too, since it is replaced rather than rewritten.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      // The umask may have narrowed the mode at creation; an explicit chmod makes it exact.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
