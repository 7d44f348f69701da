import fs from 'node:fs';
import path from 'node:path';
import { EtcdStore } from './etcd/etcd_store.js';
import { SqliteStore } from './sqlite/sqlite_store.js';
import type { Store } from './store.js';

/** Where the datastore lives: the embedded SQLite file in a data directory, or an etcd cluster. */
export interface DatastoreConfig {
  /** The server's data directory; the SQLite database is `DIR/db/state.db`. */
  dataDir: string;
  /**
   * Empty for the embedded SQLite store, or etcd endpoints as k3s's `--datastore-endpoint`:
   * `http://HOST:PORT[,http://HOST:PORT…]`, or `etcd://HOST:PORT[,HOST:PORT…]` (read as `http://`;
   * an endpoint without a scheme takes the one before it).
   */
  endpoint?: string;
}

/** The datastore's description for logs: which backend, where, and how writes are made durable. */
export function describeDatastore(cfg: DatastoreConfig): string {
  if (cfg.endpoint) return `etcd at ${cfg.endpoint} (durability: etcd's raft log, fsync per commit)`;
  return `sqlite at ${sqlitePath(cfg.dataDir)} (durability: WAL, fsync per group commit)`;
}

/** The SQLite database file of a data directory. */
export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'db', 'state.db');
}

/** Parses a `--datastore-endpoint` value into etcd client URLs; throws on anything else. */
export function parseEtcdEndpoints(endpoint: string): string[] {
  const urls = endpoint
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (urls.length === 0) throw new Error('--datastore-endpoint: no endpoint given');
  let scheme = '';
  return urls.map((given) => {
    const u = !given.includes('://') && scheme ? `${scheme}//${given}` : given;
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new Error(`--datastore-endpoint: ${JSON.stringify(u)} is not a URL (want http://HOST:PORT)`);
    }
    if (!['http:', 'https:', 'etcd:'].includes(url.protocol) || !url.hostname || !url.port) {
      throw new Error(`--datastore-endpoint: ${JSON.stringify(u)} must look like http://HOST:PORT`);
    }
    scheme = url.protocol;
    return `${url.protocol === 'etcd:' ? 'http:' : url.protocol}//${url.host}`;
  });
}

/** Opens the datastore a server is configured with. */
export async function openStore(cfg: DatastoreConfig): Promise<Store> {
  if (cfg.endpoint) return EtcdStore.open({ endpoints: parseEtcdEndpoints(cfg.endpoint) });
  const file = sqlitePath(cfg.dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  return SqliteStore.open({ path: file });
}
