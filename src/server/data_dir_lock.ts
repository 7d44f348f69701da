/**
 * One server per data directory: `DIR/kubets.pid` holds the pid of the server using it. A second
 * server on the same directory is refused before it opens anything (so nothing is corrupted); a
 * pid file left by a server that died is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A held lock. */
export interface DataDirLock {
  release(): void;
}

/** Whether `pid` is a live server (a reused pid of another program does not count). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('server');
  } catch {
    return true; // no /proc to ask: a live pid is taken at its word
  }
}

/** Takes the directory's lock; throws naming the pid when another live process holds it. */
export function lockDataDir(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'kubets.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new Error(`another kubets server (pid ${pid}) is using the data directory ${dir}`);
      fs.rmSync(file, { force: true }); // left by a server that is gone
    }
  }
  throw new Error(`cannot lock the data directory ${dir}`);
}
