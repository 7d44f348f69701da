/**
 * Decoding a watch response: newline-delimited JSON `WatchEvent`s read from a byte stream, as
 * the API server sends them. An `ERROR` event carries a `Status` and ends the watch with the
 * matching `StatusError` (410 Gone when the revision was compacted).
 */
import type { Readable } from 'node:stream';
import type { KubeObject } from '../api/object.js';
import type { Status, StatusReason } from '../api/status_error.js';
import { StatusError } from '../api/status_error.js';

/** One event of a watch. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/** Yields the events of the watch body `stream` until it ends; throws on an ERROR event. */
export async function* decodeWatchStream<T extends KubeObject>(
  stream: Readable,
): AsyncGenerator<WatchEvent<T>> {
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield parseEvent<T>(line);
    }
  }
  const rest = (pending + decoder.decode()).trim();
  if (rest) yield parseEvent<T>(rest);
}

function parseEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  const ev = JSON.parse(line) as { type: string; object: unknown };
  if (ev.type === 'ERROR') {
    const s = ev.object as Partial<Status>;
    throw new StatusError(
      s.code ?? 500,
      (s.reason ?? 'InternalError') as StatusReason,
      s.message ?? 'watch error',
    );
  }
  return ev as WatchEvent<T>;
}
