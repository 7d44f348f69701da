/**
 * Datastore benchmark: create, update, get, list (a prefix of 10k keys) and watch delivery, at 1
 * and at 64 concurrent callers, for the embedded SQLite store and for a real etcd side by side.
 * Prints one JSON line per figure on stdout (progress on stderr).
 *
 *   node dist/bench/storage/storage_bench.js [--backends sqlite,etcd] [--ops 20000] [--list-keys 10000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EtcdStore } from '../../src/storage/etcd/etcd_store.js';
import { startEtcd } from '../../src/storage/etcd/etcd_process.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';
import type { Store, WatchEvent } from '../../src/storage/store.js';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,etcd' },
    ops: { type: 'string', default: '20000' },
    'list-keys': { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '1,64' },
  },
});
const OPS = Number(args.ops);
const LIST_KEYS = Number(args['list-keys']);
const CONCURRENCY = args.concurrency.split(',').map(Number);

interface Backend {
  name: string;
  durability: string;
  store: Store;
  close(): Promise<void>;
}

const VALUE = Buffer.from(
  JSON.stringify({
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'bench', namespace: 'default', labels: { app: 'bench' } },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] },
    status: { phase: 'Pending' },
  }),
);

function emit(fields: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ bench: 'storage', ...fields }) + '\n');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Runs `total` calls of `op(i)` with `concurrency` callers; reports throughput and latency. */
async function measure(
  backend: Backend,
  name: string,
  concurrency: number,
  total: number,
  op: (i: number) => Promise<void>,
): Promise<void> {
  const lat = new Float64Array(total);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await op(i);
        lat[i] = performance.now() - t;
      }
    }),
  );
  const secs = (performance.now() - start) / 1000;
  const sorted = Array.from(lat).sort((a, b) => a - b);
  emit({
    backend: backend.name,
    durability: backend.durability,
    op: name,
    concurrency,
    ops: total,
    ops_per_sec: Math.round(total / secs),
    p50_ms: round(percentile(sorted, 50)),
    p99_ms: round(percentile(sorted, 99)),
  });
}

async function benchBackend(backend: Backend): Promise<void> {
  const s = backend.store;
  for (const c of CONCURRENCY) {
    const n = c === 1 ? Math.max(1, Math.floor(OPS / 10)) : OPS;
    const prefix = `/registry/bench/c${c}/`;
    const key = (i: number) => `${prefix}${String(i).padStart(7, '0')}`;
    const mod: number[] = new Array(n);
    process.stderr.write(`${backend.name}: ${c} caller(s), ${n} ops each\n`);
    await measure(backend, 'create', c, n, async (i) => {
      const r = await s.create(key(i), VALUE);
      if (!r.succeeded) throw new Error(`create ${key(i)} failed`);
      mod[i] = r.kv.modRevision;
    });
    await measure(backend, 'update', c, n, async (i) => {
      const r = await s.update(key(i), VALUE, mod[i]!);
      if (!r.succeeded) throw new Error(`update ${key(i)} conflicted`);
    });
    await measure(backend, 'get', c, n, async (i) => {
      const r = await s.get(key((i * 7919) % n));
      if (!r.kv) throw new Error('get found nothing');
    });
    await benchWatch(backend, c, n);
  }
  await benchList(backend);
}

/** Watch delivery: writers create keys; one watcher must see every event. */
async function benchWatch(backend: Backend, concurrency: number, n: number): Promise<void> {
  const s = backend.store;
  const prefix = `/registry/bench/watch-c${concurrency}/`;
  const started = new Float64Array(n);
  const delivery: number[] = [];
  let seen = 0;
  let done!: () => void;
  const allSeen = new Promise<void>((r) => (done = r));
  const ac = new AbortController();
  s.watch(
    prefix,
    { afterRevision: await s.currentRevision(), signal: ac.signal },
    {
      onEvents: (events: readonly WatchEvent[]) => {
        const now = performance.now();
        for (const e of events) {
          const i = Number(e.kv.key.slice(prefix.length));
          delivery.push(now - started[i]!);
          if (++seen === n) done();
        }
      },
      onError: (err) => {
        throw err;
      },
    },
  );
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        started[i] = performance.now();
        await s.create(prefix + String(i), VALUE);
      }
    }),
  );
  await allSeen;
  const secs = (performance.now() - t0) / 1000;
  ac.abort();
  delivery.sort((a, b) => a - b);
  emit({
    backend: backend.name,
    durability: backend.durability,
    op: 'watch_delivery',
    concurrency,
    ops: n,
    ops_per_sec: Math.round(n / secs),
    p50_ms: round(percentile(delivery, 50)),
    p99_ms: round(percentile(delivery, 99)),
    note: 'events/s seen by one watcher while writers create keys; latency from write start to delivery',
  });
}

/** LIST of a prefix holding LIST_KEYS keys, by 1 and by 64 callers. */
async function benchList(backend: Backend): Promise<void> {
  const s = backend.store;
  const prefix = '/registry/bench/list/';
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < LIST_KEYS; i = next++)
        await s.create(prefix + String(i).padStart(6, '0'), VALUE);
    }),
  );
  for (const c of CONCURRENCY) {
    const total = c === 1 ? 20 : c * 2;
    process.stderr.write(`${backend.name}: list ${LIST_KEYS} keys, ${c} caller(s)\n`);
    await measure(backend, `list_${LIST_KEYS}`, c, total, async () => {
      const r = await s.list(prefix);
      if (r.kvs.length !== LIST_KEYS) throw new Error(`list returned ${r.kvs.length}`);
    });
  }
}

async function openBackend(name: string, dir: string): Promise<Backend> {
  if (name === 'sqlite') {
    const store = await SqliteStore.open({ path: path.join(dir, 'bench.db') });
    return {
      name,
      durability: 'WAL, synchronous=FULL: fsync before acknowledging, one per group commit',
      store,
      close: () => store.close(),
    };
  }
  if (name === 'etcd') {
    const etcd = await startEtcd({ dataDir: path.join(dir, 'etcd') });
    const store = await EtcdStore.open({ endpoints: [etcd.endpoint] });
    return {
      name,
      durability: 'etcd 3.4 defaults: raft WAL fsync before acknowledging (one node, loopback gRPC)',
      store,
      close: async () => {
        await store.close();
        await etcd.stop();
      },
    };
  }
  throw new Error(`unknown backend ${name}`);
}

const results: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-bench-'));
try {
  emit({ op: 'meta', node: process.version, cpus: os.cpus().length, ops: OPS, list_keys: LIST_KEYS });
  for (const name of args.backends.split(',')) {
    const backend = await openBackend(name, dir);
    try {
      await benchBackend(backend);
      results.push(name);
    } finally {
      await backend.close();
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.stderr.write(`done: ${results.join(', ')}\n`);
