/**
 * Safe readers of decoded JSON. Objects reach the strategies and printers as plain JSON that a
 * client wrote, so a field may be absent or of the wrong type; these readers turn anything
 * unexpected into the Go zero value, as a typed decode upstream would.
 */
import { isPlainObject } from './object.js';

/** A JSON object, or a fresh empty one. */
export function rec(v: unknown): Record<string, unknown> {
  return isPlainObject(v) ? v : {};
}

/** A JSON object field of `parent`, created (as `{}`) when absent or not an object. */
export function ensureRec(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = parent[key];
  if (isPlainObject(cur)) return cur;
  const fresh: Record<string, unknown> = {};
  parent[key] = fresh;
  return fresh;
}

/** The elements of a JSON array that are objects; `[]` for anything else. */
export function recs(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

/** A JSON array, or `[]`. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string, or `''`. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A number, or 0. */
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** A string array (non-strings dropped), or `[]`. */
export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A string map (non-string values dropped), or `{}`. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** True when a field holds a value (not absent or null). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** The object's `spec` as a record (created when absent). */
export function specOf(obj: { spec?: unknown }): Record<string, unknown> {
  if (!isPlainObject(obj.spec)) obj.spec = {};
  return obj.spec as Record<string, unknown>;
}

/** The object's `status` as a record, without creating it. */
export function statusOf(obj: { status?: unknown }): Record<string, unknown> {
  return rec(obj.status);
}

/** Sets `obj[key] = value` when the field is absent (or null). */
export function setDefault(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** Keys of an object in Go's byte order (upstream iterates sorted maps in its messages). */
export function sortedKeys(v: Record<string, unknown>): string[] {
  return Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
