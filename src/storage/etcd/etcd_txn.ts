import type { KeyValue } from '../store.js';
import { toKeyValue } from './etcd_codec.js';
import type {
  Compare,
  KeyValueMessage,
  ResponseHeaderMessage,
  TxnRequest,
  TxnResponse,
} from './etcd_messages.js';

/**
 * The compare-and-swap transactions behind create, update and delete, as kube-apiserver writes
 * them: compare the key's revision, write on success, read the key on failure so the caller gets
 * the current version without another round trip.
 */

/** The key exists (version > 0). */
function exists(key: Buffer): Compare {
  return { target: 'VERSION', result: 'GREATER', key, version: 0 };
}

/** The key exists and was last written at `modRevision`. */
function existsAt(key: Buffer, modRevision: number): Compare[] {
  return [{ target: 'MOD', result: 'EQUAL', key, mod_revision: modRevision }, exists(key)];
}

/** Put `value` at `key` if its mod revision is 0 (the key is absent); else read the key. */
export function createTxn(key: Buffer, value: Buffer, lease: number): TxnRequest {
  return {
    compare: [{ target: 'MOD', result: 'EQUAL', key, mod_revision: 0 }],
    success: [{ request_put: { key, value, lease } }],
    failure: [{ request_range: { key } }],
  };
}

/**
 * Put `value` at `key` if the key exists with mod revision `expectedModRevision` (returning the
 * previous version, for the new one's create revision and version); else read the key.
 */
export function updateTxn(
  key: Buffer,
  value: Buffer,
  expectedModRevision: number,
  lease: number,
): TxnRequest {
  return {
    compare: existsAt(key, expectedModRevision),
    success: [{ request_put: { key, value, lease, prev_kv: true } }],
    failure: [{ request_range: { key } }],
  };
}

/**
 * Delete `key`, returning the deleted version, if it exists (with mod revision
 * `expectedModRevision` when given); else read the key (absent when unguarded).
 */
export function deleteTxn(key: Buffer, expectedModRevision?: number): TxnRequest {
  const guarded = expectedModRevision !== undefined;
  return {
    compare: guarded ? existsAt(key, expectedModRevision) : [exists(key)],
    success: [{ request_delete_range: { key, prev_kv: true } }],
    failure: guarded ? [{ request_range: { key } }] : [],
  };
}

/** The revision in a response header (etcd always sends one). */
export function headerRevision(header: ResponseHeaderMessage | null): number {
  return header?.revision ?? 0;
}

/** The key read by a failed transaction, or null when it is absent. */
export function currentKv(response: TxnResponse): KeyValue | null {
  const kv = response.responses[0]?.response_range?.kvs[0];
  return kv ? toKeyValue(kv) : null;
}

/** The version an update's put replaced. */
export function replacedKv(response: TxnResponse): KeyValueMessage | null {
  return response.responses[0]?.response_put?.prev_kv ?? null;
}

/** The version a delete removed. */
export function deletedKv(response: TxnResponse): KeyValueMessage | null {
  return response.responses[0]?.response_delete_range?.prev_kvs[0] ?? null;
}
