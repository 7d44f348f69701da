import { LeaseNotFoundError } from '../errors.js';
import type { CreateResult, DeleteResult, KeyValue, Lease, UpdateResult, WatchEvent } from '../store.js';
import type { Row, Statements } from './schema.js';
import { rowToKeyValue, tombstone } from './schema.js';

/** A write waiting for the next group commit. */
export type WriteOp =
  | { kind: 'create'; key: string; value: Uint8Array; lease: number }
  | { kind: 'update'; key: string; value: Uint8Array; expected: number; lease: number }
  | { kind: 'delete'; key: string; expected: number | undefined }
  | { kind: 'grantLease'; ttl: number; expiresAt: number }
  | { kind: 'renewLease'; id: number; expiresAt: number }
  | { kind: 'revokeLease'; id: number }
  | { kind: 'compact'; revision: number };

/** What applying one op produced: a result for its caller, or an error for its caller alone. */
export type OpOutcome = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * Applies write ops inside an open transaction. `revision` is the last revision used; each write
 * of a key takes the next one. Events are appended to `events` in revision order. Nothing here
 * touches memory outside the transaction, so a failed commit leaves no trace.
 */
export class OpApplier {
  constructor(
    private readonly st: Statements,
    public revision: number,
    private readonly events: WatchEvent[],
    private readonly nextLeaseId: () => number,
  ) {}

  /** Applies one op; returns its outcome. */
  apply(op: WriteOp): OpOutcome {
    switch (op.kind) {
      case 'create':
        return this.create(op.key, op.value, op.lease);
      case 'update':
        return this.update(op.key, op.value, op.expected, op.lease);
      case 'delete':
        return this.delete(op.key, op.expected);
      case 'grantLease': {
        const id = this.nextLeaseId();
        this.st.insertLease.run(id, op.ttl, op.expiresAt);
        const lease: Lease = { id, ttl: op.ttl };
        return { ok: true, value: lease };
      }
      case 'renewLease': {
        if (!this.st.leaseExists.get(op.id)) return { ok: false, error: new LeaseNotFoundError(op.id) };
        this.st.renewLease.run(op.expiresAt, op.id);
        return { ok: true, value: undefined };
      }
      case 'revokeLease':
        return this.revokeLease(op.id);
      case 'compact':
        this.st.setMeta.run('compact_revision', op.revision);
        return { ok: true, value: undefined };
    }
  }

  private leaseMissing(lease: number): OpOutcome | null {
    if (lease !== 0 && !this.st.leaseExists.get(lease))
      return { ok: false, error: new LeaseNotFoundError(lease) };
    return null;
  }

  private create(key: string, value: Uint8Array, lease: number): OpOutcome {
    const prev = this.st.latest.get(key);
    if (prev && !prev.deleted) {
      const res: CreateResult = { succeeded: false, revision: this.revision, current: rowToKeyValue(prev) };
      return { ok: true, value: res };
    }
    const missing = this.leaseMissing(lease);
    if (missing) return missing;
    const id = ++this.revision;
    this.st.insert.run(id, key, 0, id, prev ? prev.id : 0, 1, lease, value);
    const kv: KeyValue = { key, value, createRevision: id, modRevision: id, version: 1, lease };
    this.events.push({ type: 'ADDED', kv, prevKv: null });
    const res: CreateResult = { succeeded: true, revision: id, kv };
    return { ok: true, value: res };
  }

  private update(key: string, value: Uint8Array, expected: number, lease: number): OpOutcome {
    const prev = this.current(key);
    if (!prev || prev.id !== expected) {
      const res: UpdateResult = {
        succeeded: false,
        revision: this.revision,
        current: prev ? rowToKeyValue(prev) : null,
      };
      return { ok: true, value: res };
    }
    const missing = this.leaseMissing(lease);
    if (missing) return missing;
    const id = ++this.revision;
    const version = prev.version + 1;
    this.st.insert.run(id, key, 0, prev.create_revision, prev.id, version, lease, value);
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev.create_revision,
      modRevision: id,
      version,
      lease,
    };
    this.events.push({ type: 'MODIFIED', kv, prevKv: rowToKeyValue(prev) });
    const res: UpdateResult = { succeeded: true, revision: id, kv };
    return { ok: true, value: res };
  }

  private delete(key: string, expected: number | undefined): OpOutcome {
    const prev = this.current(key);
    if (!prev || (expected !== undefined && prev.id !== expected)) {
      const res: DeleteResult = {
        succeeded: false,
        revision: this.revision,
        current: prev ? rowToKeyValue(prev) : null,
      };
      return { ok: true, value: res };
    }
    const id = this.deleteRow(prev);
    const res: DeleteResult = { succeeded: true, revision: id, prevKv: rowToKeyValue(prev) };
    return { ok: true, value: res };
  }

  private revokeLease(leaseId: number): OpOutcome {
    if (!this.st.leaseExists.get(leaseId)) return { ok: false, error: new LeaseNotFoundError(leaseId) };
    const rows = this.st.leaseKeys.all(leaseId);
    rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const row of rows) this.deleteRow(row);
    this.st.deleteLease.run(leaseId);
    return { ok: true, value: undefined };
  }

  /** Writes the tombstone of a live row; returns its revision. */
  private deleteRow(prev: Row): number {
    const id = ++this.revision;
    this.st.insert.run(id, prev.name, 1, 0, prev.id, 0, 0, EMPTY);
    this.events.push({ type: 'DELETED', kv: tombstone(prev.name, id), prevKv: rowToKeyValue(prev) });
    return id;
  }

  /** The live row of a key, or undefined when it does not exist. */
  private current(key: string): Row | undefined {
    const row = this.st.latest.get(key);
    return row && !row.deleted ? row : undefined;
  }
}

const EMPTY = new Uint8Array(0);
