/**
 * The JSONPath subset of upstream's `k8s.io/client-go/util/jsonpath` that printer columns and
 * scale paths use: `.field`, `['field']`, `[n]` (negative from the end), `[*]`, `.*`,
 * `[start:end]`, `..field` (recursive descent) and filters `[?(@.a.b=="x")]` with `==`, `!=`,
 * `<`, `<=`, `>`, `>=` or a bare `@.a` (present). Missing keys give no result, as with
 * `AllowMissingKeys(true)`.
 */
import { isPlainObject } from '../../api/object.js';

/** One step of a parsed path. */
export type JsonPathStep =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'recursive'; name: string }
  | { kind: 'filter'; path: JsonPathStep[]; op?: string; literal?: unknown };

/** A path that does not parse. */
export class JsonPathError extends Error {}

const IDENT = /^[A-Za-z0-9_$\-/]+/;

/** Parses a path such as `.status.conditions[?(@.type=="Ready")].status` (braces optional). */
export function parseJsonPath(text: string): JsonPathStep[] {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  if (s.startsWith('$')) s = s.slice(1);
  const steps: JsonPathStep[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      const m = IDENT.exec(s.slice(i + 2));
      if (!m) throw new JsonPathError(`invalid recursive descent at ${i} in ${text}`);
      steps.push({ kind: 'recursive', name: m[0] });
      i += 2 + m[0].length;
    } else if (s[i] === '.') {
      if (s[i + 1] === '*') {
        steps.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      const m = IDENT.exec(s.slice(i + 1));
      if (!m) {
        if (i + 1 === s.length && steps.length === 0) break;
        throw new JsonPathError(`unrecognized identifier at ${i + 1} in ${text}`);
      }
      steps.push({ kind: 'field', name: m[0] });
      i += 1 + m[0].length;
    } else if (s[i] === '[') {
      const close = matchingBracket(s, i);
      if (close < 0) throw new JsonPathError(`unterminated array in ${text}`);
      steps.push(parseBracket(s.slice(i + 1, close).trim(), text));
      i = close + 1;
    } else {
      throw new JsonPathError(`unrecognized character ${JSON.stringify(s[i])} at ${i} in ${text}`);
    }
  }
  return steps;
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(inner: string, text: string): JsonPathStep {
  if (inner === '*') return { kind: 'wildcard' };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[2]! };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
  if (slice) {
    return {
      kind: 'slice',
      ...(slice[1] ? { start: Number(slice[1]) } : {}),
      ...(slice[2] ? { end: Number(slice[2]) } : {}),
    };
  }
  const filter = /^\?\((.*)\)$/.exec(inner);
  if (filter) return parseFilter(filter[1]!.trim(), text);
  throw new JsonPathError(`invalid array index ${JSON.stringify(inner)} in ${text}`);
}

function parseFilter(expr: string, text: string): JsonPathStep {
  const m = /^@((?:\.[A-Za-z0-9_$\-/]+|\[[^\]]*\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$/.exec(expr);
  if (!m) throw new JsonPathError(`invalid filter ${JSON.stringify(expr)} in ${text}`);
  const path = m[1] ? parseJsonPath(m[1]) : [];
  if (!m[2]) return { kind: 'filter', path };
  return { kind: 'filter', path, op: m[2], literal: parseLiteral(m[3]!.trim(), text) };
}

function parseLiteral(s: string, text: string): unknown {
  const quoted = /^(['"])(.*)\1$/.exec(s);
  if (quoted) return quoted[2];
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'nil' || s === 'null') return null;
  const n = Number(s);
  if (s !== '' && Number.isFinite(n)) return n;
  throw new JsonPathError(`invalid literal ${JSON.stringify(s)} in ${text}`);
}

/** Evaluates parsed steps against `root`; every match, in document order. */
export function evaluateJsonPath(steps: readonly JsonPathStep[], root: unknown): unknown[] {
  let cur: unknown[] = [root];
  for (const step of steps) cur = cur.flatMap((v) => applyStep(step, v));
  return cur;
}

function applyStep(step: JsonPathStep, v: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isPlainObject(v) && v[step.name] !== undefined ? [v[step.name]] : [];
    case 'wildcard':
      if (Array.isArray(v)) return v;
      return isPlainObject(v)
        ? Object.keys(v)
            .sort()
            .map((k) => v[k])
        : [];
    case 'index': {
      if (!Array.isArray(v)) return [];
      const i = step.index < 0 ? v.length + step.index : step.index;
      return i >= 0 && i < v.length ? [v[i]] : [];
    }
    case 'slice': {
      if (!Array.isArray(v)) return [];
      return v.slice(step.start ?? 0, step.end ?? v.length);
    }
    case 'recursive':
      return descend(v, step.name);
    case 'filter': {
      const items = Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : [];
      return items.filter((item) => filterMatches(step, item));
    }
  }
}

function descend(v: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  if (isPlainObject(v)) {
    if (v[name] !== undefined) out.push(v[name]);
    for (const k of Object.keys(v).sort()) out.push(...descend(v[k], name));
  } else if (Array.isArray(v)) {
    for (const item of v) out.push(...descend(item, name));
  }
  return out;
}

function filterMatches(step: Extract<JsonPathStep, { kind: 'filter' }>, item: unknown): boolean {
  const found = evaluateJsonPath(step.path, item);
  if (!step.op) return found.length > 0;
  if (found.length === 0) return false;
  const left = found[0];
  const right = step.literal;
  switch (step.op) {
    case '==':
      return left === right || (typeof left === 'number' && String(left) === String(right));
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== 'number' || typeof right !== 'number') return false;
      if (step.op === '<') return left < right;
      if (step.op === '<=') return left <= right;
      if (step.op === '>') return left > right;
      return left >= right;
    }
  }
}
