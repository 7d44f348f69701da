import { InvalidKeyError, ValueTooLargeError } from './errors.js';

/** The key prefix under which the API server keeps every object, as upstream. */
export const DEFAULT_KEY_PREFIX = '/registry/';

/** Largest value a store accepts by default: 1.5 MiB, etcd's default request limit. */
export const DEFAULT_MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** Longest key accepted, in bytes. */
export const MAX_KEY_BYTES = 4096;

/** Checks that `key` names one key under `prefix`; throws `InvalidKeyError` otherwise. */
export function checkKey(key: string, prefix: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(String(key), 'empty key');
  if (!key.startsWith(prefix)) throw new InvalidKeyError(key, `outside the store prefix ${prefix}`);
  if (key.length === prefix.length) throw new InvalidKeyError(key, 'names the prefix itself, not a key');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new InvalidKeyError(key, `longer than ${MAX_KEY_BYTES} bytes`);
  if (key.includes('\0')) throw new InvalidKeyError(key, 'contains a NUL character');
}

/** Checks that `prefix` is usable for list, count and watch: within the store prefix. */
export function checkPrefix(prefix: string, storePrefix: string): void {
  if (typeof prefix !== 'string' || prefix.length === 0)
    throw new InvalidKeyError(String(prefix), 'empty prefix');
  if (!prefix.startsWith(storePrefix))
    throw new InvalidKeyError(prefix, `outside the store prefix ${storePrefix}`);
  if (prefix.includes('\0')) throw new InvalidKeyError(prefix, 'contains a NUL character');
}

/** Checks a value's size against `limit`; throws `ValueTooLargeError` when it is larger. */
export function checkValue(value: Uint8Array, limit: number): void {
  if (!(value instanceof Uint8Array)) throw new TypeError('value must be a Uint8Array');
  if (value.byteLength > limit) throw new ValueTooLargeError(value.byteLength, limit);
}

/**
 * The smallest string greater than every string that starts with `prefix` (etcd's range end for
 * a prefix): the prefix with its last code unit incremented.
 */
export function prefixEnd(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
