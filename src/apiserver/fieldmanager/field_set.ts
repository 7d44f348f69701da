/**
 * Field sets as server-side apply tracks them (structured-merge-diff's `fieldpath.Set`): a tree
 * whose edges are path elements — `f:name` (a field), `k:{"name":"c"}` (an item of a keyed list),
 * `v:"x"` (an item of a set), `i:0` (a list index) — and whose nodes may be members themselves.
 * Serialised as `FieldsV1` JSON: a member node is `{}`, or has a `".": {}` entry when it also
 * has children.
 */

/** A node of a field set. */
export class FieldSet {
  /** Whether the path to this node is itself in the set. */
  member = false;
  readonly children = new Map<string, FieldSet>();

  /** The child for `element`, created when missing. */
  child(element: string): FieldSet {
    let c = this.children.get(element);
    if (!c) this.children.set(element, (c = new FieldSet()));
    return c;
  }

  /** Whether the set has no member at all. */
  isEmpty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** A deep copy. */
  clone(): FieldSet {
    const s = new FieldSet();
    s.member = this.member;
    for (const [k, c] of this.children) s.children.set(k, c.clone());
    return s;
  }

  /** Members of this set or `other`. */
  union(other: FieldSet): FieldSet {
    const s = this.clone();
    const add = (into: FieldSet, from: FieldSet) => {
      into.member ||= from.member;
      for (const [k, c] of from.children) add(into.child(k), c);
    };
    add(s, other);
    return s;
  }

  /** Members of this set not in `other`. */
  difference(other: FieldSet): FieldSet {
    const walk = (a: FieldSet, b: FieldSet | undefined): FieldSet => {
      const s = new FieldSet();
      s.member = a.member && !b?.member;
      for (const [k, c] of a.children) {
        const d = walk(c, b?.children.get(k));
        if (!d.isEmpty()) s.children.set(k, d);
      }
      return s;
    };
    return walk(this, other);
  }

  /** Members in both sets. */
  intersection(other: FieldSet): FieldSet {
    const walk = (a: FieldSet, b: FieldSet): FieldSet => {
      const s = new FieldSet();
      s.member = a.member && b.member;
      for (const [k, c] of a.children) {
        const o = b.children.get(k);
        if (!o) continue;
        const i = walk(c, o);
        if (!i.isEmpty()) s.children.set(k, i);
      }
      return s;
    };
    return walk(this, other);
  }

  /** Every member path, as lists of path elements, in tree order. */
  members(): string[][] {
    const out: string[][] = [];
    const walk = (n: FieldSet, path: string[]) => {
      if (n.member) out.push(path);
      for (const [k, c] of n.children) walk(c, [...path, k]);
    };
    walk(this, []);
    return out;
  }

  /** The node at `path` (undefined when absent). */
  at(path: readonly string[]): FieldSet | undefined {
    let n: FieldSet | undefined = path.length ? this.children.get(path[0]!) : undefined;
    if (!path.length) return this as FieldSet;
    for (const e of path.slice(1)) {
      n = n?.children.get(e);
      if (!n) return undefined;
    }
    return n;
  }

  /** The set as `FieldsV1` JSON. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const [k, c] of [...this.children].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!c.isEmpty()) out[k] = c.toJSON();
    }
    return out;
  }

  /** The set of a `FieldsV1` JSON value; throws on a malformed one. */
  static fromJSON(json: unknown, root = true): FieldSet {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new Error('FieldsV1 must be an object');
    const s = new FieldSet();
    const entries = Object.entries(json as Record<string, unknown>);
    if (!root && entries.length === 0) s.member = true;
    for (const [k, v] of entries) {
      if (k === '.') {
        s.member = true;
        continue;
      }
      if (!/^[fkvi]:/.test(k)) throw new Error(`invalid path element ${JSON.stringify(k)}`);
      s.children.set(k, FieldSet.fromJSON(v, false));
    }
    return s;
  }
}

/** A path as upstream prints it in conflicts: `.spec.containers[name="c"].image`. */
export function pathString(path: readonly string[]): string {
  let out = '';
  for (const e of path) {
    const body = e.slice(2);
    if (e.startsWith('f:')) out += `.${body}`;
    else if (e.startsWith('i:')) out += `[${body}]`;
    else if (e.startsWith('v:')) out += `[=${body}]`;
    else {
      const keys = JSON.parse(body) as Record<string, unknown>;
      out += `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    }
  }
  return out;
}
