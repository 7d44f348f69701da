/**
 * Reads a container's CRI log file the way upstream's kubelet serves `kubectl logs`: the last
 * `tailLines` entries, entries since a time, each line prefixed with its time when asked, at most
 * `limitBytes` of output, and with `follow` the entries written after the request until the
 * container stops, across the runtime rotating the file.
 */
import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Clock } from '../../client/clock.js';
import { realClock, sleep } from '../../client/clock.js';
import { parseCriLogLine } from './cri_log_line.js';
import type { LogStream } from './cri_log_line.js';
import type { LogOptions } from './log_options.js';

/** How the reader learns about the world while following. */
export interface LogReadContext {
  /** Ends the read (the client went away); the promise then resolves. */
  signal?: AbortSignal;
  clock?: Clock;
  /** Whether the container still runs; following stops once it does not (default: never stops). */
  isRunning?: () => Promise<boolean>;
  /** How often to look for new entries while following (default 100 ms). */
  pollMs?: number;
  /** How often to ask `isRunning` while following (default 1 s). */
  runningCheckMs?: number;
}

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Writes the log at `path` to `out` as `opts` ask, and resolves when done: at the end of the file,
 * or when following, once the container is no longer running and the file is drained, or when
 * `ctx.signal` aborts, or when `limitBytes` have been written. Lines that are not CRI entries are
 * skipped. Rejects when the file cannot be opened (`failed to open log file "<path>": …`).
 * Does not end `out`.
 */
export async function readContainerLog(
  path: string,
  opts: LogOptions,
  out: Writable,
  ctx: LogReadContext = {},
): Promise<void> {
  const clock = ctx.clock ?? realClock;
  const pollMs = ctx.pollMs ?? 100;
  const runningCheckMs = ctx.runningCheckMs ?? 1000;
  let fh = await openLog(path);
  const writer = new LogWriter(out, opts);
  try {
    let pos = opts.tailLines === undefined ? 0 : await tailStart(fh, opts.tailLines);
    let rest: Buffer = Buffer.alloc(0);
    let finishing = false;
    // Set once the path is seen to hold a new file: the old one is read to its end before switching.
    let replaced = false;
    let lastRunningCheck = clock.now();
    let buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      if (ctx.signal?.aborted || writer.done) return;
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        const read = buf;
        // What was written to `out` may still reference this buffer: the next read gets a new one.
        buf = Buffer.allocUnsafe(CHUNK);
        const data = rest.length
          ? Buffer.concat([rest, read.subarray(0, bytesRead)])
          : read.subarray(0, bytesRead);
        let start = 0;
        for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE, start)) {
          const entry = parseCriLogLine(data.subarray(start, nl + 1));
          start = nl + 1;
          if (!entry || (opts.sinceMs !== undefined && entry.timeMs < opts.sinceMs)) continue;
          await writer.write(entry.stream, entry.timestamp, entry.partial, entry.content);
          if (writer.done || ctx.signal?.aborted) return;
        }
        rest = Buffer.from(data.subarray(start));
        continue;
      }
      // At the end of the file.
      if (!opts.follow || finishing) return;
      if (replaced) {
        await fh.close();
        fh = await openLog(path);
        pos = 0;
        rest = Buffer.alloc(0);
        replaced = false;
        continue;
      }
      const rotated = await rotation(fh, path, pos);
      if (rotated === 'replaced') {
        // What was appended to the old file between the last read and the rename is read first.
        replaced = true;
        continue;
      }
      if (rotated === 'truncated') {
        pos = 0;
        rest = Buffer.alloc(0);
        continue;
      }
      if (ctx.isRunning && clock.now() - lastRunningCheck >= runningCheckMs) {
        lastRunningCheck = clock.now();
        if (!(await ctx.isRunning())) {
          finishing = true; // one last read for what was written before it stopped
          continue;
        }
      }
      try {
        await sleep(pollMs, ctx.signal, clock);
      } catch {
        return; // aborted
      }
    }
  } finally {
    await fh.close().catch(() => {});
  }
}

async function openLog(path: string): Promise<FileHandle> {
  try {
    return await fs.open(path, 'r');
  } catch (err) {
    throw new Error(`failed to open log file ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
}

/**
 * Whether the file at `path` is still the open one: `replaced` when the runtime rotated it (a new
 * file, or none yet: then it is waited for), `truncated` when it was cut below what was read.
 */
async function rotation(
  fh: FileHandle,
  path: string,
  pos: number,
): Promise<'same' | 'replaced' | 'truncated'> {
  const open = await fh.stat();
  let current;
  try {
    current = await fs.stat(path);
  } catch {
    return 'same'; // between rename and reopen: keep waiting on the old file
  }
  if (current.ino !== open.ino || current.dev !== open.dev) return 'replaced';
  if (open.size < pos) return 'truncated';
  return 'same';
}

/**
 * The offset where the last `n` entries begin (upstream counts raw lines, as here); the end of
 * the file for 0.
 */
export async function tailStart(fh: FileHandle, n: number): Promise<number> {
  const { size } = await fh.stat();
  if (n === 0) return size;
  const buf = Buffer.alloc(CHUNK);
  let end = size;
  let count = 0;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    for (let i = bytesRead - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE || start + i === size - 1) continue;
      if (++count === n) return start + i + 1;
    }
    end = start;
  }
  return 0;
}

/** Writes entries to the output: timestamps at line starts, the byte limit, back-pressure. */
class LogWriter {
  done = false;
  private remaining: number;
  private readonly atLineStart: Record<LogStream, boolean> = { stdout: true, stderr: true };

  constructor(
    private readonly out: Writable,
    private readonly opts: LogOptions,
  ) {
    this.remaining = opts.limitBytes ?? Infinity;
  }

  async write(stream: LogStream, timestamp: string, partial: boolean, content: Buffer): Promise<void> {
    let data = content;
    if (this.opts.timestamps && this.atLineStart[stream])
      data = Buffer.concat([Buffer.from(`${timestamp} `), content]);
    this.atLineStart[stream] = !partial;
    if (data.length >= this.remaining) {
      data = data.subarray(0, this.remaining);
      this.done = true;
    }
    this.remaining -= data.length;
    if (this.out.destroyed || this.out.writableEnded) {
      this.done = true;
      return;
    }
    if (!this.out.write(data)) await drained(this.out);
  }
}

/** Resolves on 'drain', or when the stream closes or errors (the read then ends). */
async function drained(out: Writable): Promise<void> {
  const ac = new AbortController();
  await Promise.race([
    once(out, 'drain', { signal: ac.signal }),
    once(out, 'close', { signal: ac.signal }),
    once(out, 'error', { signal: ac.signal }),
  ]).catch(() => {});
  ac.abort();
}
