/**
 * Reading a container's termination message (upstream's `getTerminationMessage`): the last
 * 4096 bytes of the host file mounted at the container's `terminationMessagePath`.
 */
import * as fs from 'node:fs';
import type { Mount } from '../cri/api.js';

/** Upstream's `MaxContainerTerminationMessageLength`. */
export const MAX_TERMINATION_MESSAGE_LENGTH = 4096;

/** The termination message and whether the caller should fall back to the logs. */
export interface TerminationMessage {
  message: string;
  fallbackToLogs: boolean;
}

/**
 * The message in the file mounted at `terminationMessagePath` among `mounts` (at most the last
 * 4096 bytes); a missing mount or file gives "" and `fallbackToLogs` as asked; an empty file
 * falls back too when asked.
 */
export function getTerminationMessage(
  mounts: Mount[] | undefined,
  terminationMessagePath: string | undefined,
  fallbackToLogs = false,
): TerminationMessage {
  if (!terminationMessagePath) return { message: '', fallbackToLogs };
  const m = (mounts ?? []).find((x) => x.containerPath === terminationMessagePath);
  if (!m) return { message: '', fallbackToLogs };
  let fd: number;
  try {
    fd = fs.openSync(m.hostPath, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { message: '', fallbackToLogs };
    return {
      message: `Error on reading termination log ${m.hostPath}: ${(err as Error).message}`,
      fallbackToLogs: false,
    };
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, MAX_TERMINATION_MESSAGE_LENGTH);
    const buf = Buffer.alloc(len);
    const n = fs.readSync(fd, buf, 0, len, size - len);
    const message = buf.subarray(0, n).toString('utf8');
    return { message, fallbackToLogs: fallbackToLogs && n === 0 };
  } catch (err) {
    return {
      message: `Error on reading termination log ${m.hostPath}: ${(err as Error).message}`,
      fallbackToLogs: false,
    };
  } finally {
    fs.closeSync(fd);
  }
}
