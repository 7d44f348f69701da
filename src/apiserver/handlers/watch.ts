import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../api/object.js';
import { resourceExpiredError } from '../../api/status_error.js';
import { groupVersion } from '../registry/resource.js';
import { negotiate } from '../http/negotiate.js';
import type { Representation } from '../http/negotiate.js';
import { buildFilter } from '../selectors.js';
import { parseResourceVersion } from '../store/resource_store.js';
import type { CacheEntry, CacheEvent, CacheListener } from '../store/watch_cache.js';
import { TooOldResourceVersionError } from '../store/watch_cache.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from '../table.js';
import type { RequestContext } from './context.js';

/** A watcher whose client reads slower than this many buffered bytes is ended (it will relist). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** How often a watch that allows bookmarks gets one. */
const BOOKMARK_INTERVAL_MS = 60_000;
/** Upstream's minimum request timeout: watches end after a random time between this and twice it. */
const MIN_REQUEST_TIMEOUT_S = 1800;

/** The wire form of a plain JSON event, computed once per event and shared by all watchers. */
const encoded = new WeakMap<CacheEvent, Buffer>();

function plainLine(ev: CacheEvent): Buffer {
  let b = encoded.get(ev);
  if (!b) {
    b = Buffer.from(`{"type":"${ev.type}","object":${ev.entry.json}}\n`);
    encoded.set(ev, b);
  }
  return b;
}

/**
 * WATCH: a stream of `{"type", "object"}` lines served from the watch cache. Objects entering or
 * leaving a selector are sent as ADDED and DELETED; a resourceVersion older than the cache
 * window ends with a 410 Expired ERROR event so that clients relist.
 */
export async function handleWatch(ctx: RequestContext): Promise<void> {
  const { query, rs, def } = ctx;
  const rep = negotiate(ctx.req.headers.accept);
  // A name from `fieldSelector=metadata.name=…` (upstream's RequestInfo) is not in the path.
  const pathName = ctx.info.parts.length > 1 ? ctx.info.name : '';
  const filter = buildFilter(def, query, pathName || undefined);
  const rv = query.get('resourceVersion') ?? '';
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const timeoutParam = Number(query.get('timeoutSeconds'));
  const timeoutS = timeoutParam > 0 ? timeoutParam : MIN_REQUEST_TIMEOUT_S * (1 + Math.random());
  const keyPrefix = pathName ? rs.key(ctx.info.namespace, pathName) : rs.keyPrefix(ctx.info.namespace);
  const exactKey = !!pathName;

  let after: number;
  if (rv === '' || rv === '0') {
    if (rv === '') await rs.cache.waitFresh();
    else await rs.cache.whenReady();
    after = rs.cache.revision;
  } else {
    after = parseResourceVersion(rv);
    await rs.cache.waitFor(after).catch(() => undefined);
  }
  const initial = rv === '' || rv === '0' || sendInitial ? rs.cache.list(keyPrefix) : [];

  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  if ('flushHeaders' in res && typeof res.flushHeaders === 'function') res.flushHeaders();

  let headersSent = false;
  let closed = false;
  let lastRevision = after;
  const encodeObject = (entry: CacheEntry | KubeObject, type: string): Buffer => {
    if (!rep.table && !rep.partialMetadata && isEntry(entry)) {
      return Buffer.from(`{"type":"${type}","object":${entry.json}}\n`);
    }
    const obj: KubeObject = isEntry(entry) ? entry.obj : entry;
    return Buffer.from(JSON.stringify({ type, object: represent(ctx, rep, obj, headersSent) }) + '\n');
  };
  /** Lines of the batch being handled; written together in one write. */
  let pending: Buffer[] | null = null;
  const flush = (b: Buffer) => {
    if (closed) return;
    (res as ServerResponse).write(b);
    if (res.writableLength > MAX_BUFFERED_BYTES) end();
  };
  const write = (b: Buffer) => {
    if (closed) return;
    if (rep.table) headersSent = true;
    if (pending) pending.push(b);
    else flush(b);
  };
  const matches = (e: CacheEntry | null) =>
    !!e && (exactKey ? e.key === keyPrefix : e.key.startsWith(keyPrefix)) && (!filter || filter(e.obj));

  /** Sends an event as `type`: the shared bytes when nothing about it is particular to this watcher. */
  const send = (ev: CacheEvent, type: CacheEvent['type']) =>
    write(
      type === ev.type && !rep.table && !rep.partialMetadata ? plainLine(ev) : encodeObject(ev.entry, type),
    );

  const listener: CacheListener = {
    events: (events) => {
      pending = [];
      for (const ev of events) {
        if (ev.revision <= lastRevision) continue;
        lastRevision = ev.revision;
        if (ev.type === 'DELETED') {
          if (matches(ev.entry)) send(ev, 'DELETED');
          continue;
        }
        const now = matches(ev.entry);
        const before = matches(ev.prev);
        if (now && before) send(ev, 'MODIFIED');
        else if (now)
          send(ev, 'ADDED'); // created, or changed so that it now matches
        else if (before) {
          // Changed so that it no longer matches: the watcher sees it go.
          const gone = {
            ...ev.prev!.obj,
            metadata: { ...ev.prev!.obj.metadata, resourceVersion: String(ev.revision) },
          };
          write(encodeObject(gone, 'DELETED'));
        }
      }
      const lines = pending;
      pending = null;
      if (lines.length) flush(lines.length === 1 ? lines[0]! : Buffer.concat(lines));
    },
    progress: (revision) => {
      if (revision > lastRevision) lastRevision = revision;
    },
    reset: () => end(),
  };

  const bookmark = (extra?: Record<string, string>) => {
    const obj = {
      kind: def.kind,
      apiVersion: groupVersion(def),
      metadata: {
        resourceVersion: String(Math.max(lastRevision, after)),
        ...(extra ? { annotations: extra } : {}),
      },
    };
    write(Buffer.from(JSON.stringify({ type: 'BOOKMARK', object: obj }) + '\n'));
  };

  let unsubscribe: () => void = () => undefined;
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  ctx.req.on('close', end);
  res.on('close', end);

  for (const e of initial) if (!filter || filter(e.obj)) write(encodeObject(e, 'ADDED'));
  if (sendInitial) bookmark({ 'k8s.io/initial-events-end': 'true' });
  try {
    unsubscribe = rs.cache.watch(after, listener);
  } catch (err) {
    if (err instanceof TooOldResourceVersionError) {
      const status = resourceExpiredError(err.message).toStatus();
      write(Buffer.from(JSON.stringify({ type: 'ERROR', object: status }) + '\n'));
      end();
      return;
    }
    throw err;
  }
  timers.push(setTimeout(end, timeoutS * 1000));
  if (bookmarks) {
    const tick = () => {
      bookmark();
      timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS));
  }
  await new Promise<void>((resolve) => res.on('close', () => resolve()));
}

function represent(ctx: RequestContext, rep: Representation, obj: KubeObject, headersSent: boolean): unknown {
  if (!rep.table && !rep.partialMetadata) return obj;
  if (rep.partialMetadata) return partialObjectMetadata(obj, rep.metaVersion);
  const table = toTable(ctx.def, [obj], {
    include: parseIncludeObject(ctx.query.get('includeObject')),
    metaVersion: rep.metaVersion,
    noHeaders: headersSent,
  });
  table.metadata.resourceVersion = obj.metadata.resourceVersion;
  return table;
}

function isEntry(v: CacheEntry | KubeObject): v is CacheEntry {
  return typeof (v as CacheEntry).json === 'string' && typeof (v as CacheEntry).key === 'string';
}
