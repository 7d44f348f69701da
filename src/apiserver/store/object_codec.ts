import type { KubeObject } from '../../api/object.js';

/**
 * How objects are kept in storage: JSON without `metadata.resourceVersion` (the storage
 * revision is the resourceVersion, set again when the object is read), as upstream does.
 */
export function encodeObject(obj: KubeObject): Buffer {
  const { resourceVersion: _rv, selfLink: _sl, ...metadata } = obj.metadata;
  return Buffer.from(JSON.stringify({ ...obj, metadata }));
}

/** The object stored in `value` (bytes or JSON text), with its resourceVersion set to `revision`. */
export function decodeObject(value: Uint8Array | string, revision: number): KubeObject {
  const text =
    typeof value === 'string'
      ? value
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString();
  const obj = JSON.parse(text) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
