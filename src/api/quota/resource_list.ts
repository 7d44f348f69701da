/**
 * Resource lists (`corev1.ResourceList`: resource name → quantity) and the arithmetic quota
 * needs on them, as upstream's `k8s.io/apiserver/pkg/quota/v1` helpers: add, subtract,
 * mask, compare, print.
 */
import { isPlainObject } from '../object.js';
import { Quantity, QuantityParseError } from '../quantity.js';

/** A resource list: resource name → quantity. */
export type ResourceList = Map<string, Quantity>;

/** A quantity from decoded JSON, or undefined when it does not parse. */
export function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return Quantity.fromJSON(v);
  } catch (e) {
    if (e instanceof QuantityParseError || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The resource list in a JSON map (`{cpu: "1", memory: "1Gi"}`); unparsable values are left out. */
export function resourceListOf(v: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (!isPlainObject(v)) return out;
  for (const [k, raw] of Object.entries(v)) {
    const q = quantityOf(raw);
    if (q) out.set(k, q);
  }
  return out;
}

/** The JSON map of a resource list, keys in Go's order. */
export function resourceListJSON(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortedNames(list)) out[k] = list.get(k)!.toString();
  return out;
}

/** Names in Go's byte order. */
export function sortedNames(list: ResourceList | Iterable<string>): string[] {
  const names = list instanceof Map ? [...list.keys()] : [...list];
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** `quota.Add`: the sum of both lists (names in either). */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map(a);
  for (const [k, q] of b) {
    const prev = out.get(k);
    out.set(k, prev ? prev.add(q) : q);
  }
  return out;
}

/** Adds `b` into `a` in place. */
export function addInto(a: ResourceList, b: ResourceList): void {
  for (const [k, q] of b) {
    const prev = a.get(k);
    a.set(k, prev ? prev.add(q) : q);
  }
}

/** `maxResourceList`: `a[k] = max(a[k], b[k])` in place. */
export function maxInto(a: ResourceList, b: ResourceList): void {
  for (const [k, q] of b) {
    const prev = a.get(k);
    if (!prev || q.cmp(prev) > 0) a.set(k, q);
  }
}

/** `quota.SubtractWithNonNegativeResult`: `a - b` per name of `a`, never below zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, q] of a) {
    const other = b.get(k);
    const diff = other ? q.sub(other) : q;
    out.set(k, diff.sign() < 0 ? Quantity.zero(q.format) : diff);
  }
  return out;
}

/** `quota.Mask`: only the named entries. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = new Map();
  for (const n of names) {
    const q = list.get(n);
    if (q) out.set(n, q);
  }
  return out;
}

/** `quota.RemoveZeros`: the entries that are not zero. */
export function removeZeros(list: ResourceList): ResourceList {
  return new Map([...list].filter(([, q]) => !q.isZero()));
}

/** `quota.IsNegative`: the names whose quantity is below zero. */
export function negativeNames(list: ResourceList): string[] {
  return [...list].filter(([, q]) => q.sign() < 0).map(([k]) => k);
}

/**
 * `quota.LessThanOrEqual`: whether every entry of `a` that `b` also names is at most `b`'s, and
 * the names that are not.
 */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, q] of a) {
    const limit = b.get(k);
    if (limit && q.cmp(limit) > 0) exceeded.push(k);
  }
  return { allowed: exceeded.length === 0, exceeded };
}

/** Upstream's `prettyPrint`: `name=value` pairs sorted by name, joined by commas. */
export function prettyPrint(list: ResourceList): string {
  return sortedNames(list)
    .map((k) => `${k}=${list.get(k)!.toString()}`)
    .join(',');
}

/** Upstream's `prettyPrintResourceNames`: names sorted, joined by commas. */
export function prettyPrintNames(names: Iterable<string>): string {
  return sortedNames(names).join(',');
}

/** True when both lists hold the same names with equal quantities. */
export function listsEqual(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [k, q] of a) {
    const other = b.get(k);
    if (!other || !other.equals(q)) return false;
  }
  return true;
}
