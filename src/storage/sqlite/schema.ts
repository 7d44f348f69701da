import type Database from 'better-sqlite3';
import type { KeyValue } from '../store.js';

/**
 * The on-disk layout of the SQLite backend, kine-style: one log table `kv` where every write is
 * a row and the row id is the revision. `prev_revision` points at the key's previous row and is
 * unique per key, so two writes claiming the same predecessor cannot both commit.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  value BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision);
CREATE INDEX IF NOT EXISTS kv_lease ON kv (lease) WHERE lease != 0;
CREATE TABLE IF NOT EXISTS leases (
  id INTEGER PRIMARY KEY,
  ttl INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;

/** A row of the `kv` table. */
export interface Row {
  id: number;
  name: string;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  version: number;
  lease: number;
  value: Buffer;
}

/** A `kv` row joined with its predecessor (the `p_` columns are null when it has none). */
export interface HistoryRow extends Row {
  p_id: number | null;
  p_deleted: number | null;
  p_create_revision: number | null;
  p_version: number | null;
  p_lease: number | null;
  p_value: Buffer | null;
}

const COLUMNS = 'id, name, deleted, create_revision, prev_revision, version, lease, value';
const K_COLUMNS = 'k.id, k.name, k.deleted, k.create_revision, k.prev_revision, k.version, k.lease, k.value';

/** Applies the pragmas that make the database durable and exclusively ours, then the schema. */
export function initSchema(db: Database.Database, inMemory: boolean): void {
  if (!inMemory) {
    // One process owns the database: no shared-memory index, and a second opener fails fast.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    // FULL: the WAL is synced at every commit, so an acknowledged write survives a crash.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -65536');
  db.exec(DDL);
}

/** The prepared statements of the backend, compiled once. */
export function prepareStatements(db: Database.Database) {
  return {
    latest: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`),
    atRevision: db.prepare<[string, number], Row>(
      `SELECT ${COLUMNS} FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
    ),
    insert: db.prepare<[number, string, number, number, number, number, number, Uint8Array]>(
      `INSERT INTO kv (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    /** Live keys in [from, to) at a revision, in key order. */
    listRange: db.prepare<[{ from: string; to: string; rev: number; limit: number }], Row>(
      `SELECT ${K_COLUMNS} FROM kv AS k
       WHERE k.name >= @from AND k.name < @to
         AND k.id = (SELECT max(id) FROM kv WHERE name = k.name AND id <= @rev)
         AND k.deleted = 0
       ORDER BY k.name LIMIT @limit`,
    ),
    countRange: db.prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM kv AS k
       WHERE k.name >= ? AND k.name < ?
         AND k.id = (SELECT max(id) FROM kv WHERE name = k.name)
         AND k.deleted = 0`,
    ),
    /** Rows of [from, to) with a revision in (after, upTo], oldest first, with predecessors. */
    history: db.prepare<[number, number, string, string, number], HistoryRow>(
      `SELECT ${K_COLUMNS}, p.id AS p_id, p.deleted AS p_deleted, p.create_revision AS p_create_revision,
              p.version AS p_version, p.lease AS p_lease, p.value AS p_value
       FROM kv AS k LEFT JOIN kv AS p ON p.id = k.prev_revision AND k.prev_revision != 0
       WHERE k.id > ? AND k.id <= ? AND k.name >= ? AND k.name < ?
       ORDER BY k.id LIMIT ?`,
    ),
    /** Live keys attached to a lease. */
    leaseKeys: db.prepare<[number], Row>(
      `SELECT ${K_COLUMNS} FROM kv AS k
       WHERE k.lease = ? AND k.deleted = 0 AND k.id = (SELECT max(id) FROM kv WHERE name = k.name)`,
    ),
    /** Physically removes history below a compaction revision, for ids in [lo, hi). */
    compactRange: db.prepare<{ lo: number; hi: number; c: number }>(
      `DELETE FROM kv WHERE id >= @lo AND id < @hi AND id < @c AND (
         deleted = 1 OR EXISTS (SELECT 1 FROM kv AS n WHERE n.name = kv.name AND n.id > kv.id AND n.id < @c))`,
    ),
    minId: db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM kv'),
    sequence: db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'kv'`),
    getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    setMeta: db.prepare<[string, number]>(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    ),
    leaseExists: db.prepare<[number], { id: number }>('SELECT id FROM leases WHERE id = ?'),
    allLeases: db.prepare<[], { id: number; ttl: number; expires_at: number }>(
      'SELECT id, ttl, expires_at FROM leases',
    ),
    insertLease: db.prepare<[number, number, number]>(
      'INSERT INTO leases (id, ttl, expires_at) VALUES (?, ?, ?)',
    ),
    renewLease: db.prepare<[number, number]>('UPDATE leases SET expires_at = ? WHERE id = ?'),
    deleteLease: db.prepare<[number]>('DELETE FROM leases WHERE id = ?'),
  };
}

/** The statements object returned by `prepareStatements`. */
export type Statements = ReturnType<typeof prepareStatements>;

/** The `KeyValue` a live row stands for. */
export function rowToKeyValue(row: Row): KeyValue {
  return {
    key: row.name,
    value: row.value,
    createRevision: row.create_revision,
    modRevision: row.id,
    version: row.version,
    lease: row.lease,
  };
}

/** The tombstone `KeyValue` of a deletion at `revision`, as etcd reports it in watch events. */
export function tombstone(key: string, revision: number): KeyValue {
  return { key, value: EMPTY, createRevision: 0, modRevision: revision, version: 0, lease: 0 };
}

const EMPTY = new Uint8Array(0);
