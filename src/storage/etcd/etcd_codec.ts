import type { KeyValue, WatchEvent } from '../store.js';
import type { EventMessage, KeyValueMessage } from './etcd_messages.js';

const EMPTY = new Uint8Array(0);

/** A key or prefix as etcd sees it: its UTF-8 bytes. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}

/**
 * etcd's range end for a prefix: the smallest byte string greater than every key that starts
 * with `prefix`, computed on the UTF-8 bytes (as etcd's clientv3.GetPrefixRangeEnd). A prefix of
 * only 0xff bytes has no end; etcd spells "to the end of the keyspace" as a single zero byte.
 */
export function prefixRangeEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    const byte = end[i] ?? 0xff;
    if (byte < 0xff) {
      end[i] = byte + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** A byte buffer as a plain `Uint8Array` over the same memory (no copy). */
export function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The store's `KeyValue` for a decoded mvccpb.KeyValue. */
export function toKeyValue(kv: KeyValueMessage): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: asUint8Array(kv.value),
    createRevision: kv.create_revision,
    modRevision: kv.mod_revision,
    version: kv.version,
    lease: kv.lease,
  };
}

/**
 * The store's `WatchEvent` for a decoded mvccpb.Event: a PUT whose create and mod revisions are
 * equal created the key (ADDED), any other PUT is MODIFIED; a DELETE carries a tombstone (the key,
 * an empty value, the deletion's revision, create revision and version 0) and the deleted version.
 */
export function toWatchEvent(event: EventMessage): WatchEvent {
  const kv = event.kv;
  if (!kv) throw new Error('etcd sent a watch event without a key-value');
  const prevKv = event.prev_kv ? toKeyValue(event.prev_kv) : null;
  if (event.type === 'DELETE') {
    const tombstone: KeyValue = {
      key: kv.key.toString('utf8'),
      value: EMPTY,
      createRevision: 0,
      modRevision: kv.mod_revision,
      version: 0,
      lease: 0,
    };
    return { type: 'DELETED', kv: tombstone, prevKv };
  }
  if (kv.create_revision === kv.mod_revision) return { type: 'ADDED', kv: toKeyValue(kv), prevKv: null };
  return { type: 'MODIFIED', kv: toKeyValue(kv), prevKv };
}
