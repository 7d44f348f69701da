/**
 * Field selectors (`?fieldSelector=`), as upstream's `k8s.io/apimachinery/pkg/fields`: a
 * comma-separated AND of `field=value`, `field==value` and `field!=value` terms. In values, `\,`,
 * `\=` and `\\` stand for `,`, `=` and `\`; field names take no escapes. A missing field reads as
 * the empty string when matching.
 */
import { goStringCompare } from './go_strings.js';

/** One term. `==` is stored as `=`, as upstream's `selection.Equals`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** A field selector string that could not be parsed; the message is upstream's. */
export class FieldSelectorParseError extends Error {
  override name = 'FieldSelectorParseError';
}

/** The message the API server answers (400) for a field the resource does not support. */
export function fieldLabelNotSupportedMessage(field: string): string {
  return `field label not supported: ${field}`;
}

/** `fields.EscapeValue`: escapes `\`, `,` and `=` so that any value can be written in a selector. */
export function escapeFieldSelectorValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * `fields.UnescapeValue`: undoes `escapeFieldSelectorValue`. Throws `FieldSelectorParseError` for an
 * unknown escape (`invalid field selector: invalid escape sequence: \x`) or a bare `,`/`=`
 * (`invalid field selector: unescaped character in value: 61` — upstream prints the code point).
 */
export function unescapeFieldSelectorValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new FieldSelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new FieldSelectorParseError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped, keeping escapes in the terms. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/** The first operator in the term splits it; the field part has no escaping. */
function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** An immutable field selector; no requirements means it selects everything. */
export class FieldSelector {
  private static readonly EVERYTHING = new FieldSelector([]);

  private constructor(
    /** The terms, in upstream's order (sorted by their text as written). */
    readonly requirements: readonly FieldRequirement[],
  ) {}

  /** The selector without terms. */
  static everything(): FieldSelector {
    return FieldSelector.EVERYTHING;
  }

  /**
   * Parses the string form; the empty string (or only commas) is `everything()`. Throws `FieldSelectorParseError`
   * with upstream's message, e.g. `invalid selector: 'a'; can't understand 'a'`.
   */
  static parse(selector: string): FieldSelector {
    const parts = splitTerms(selector).sort(goStringCompare);
    const reqs: FieldRequirement[] = [];
    for (const part of parts) {
      if (part === '') continue;
      const split = splitTerm(part);
      if (!split)
        throw new FieldSelectorParseError(`invalid selector: '${selector}'; can't understand '${part}'`);
      const [field, op, rhs] = split;
      reqs.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldSelectorValue(rhs) });
    }
    return reqs.length ? new FieldSelector(reqs) : FieldSelector.EVERYTHING;
  }

  /** `fields.SelectorFromSet`: `field=value` for each entry. */
  static fromSet(set: Readonly<Record<string, string>> | undefined): FieldSelector {
    const reqs = Object.entries(set ?? {}).map(([field, value]) => ({
      field,
      operator: '=' as const,
      value,
    }));
    return reqs.length ? new FieldSelector(reqs) : FieldSelector.EVERYTHING;
  }

  /** True when there are no terms. */
  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  /** True when every term holds; `get` returns a field's value, undefined (read as the empty string) when absent. */
  matches(get: (field: string) => string | undefined): boolean {
    return this.requirements.every((r) => ((get(r.field) ?? '') === r.value) === (r.operator === '='));
  }

  /** The value an `=` term demands for `field`, or undefined (the first such term wins). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /**
   * Rewrites each term's field and value (upstream's `Transform`, used to convert field labels per
   * kind; `fn` throws to reject a field). A term mapped to an empty field and value is dropped.
   */
  transform(fn: (field: string, value: string) => [string, string]): FieldSelector {
    const reqs: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const [field, value] = fn(r.field, r.value);
      if (field !== '' || value !== '') reqs.push({ field, operator: r.operator, value });
    }
    return reqs.length ? new FieldSelector(reqs) : FieldSelector.EVERYTHING;
  }

  /** Canonical form: `field=value` / `field!=value` terms (values escaped) joined by `,`. */
  toString(): string {
    return this.requirements
      .map((r) => `${r.field}${r.operator}${escapeFieldSelectorValue(r.value)}`)
      .join(',');
  }
}

/** `fields.ParseSelector`: the same as `FieldSelector.parse`. */
export function parseFieldSelector(selector: string): FieldSelector {
  return FieldSelector.parse(selector);
}
